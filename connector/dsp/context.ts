/** DSP 2025-1 constants: the context every message carries, and the namespaces it defines. */
export const DSP_CONTEXT_URL = 'https://w3id.org/dspace/2025/1/context.jsonld';
export const DSP_ODRL_PROFILE_URL = 'https://w3id.org/dspace/2025/1/odrl-profile.jsonld';
export const DSP_NAMESPACE = 'https://w3id.org/dspace/2025/1/';

/** The `@context` array of every DSP message this node sends (as in the spec's examples). */
export function dspContext(): [typeof DSP_CONTEXT_URL] {
  return [DSP_CONTEXT_URL];
}

/** The context URLs held offline under `schemas/dsp/context/` (relative file paths). */
export const DSP_CONTEXT_FILES: Readonly<Record<string, string>> = {
  [DSP_CONTEXT_URL]: 'context/dspace.jsonld',
  [DSP_ODRL_PROFILE_URL]: 'context/odrl.jsonld',
};
