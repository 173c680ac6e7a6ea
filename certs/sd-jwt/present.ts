/**
 * Holder side: list the Disclosures of an issued SD-JWT VC with their claim paths, and derive a
 * presentation that keeps only the Disclosures a policy accepts (a Disclosure nested inside a dropped
 * one is dropped with it), bound to the receiving node by a key-binding JWT.
 */
import type { KeyObject } from 'node:crypto';
import { decodeDisclosure } from './disclosure';
import { parseCompact } from './jws';
import { createKeyBindingJwt, holderKeyOf, sameKeyPair } from './key-binding';
import { fail } from './lib/error';
import { JsonObject } from './lib/json';
import { reveal, Revealed } from './reveal';
import { DEFAULT_LIMITS, joinSdJwt, SdJwtParts, splitSdJwt } from './serialization';

export interface DisclosureView {
  digest: string;
  encoded: string;
  /** Location of the claim in the fully disclosed credential. */
  path: (string | number)[];
  name?: string;
  value: unknown;
}

interface Opened {
  parts: SdJwtParts;
  payload: JsonObject;
  revealed: Revealed;
}

function open(sdJwt: string): Opened {
  const parts = splitSdJwt(sdJwt, DEFAULT_LIMITS);
  const jws = parseCompact(parts.jwt, '/jwt');
  const decoded = parts.disclosures.map((d, i) => decodeDisclosure(d, i));
  return { parts, payload: jws.payload, revealed: reveal(jws.payload, decoded, DEFAULT_LIMITS) };
}

/** Every Disclosure of the token, parents before the Disclosures nested in them. No signature check. */
export function listDisclosures(sdJwt: string): DisclosureView[] {
  return open(sdJwt).revealed.disclosures.map((d) => ({
    digest: d.digest,
    encoded: d.encoded,
    path: d.path,
    ...(d.name === undefined ? {} : { name: d.name }),
    value: d.value,
  }));
}

export interface PresentOptions {
  keep: (d: DisclosureView) => boolean;
  keyBinding?: {
    privateKey: KeyObject;
    alg?: 'PS256' | 'RS256';
    audience: string;
    nonce: string;
    now?: Date;
  };
}

export function presentSdJwtVc(sdJwt: string, opts: PresentOptions): string {
  const { parts, payload, revealed } = open(sdJwt);
  if (parts.kbJwt !== undefined) {
    fail(
      'KH_SDJWT_INVALID_INPUT',
      'the token already carries a key-binding JWT; present from the issued SD-JWT',
    );
  }
  const kept = new Set<string>();
  for (const d of revealed.disclosures) {
    const parentKept = d.parent === undefined || kept.has(d.parent);
    const view: DisclosureView = {
      digest: d.digest,
      encoded: d.encoded,
      path: [...d.path],
      ...(d.name === undefined ? {} : { name: d.name }),
      value: d.value,
    };
    if (parentKept && opts.keep(view)) kept.add(d.digest);
  }
  const disclosures = revealed.disclosures.filter((d) => kept.has(d.digest)).map((d) => d.encoded);
  const unsigned = joinSdJwt(parts.jwt, disclosures);
  if (opts.keyBinding === undefined) return unsigned;
  const holderKey = holderKeyOf(payload);
  if (holderKey === undefined)
    fail('KH_SDJWT_KB_MISSING', 'the credential has no cnf key to bind to', '/cnf');
  if (!sameKeyPair(holderKey, opts.keyBinding.privateKey)) {
    fail(
      'KH_SDJWT_KB_KEY_MISMATCH',
      'the key-binding key is not the cnf key of the credential',
      'keyBinding.privateKey',
    );
  }
  const { privateKey, alg, audience, nonce, now } = opts.keyBinding;
  return `${unsigned}${createKeyBindingJwt(unsigned, {
    privateKey,
    audience,
    nonce,
    ...(alg === undefined ? {} : { alg }),
    ...(now === undefined ? {} : { now }),
  })}`;
}
