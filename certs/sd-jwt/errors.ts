/**
 * Error codes of the SD-JWT area (issue, present, verify). Chain errors raised by `certs/pki` pass
 * through unchanged as `KH_PKI_*`.
 */
export const SDJWT_ERROR_CODES = {
  KH_SDJWT_MALFORMED: 'the token, a JWS part, a Disclosure or a payload structure is not well-formed',
  KH_SDJWT_TOO_LARGE: 'the token exceeds the byte, Disclosure-count or nesting-depth limit',
  KH_SDJWT_ALG_NOT_ALLOWED:
    'the JWS algorithm is not on the allow-list (PS256, RS256, ES256) or does not fit the key type',
  KH_SDJWT_TYP: 'the JWS `typ` header is not an SD-JWT VC media type (or `kb+jwt` for a key-binding JWT)',
  KH_SDJWT_BAD_SIGNATURE: 'the issuer signature does not verify with the key of the `x5c` leaf certificate',
  KH_SDJWT_SD_ALG: 'the `_sd_alg` is not `sha-256`',
  KH_SDJWT_DIGEST_MISMATCH:
    'a Disclosure is not referenced by any digest in the payload or in another Disclosure',
  KH_SDJWT_DUPLICATE_DISCLOSURE: 'the same Disclosure (digest) appears more than once in the token',
  KH_SDJWT_DUPLICATE_DIGEST: 'the same digest is referenced more than once in the payload and Disclosures',
  KH_SDJWT_CLAIM_CLASH: 'a disclosed claim name already exists in clear at the same level',
  KH_SDJWT_RESERVED_NAME: 'a Disclosure uses a reserved claim name (`_sd`, `...`)',
  KH_SDJWT_DISCLOSURE_KIND:
    'an array-element Disclosure is referenced from `_sd`, or an object-property Disclosure from `...`',
  KH_SDJWT_EXPIRED: 'the token `exp` is in the past',
  KH_SDJWT_NOT_YET_VALID: 'the token `nbf` or `iat` is in the future',
  KH_SDJWT_ISSUER_MISMATCH: "the issuer certificate does not identify the credential's Kakehashi `issuer`",
  KH_SDJWT_KB_MISSING: 'a key-binding JWT is required but absent, or the credential has no `cnf` key',
  KH_SDJWT_KB_AUDIENCE: 'the key-binding JWT `aud` is not the expected audience',
  KH_SDJWT_KB_NONCE: 'the key-binding JWT `nonce` is not the expected nonce',
  KH_SDJWT_KB_STALE: 'the key-binding JWT `iat` is outside the freshness window',
  KH_SDJWT_KB_REPLAY: 'the same key-binding JWT was already accepted within its freshness window',
  KH_SDJWT_KB_SD_HASH: 'the key-binding JWT `sd_hash` does not match the presented SD-JWT',
  KH_SDJWT_KB_BAD_SIGNATURE: 'the key-binding JWT signature does not verify with the `cnf` key',
  KH_SDJWT_KB_KEY_MISMATCH:
    'the key offered to sign the key-binding JWT is not the `cnf` key of the credential',
  KH_SDJWT_REPLAY_CACHE_ASYNC: 'an asynchronous replay cache was given to the synchronous verifier',
  KH_SDJWT_INVALID_INPUT: 'the credential or an option given to issue/present/verify is not usable',
} as const;

export type SdJwtErrorCode = keyof typeof SDJWT_ERROR_CODES;
