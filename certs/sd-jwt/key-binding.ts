/**
 * Key-binding JWT (RFC 9901 §4.3): `typ: kb+jwt`, payload `iat`, `aud`, `nonce`, `sd_hash`, signed by
 * the holder key named in the credential's `cnf.jwk`. `sd_hash` covers `<issuer-jwt>~<d1>~…~<dn>~`.
 */
import { createPublicKey, KeyObject } from 'node:crypto';
import { checkKeyType, defaultAlgorithm, JwsAlgorithm, parseCompact, signCompact, verifyParsed } from './jws';
import { fail } from './lib/error';
import { isJsonObject, JsonObject } from './lib/json';
import { sha256b64url } from './lib/sha256';

export const KB_JWT_TYP = 'kb+jwt';

export function sdHash(sdJwtWithoutKb: string): string {
  return sha256b64url(sdJwtWithoutKb);
}

export interface KeyBindingInput {
  privateKey: KeyObject;
  alg?: JwsAlgorithm;
  audience: string;
  nonce: string;
  now?: Date;
}

export function createKeyBindingJwt(sdJwtWithoutKb: string, input: KeyBindingInput): string {
  const alg = input.alg ?? defaultAlgorithm(input.privateKey);
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return signCompact(
    { typ: KB_JWT_TYP },
    { iat, aud: input.audience, nonce: input.nonce, sd_hash: sdHash(sdJwtWithoutKb) },
    input.privateKey,
    alg,
  );
}

/** The holder public key from `cnf.jwk`, or undefined when the credential is not key-bound. */
export function holderKeyOf(payload: JsonObject): KeyObject | undefined {
  const cnf = payload.cnf;
  if (cnf === undefined) return undefined;
  if (!isJsonObject(cnf) || !isJsonObject(cnf.jwk))
    fail('KH_SDJWT_MALFORMED', 'cnf must carry a jwk', '/cnf');
  const jwk = cnf.jwk;
  if (hasPrivateMember(jwk)) fail('KH_SDJWT_MALFORMED', 'cnf.jwk must be a public key', '/cnf/jwk');
  try {
    return createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch {
    return fail('KH_SDJWT_MALFORMED', 'cnf.jwk is not a usable public key', '/cnf/jwk');
  }
}

function hasPrivateMember(jwk: JsonObject): boolean {
  return ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((m) => jwk[m] !== undefined);
}

/** True when `publicKey` is the public half of `privateKey`. */
export function sameKeyPair(publicKey: KeyObject, privateKey: KeyObject): boolean {
  const a = publicKey.export({ format: 'jwk' });
  const b = createPublicKey(privateKey).export({ format: 'jwk' });
  return a.kty === b.kty && a.n === b.n && a.e === b.e && a.x === b.x && a.y === b.y && a.crv === b.crv;
}

export interface KeyBindingExpectations {
  audience?: string;
  nonce?: string;
  nowSeconds: number;
  freshnessSeconds: number;
  /** Allowed clock skew into the future. */
  skewSeconds: number;
}

export interface VerifiedKeyBinding {
  audience: string;
  nonce: string;
  issuedAt: number;
}

export function verifyKeyBindingJwt(
  kbJwt: string,
  sdJwtWithoutKb: string,
  holderKey: KeyObject,
  expect: KeyBindingExpectations,
  /** `kbJwt` is the last segment of a token `splitSdJwt` has checked (see `parseCompact`). */
  fromSplitToken = false,
): VerifiedKeyBinding {
  const where = '/kb-jwt';
  const jws = parseCompact(kbJwt, where, fromSplitToken);
  if (jws.header.typ !== KB_JWT_TYP) fail('KH_SDJWT_TYP', 'key-binding JWT typ must be kb+jwt', where);
  checkKeyType(jws.alg, holderKey, where);
  if (!verifyParsed(jws, holderKey, where)) {
    fail('KH_SDJWT_KB_BAD_SIGNATURE', 'key-binding JWT signature does not verify with the cnf key', where);
  }
  const { iat, aud, nonce, sd_hash: hash } = jws.payload;
  if (
    typeof iat !== 'number' ||
    typeof aud !== 'string' ||
    typeof nonce !== 'string' ||
    typeof hash !== 'string'
  ) {
    fail('KH_SDJWT_MALFORMED', 'key-binding JWT needs iat (number), aud, nonce and sd_hash (strings)', where);
  }
  if (hash !== sdHash(sdJwtWithoutKb))
    fail('KH_SDJWT_KB_SD_HASH', 'sd_hash does not match the presentation', where);
  if (expect.audience !== undefined && aud !== expect.audience) {
    fail('KH_SDJWT_KB_AUDIENCE', 'key-binding JWT is meant for another audience', `${where}/aud`);
  }
  if (expect.nonce !== undefined && nonce !== expect.nonce) {
    fail('KH_SDJWT_KB_NONCE', 'key-binding JWT nonce is not the expected one', `${where}/nonce`);
  }
  if (iat > expect.nowSeconds + expect.skewSeconds || iat < expect.nowSeconds - expect.freshnessSeconds) {
    fail(
      'KH_SDJWT_KB_STALE',
      `key-binding JWT iat is outside the ${expect.freshnessSeconds}s window`,
      `${where}/iat`,
    );
  }
  return { audience: aud, nonce, issuedAt: iat };
}
