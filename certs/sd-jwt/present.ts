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
import { reveal, RevealedDisclosure } from './reveal';
import { DEFAULT_LIMITS, joinSdJwt, splitSdJwt } from './serialization';

export interface DisclosureView {
  digest: string;
  encoded: string;
  /** Location of the claim in the fully disclosed credential. */
  path: (string | number)[];
  name?: string;
  value: unknown;
}

/** A Disclosure of an opened token: the view a policy sees, plus what the presentation step needs. */
export interface OpenedDisclosure extends DisclosureView {
  /** Digest of the Disclosure whose value references this one, if any. */
  readonly parent?: string;
  /** The Disclosure as decoded: its JSON text, salt, and value with nested digests in place. */
  readonly decoded: { readonly json: string; readonly salt: string; readonly value: unknown };
}

/**
 * An issued SD-JWT VC decoded once (no signature check): the Issuer-signed JWT, its payload and every
 * Disclosure with its claim path. Hand it to `listDisclosures` and `presentSdJwtVc` instead of the token
 * to decode the token only once.
 */
export interface OpenedSdJwt {
  readonly jwt: string;
  readonly header: JsonObject;
  readonly payload: JsonObject;
  /** Parents before the Disclosures nested in them. */
  readonly disclosures: readonly OpenedDisclosure[];
  readonly kbJwt?: string;
}

/** Decode an SD-JWT once: split, parse the JWS (no signature check), decode and place every Disclosure. */
export function openSdJwt(sdJwt: string): OpenedSdJwt {
  const parts = splitSdJwt(sdJwt, DEFAULT_LIMITS);
  const jws = parseCompact(parts.jwt, '/jwt', true);
  const decoded = parts.disclosures.map((d, i) => decodeDisclosure(d, i, true));
  const revealed = reveal(jws.payload, decoded, DEFAULT_LIMITS);
  return openedFrom(parts.jwt, jws.header, jws.payload, revealed.disclosures, parts.kbJwt);
}

/** The `OpenedSdJwt` of a token already split, parsed and revealed (by `openSdJwt` or the verifier). */
export function openedFrom(
  jwt: string,
  header: JsonObject,
  payload: JsonObject,
  disclosures: readonly RevealedDisclosure[],
  kbJwt: string | undefined,
): OpenedSdJwt {
  return {
    jwt,
    header,
    payload,
    // A RevealedDisclosure has exactly the members of an OpenedDisclosure (optional ones only when set).
    disclosures,
    ...(kbJwt === undefined ? {} : { kbJwt }),
  };
}

const opened = (sdJwt: string | OpenedSdJwt): OpenedSdJwt =>
  typeof sdJwt === 'string' ? openSdJwt(sdJwt) : sdJwt;

/** Every Disclosure of the token, parents before the Disclosures nested in them. No signature check. */
export function listDisclosures(sdJwt: string | OpenedSdJwt): DisclosureView[] {
  return opened(sdJwt).disclosures.map((d) => ({
    digest: d.digest,
    encoded: d.encoded,
    path: [...d.path],
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

/** A derived presentation and the Disclosures it carries (in token order). */
export interface DerivedPresentation {
  readonly presentation: string;
  /** The Issuer-signed JWT and the kept Disclosures, exactly as in `presentation`. */
  readonly jwt: string;
  readonly kept: readonly OpenedDisclosure[];
  /** The key-binding JWT appended, when one was asked for. */
  readonly kbJwt?: string;
}

export function presentSdJwtVc(sdJwt: string | OpenedSdJwt, opts: PresentOptions): string {
  return derivePresentation(sdJwt, opts).presentation;
}

/** As `presentSdJwtVc`, also returning the kept Disclosures (already decoded) for the caller's checks. */
export function derivePresentation(sdJwt: string | OpenedSdJwt, opts: PresentOptions): DerivedPresentation {
  const token = opened(sdJwt);
  if (token.kbJwt !== undefined) {
    fail(
      'KH_SDJWT_INVALID_INPUT',
      'the token already carries a key-binding JWT; present from the issued SD-JWT',
    );
  }
  const keptDigests = new Set<string>();
  const kept: OpenedDisclosure[] = [];
  for (const d of token.disclosures) {
    const parentKept = d.parent === undefined || keptDigests.has(d.parent);
    const view: DisclosureView = {
      digest: d.digest,
      encoded: d.encoded,
      path: [...d.path],
      ...(d.name === undefined ? {} : { name: d.name }),
      value: d.value,
    };
    if (parentKept && opts.keep(view)) {
      keptDigests.add(d.digest);
      kept.push(d);
    }
  }
  const unsigned = joinSdJwt(
    token.jwt,
    kept.map((d) => d.encoded),
  );
  if (opts.keyBinding === undefined) return { presentation: unsigned, jwt: token.jwt, kept };
  const holderKey = holderKeyOf(token.payload);
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
  const kbJwt = createKeyBindingJwt(unsigned, {
    privateKey,
    audience,
    nonce,
    ...(alg === undefined ? {} : { alg }),
    ...(now === undefined ? {} : { now }),
  });
  return { presentation: `${unsigned}${kbJwt}`, jwt: token.jwt, kept, kbJwt };
}
