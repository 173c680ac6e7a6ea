/**
 * Compact JWS (RFC 7515 §7.1) with PS256 over node:crypto, as VC-JOSE-COSE `application/vc+jwt` uses it.
 * Only PS256 is produced or accepted: RSASSA-PSS, SHA-256, MGF1-SHA-256, salt length 32 (RFC 7518 §3.5).
 */
import { constants, KeyObject, sign, verify } from 'node:crypto';
import { KhError } from '../../connector/errors';

export interface JwsHeader {
  alg: string;
  typ?: string;
  cty?: string;
  x5c?: string[];
  [name: string]: unknown;
}

export interface DecodedCompactJws {
  header: JwsHeader;
  payload: unknown;
  signingInput: string;
  signature: Buffer;
}

export function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** PS256 signature of `signingInput` (ASCII) with an RSA private key. */
export function signPs256(signingInput: string, privateKey: KeyObject): Buffer {
  return sign('sha256', Buffer.from(signingInput, 'ascii'), {
    key: privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  });
}

/** Whether `signature` is a valid PS256 signature of `signingInput` under `publicKey`. Never throws. */
export function verifyPs256(signingInput: string, signature: Buffer, publicKey: KeyObject): boolean {
  try {
    return verify(
      'sha256',
      Buffer.from(signingInput, 'ascii'),
      { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      signature,
    );
  } catch {
    return false;
  }
}

export function signCompactJws(header: JwsHeader, payload: unknown, privateKey: KeyObject): string {
  const signingInput = `${base64urlJson(header)}.${base64urlJson(payload)}`;
  return `${signingInput}.${signPs256(signingInput, privateKey).toString('base64url')}`;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

function parseJsonPart(part: string, where: string): unknown {
  if (!B64URL.test(part)) {
    throw new KhError('KH_CERT_MALFORMED', `${where} is not base64url`, { where });
  }
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new KhError('KH_CERT_MALFORMED', `${where} is not JSON`, { where, cause });
  }
}

/** Split and decode a compact JWS without checking anything but its shape. */
export function decodeCompactJws(token: string, maxBytes = 256 * 1024): DecodedCompactJws {
  if (typeof token !== 'string') {
    throw new KhError('KH_CERT_MALFORMED', 'a vc+jwt must be a string');
  }
  if (Buffer.byteLength(token, 'utf8') > maxBytes) {
    throw new KhError('KH_CERT_TOO_LARGE', `the vc+jwt is larger than ${maxBytes} bytes`, {
      details: { maxBytes },
    });
  }
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !B64URL.test(parts[2])) {
    throw new KhError('KH_CERT_MALFORMED', 'a vc+jwt has three base64url parts separated by dots');
  }
  const header = parseJsonPart(parts[0], 'JWS protected header');
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new KhError('KH_CERT_MALFORMED', 'the JWS header is not a JSON object', { where: 'header' });
  }
  const payload = parseJsonPart(parts[1], 'JWS payload');
  return {
    header: header as JwsHeader,
    payload,
    signingInput: `${parts[0]}.${parts[1]}`,
    signature: Buffer.from(parts[2], 'base64url'),
  };
}
