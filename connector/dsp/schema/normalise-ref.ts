/**
 * Upstream DSP 2025-1 defect (eclipse-dataspace-protocol-base/DataspaceProtocol#265): three transfer schemas
 * (`transfer-error`, `transfer-suspension-message`, `transfer-termination-message`) reference
 * `…/transfer-schema.json#definitions/AbstractTransferCodeMessage`. The fragment lacks the `/` after `#`, so
 * it is not a JSON Pointer and strict resolvers (Ajv) refuse it. The files stay byte-identical to the
 * specification; this pure function rewrites such fragments in the *loaded* object to `#/definitions/…`,
 * which is what the authors meant. It returns a new object and never mutates its input.
 */
export function normaliseDefinitionRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((item) => normaliseDefinitionRefs(item));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') out[key] = fixFragment(value);
    else out[key] = normaliseDefinitionRefs(value);
  }
  return out;
}

function fixFragment(ref: string): string {
  const hash = ref.indexOf('#');
  if (hash < 0) return ref;
  const fragment = ref.slice(hash + 1);
  if (fragment.startsWith('definitions/') || fragment.startsWith('$defs/')) {
    return `${ref.slice(0, hash)}#/${fragment}`;
  }
  return ref;
}
