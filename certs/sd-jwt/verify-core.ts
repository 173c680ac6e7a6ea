/**
 * SD-JWT verification independent of how the issuer key is found (RFC 9901 §7.1 and §7.3): size limits,
 * JWS algorithm allow-list, `typ`, issuer signature, Disclosure processing, `exp`/`nbf`, key binding.
 * `verify.ts` plugs in the X.509 chain; tests plug in the published example keys.
 */
import type { KeyObject } from 'node:crypto';
import { decodeDisclosure } from './disclosure';
import { parseCompact, verifyParsed } from './jws';
import { holderKeyOf, VerifiedKeyBinding, verifyKeyBindingJwt } from './key-binding';
import { fail } from './lib/error';
import { JsonObject } from './lib/json';
import { sha256b64url } from './lib/sha256';
import { openedFrom, OpenedSdJwt } from './present';
import { reveal, RevealedDisclosure } from './reveal';
import { DEFAULT_LIMITS, splitSdJwt } from './serialization';

export const DEFAULT_FRESHNESS_SECONDS = 300;
export const CLOCK_SKEW_SECONDS = 60;

export interface VerifySdJwtCoreOptions {
  /** Find (and vouch for) the issuer key from the protected header; throws when untrusted. */
  resolveIssuerKey: (header: JsonObject) => KeyObject;
  /** Accepted `typ` values of the Issuer-signed JWT; any when absent. */
  acceptedTyp?: ReadonlyArray<string>;
  audience?: string;
  nonce?: string;
  requireKeyBinding?: boolean;
  now?: Date;
  maxBytes?: number;
  maxDisclosures?: number;
  maxDepth?: number;
  freshnessSeconds?: number;
}

export interface VerifiedSdJwt {
  header: JsonObject;
  /** The processed payload: clear claims plus every disclosed claim (`_sd`, `...`, `_sd_alg` removed). */
  claims: JsonObject;
  undisclosedDigests: string[];
  disclosures: RevealedDisclosure[];
  /** The token as `openSdJwt` would return it, from the decoding done here (nothing is decoded twice). */
  opened: OpenedSdJwt;
  keyBinding?: VerifiedKeyBinding;
  /** Replay-cache entry for the key-binding JWT (its digest) and until when to keep it. */
  replay?: { key: string; expiresAt: number };
}

export function verifySdJwtCore(token: string, opts: VerifySdJwtCoreOptions): VerifiedSdJwt {
  const maxDepth = opts.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const parts = splitSdJwt(token, {
    maxBytes: opts.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    maxDisclosures: opts.maxDisclosures ?? DEFAULT_LIMITS.maxDisclosures,
  });
  const jws = parseCompact(parts.jwt, '/jwt', true);
  if (opts.acceptedTyp !== undefined && !opts.acceptedTyp.includes(String(jws.header.typ))) {
    fail('KH_SDJWT_TYP', `typ must be one of ${opts.acceptedTyp.join(', ')}`, '/jwt/header/typ');
  }
  const issuerKey = opts.resolveIssuerKey(jws.header);
  if (!verifyParsed(jws, issuerKey, '/jwt')) {
    fail('KH_SDJWT_BAD_SIGNATURE', 'issuer signature does not verify', '/jwt');
  }
  const decoded = parts.disclosures.map((d, i) => decodeDisclosure(d, i, true));
  const revealed = reveal(jws.payload, decoded, { maxDepth });
  const opened = openedFrom(parts.jwt, jws.header, jws.payload, revealed.disclosures, parts.kbJwt);

  const nowSeconds = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  checkValidity(jws.payload, nowSeconds);

  const holderKey = holderKeyOf(jws.payload);
  if (parts.kbJwt === undefined) {
    if (opts.requireKeyBinding) fail('KH_SDJWT_KB_MISSING', 'a key-binding JWT is required', '/kb-jwt');
    return { header: jws.header, ...revealedResult(revealed), opened };
  }
  if (holderKey === undefined)
    fail('KH_SDJWT_KB_MISSING', 'key-binding JWT present but the credential has no cnf key', '/cnf');
  const freshnessSeconds = opts.freshnessSeconds ?? DEFAULT_FRESHNESS_SECONDS;
  const keyBinding = verifyKeyBindingJwt(
    parts.kbJwt,
    parts.sdJwtWithoutKb,
    holderKey,
    {
      ...(opts.audience === undefined ? {} : { audience: opts.audience }),
      ...(opts.nonce === undefined ? {} : { nonce: opts.nonce }),
      nowSeconds,
      freshnessSeconds,
      skewSeconds: CLOCK_SKEW_SECONDS,
    },
    true,
  );
  return {
    header: jws.header,
    ...revealedResult(revealed),
    opened,
    keyBinding,
    replay: {
      key: sha256b64url(parts.kbJwt),
      expiresAt: keyBinding.issuedAt + freshnessSeconds + CLOCK_SKEW_SECONDS,
    },
  };
}

function revealedResult(r: ReturnType<typeof reveal>) {
  return { claims: r.claims, undisclosedDigests: r.undisclosedDigests, disclosures: r.disclosures };
}

function checkValidity(payload: JsonObject, nowSeconds: number): void {
  const { exp, nbf } = payload;
  if (exp !== undefined) {
    if (typeof exp !== 'number') fail('KH_SDJWT_MALFORMED', 'exp must be a number', '/exp');
    if (exp + CLOCK_SKEW_SECONDS <= nowSeconds) fail('KH_SDJWT_EXPIRED', 'the token has expired', '/exp');
  }
  if (nbf !== undefined) {
    if (typeof nbf !== 'number') fail('KH_SDJWT_MALFORMED', 'nbf must be a number', '/nbf');
    if (nbf - CLOCK_SKEW_SECONDS > nowSeconds)
      fail('KH_SDJWT_NOT_YET_VALID', 'the token is not valid yet', '/nbf');
  }
}
