/**
 * Compact JWS (RFC 7515) with an explicit algorithm allow-list: PS256, RS256, ES256. The key type must
 * fit the algorithm (no algorithm confusion): RSA (≥ 2048 bits) for PS256/RS256, EC P-256 for ES256.
 * `none` and every HMAC algorithm are refused before any key is touched.
 */
import { constants, KeyObject, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { base64urlDecode, base64urlDecodeSegment, base64urlEncode } from './lib/base64url';
import { fail } from './lib/error';
import { isJsonObject, JsonObject, parseJson } from './lib/json';

export type JwsAlgorithm = 'PS256' | 'RS256' | 'ES256';
export const ALLOWED_ALGORITHMS: readonly JwsAlgorithm[] = ['PS256', 'RS256', 'ES256'];
const MIN_RSA_BITS = 2048;

export function isAllowedAlgorithm(alg: unknown): alg is JwsAlgorithm {
  return typeof alg === 'string' && (ALLOWED_ALGORITHMS as readonly string[]).includes(alg);
}

/** Throws KH_SDJWT_ALG_NOT_ALLOWED unless `key` is of the type `alg` requires. */
export function checkKeyType(alg: JwsAlgorithm, key: KeyObject, where: string): void {
  const type = key.asymmetricKeyType;
  if (alg === 'ES256') {
    if (type !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      fail('KH_SDJWT_ALG_NOT_ALLOWED', 'ES256 requires an EC P-256 key', where);
    }
    return;
  }
  const rsaOk = type === 'rsa' || (alg === 'PS256' && type === 'rsa-pss');
  if (!rsaOk) fail('KH_SDJWT_ALG_NOT_ALLOWED', `${alg} requires an RSA key`, where);
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    fail('KH_SDJWT_ALG_NOT_ALLOWED', `${alg} requires an RSA key of at least ${MIN_RSA_BITS} bits`, where);
  }
}

/** The default algorithm for a key: PS256 for RSA, ES256 for EC P-256. */
export function defaultAlgorithm(key: KeyObject): JwsAlgorithm {
  return key.asymmetricKeyType === 'ec' ? 'ES256' : 'PS256';
}

function signatureOptions(alg: JwsAlgorithm, key: KeyObject) {
  if (alg === 'PS256') return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  if (alg === 'ES256') return { key, dsaEncoding: 'ieee-p1363' as const };
  return { key, padding: constants.RSA_PKCS1_PADDING };
}

/** Sign header + payload into a compact JWS. The header's `alg` is set from `alg`. */
export function signCompact(
  header: JsonObject,
  payload: JsonObject,
  privateKey: KeyObject,
  alg: JwsAlgorithm,
): string {
  checkKeyType(alg, privateKey, 'signing key');
  const input = `${base64urlEncode(JSON.stringify(Object.assign({ alg }, header, { alg })))}.${base64urlEncode(JSON.stringify(payload))}`;
  const signature = cryptoSign('sha256', Buffer.from(input, 'ascii'), signatureOptions(alg, privateKey));
  return `${input}.${signature.toString('base64url')}`;
}

export interface ParsedJws {
  compact: string;
  header: JsonObject;
  payload: JsonObject;
  alg: JwsAlgorithm;
  signingInput: string;
  signature: Buffer;
}

function decodeJsonPart(part: string, what: string, where: string, fromSplitToken: boolean): JsonObject {
  const bytes = fromSplitToken ? base64urlDecodeSegment(part) : base64urlDecode(part);
  const parsed = bytes === undefined ? undefined : parseJson(bytes.toString('utf8'));
  if (parsed === undefined || !parsed.ok || !isJsonObject(parsed.value)) {
    fail('KH_SDJWT_MALFORMED', `JWS ${what} is not a base64url JSON object`, where);
  }
  return parsed.value;
}

/**
 * Parse a compact JWS and check its algorithm against the allow-list (no signature check yet).
 * `fromSplitToken`: `compact` is a segment of a token `splitSdJwt` has checked (every character base64url,
 * `.` or `~`), so its parts are not scanned by a RegExp a second time.
 */
export function parseCompact(compact: string, where: string, fromSplitToken = false): ParsedJws {
  const parts = compact.split('.');
  if (parts.length !== 3) fail('KH_SDJWT_MALFORMED', 'JWS must have three parts', where);
  const header = decodeJsonPart(parts[0], 'header', where, fromSplitToken);
  const payload = decodeJsonPart(parts[1], 'payload', where, fromSplitToken);
  const signature = fromSplitToken ? base64urlDecodeSegment(parts[2]) : base64urlDecode(parts[2]);
  if (signature === undefined) fail('KH_SDJWT_MALFORMED', 'JWS signature is not base64url', where);
  const alg = header.alg;
  if (!isAllowedAlgorithm(alg)) {
    fail('KH_SDJWT_ALG_NOT_ALLOWED', `JWS algorithm ${JSON.stringify(alg)} is not allowed`, where);
  }
  if (header.crit !== undefined) {
    fail('KH_SDJWT_MALFORMED', 'JWS `crit` header parameters are not supported', where);
  }
  return { compact, header, payload, alg, signingInput: `${parts[0]}.${parts[1]}`, signature };
}

/** True when the signature of a parsed JWS verifies with `key` (whose type must fit the algorithm). */
export function verifyParsed(jws: ParsedJws, key: KeyObject, where: string): boolean {
  checkKeyType(jws.alg, key, where);
  return cryptoVerify(
    'sha256',
    Buffer.from(jws.signingInput, 'ascii'),
    signatureOptions(jws.alg, key),
    jws.signature,
  );
}
