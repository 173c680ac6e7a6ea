/**
 * The compact SD-JWT serialisation (RFC 9901 §4): `<issuer-jwt>~<d1>~…~<dn>~[<kb-jwt>]`.
 */
import { fail } from './lib/error';

export interface SdJwtParts {
  /** The Issuer-signed JWT. */
  jwt: string;
  /** Disclosure strings exactly as received. */
  disclosures: string[];
  /** The key-binding JWT, when present. */
  kbJwt?: string;
  /** `<issuer-jwt>~<d1>~…~<dn>~`: the input of `sd_hash`. */
  sdJwtWithoutKb: string;
}

export interface SizeLimits {
  maxBytes: number;
  maxDisclosures: number;
  maxDepth: number;
}

export const DEFAULT_LIMITS: SizeLimits = { maxBytes: 1024 * 1024, maxDisclosures: 4096, maxDepth: 32 };

export function splitSdJwt(
  token: string,
  limits: Pick<SizeLimits, 'maxBytes' | 'maxDisclosures'>,
): SdJwtParts {
  if (typeof token !== 'string') fail('KH_SDJWT_MALFORMED', 'token is not a string');
  if (Buffer.byteLength(token, 'utf8') > limits.maxBytes) {
    fail('KH_SDJWT_TOO_LARGE', `token exceeds ${limits.maxBytes} bytes`);
  }
  const text = token.trim();
  if (!/^[A-Za-z0-9_.~-]+$/.test(text))
    fail('KH_SDJWT_MALFORMED', 'token has characters outside base64url, "." and "~"');
  const parts = text.split('~');
  if (parts.length < 2) fail('KH_SDJWT_MALFORMED', 'an SD-JWT ends with "~" (or a key-binding JWT)');
  if (parts.length - 2 > limits.maxDisclosures) {
    fail('KH_SDJWT_TOO_LARGE', `token carries more than ${limits.maxDisclosures} Disclosures`);
  }
  const jwt = parts[0];
  const last = parts[parts.length - 1];
  const disclosures = parts.slice(1, -1);
  disclosures.forEach((d, i) => {
    if (d.length === 0) fail('KH_SDJWT_MALFORMED', 'empty Disclosure', `/disclosures/${i}`);
  });
  const sdJwtWithoutKb = text.slice(0, text.length - last.length);
  return { jwt, disclosures, ...(last === '' ? {} : { kbJwt: last }), sdJwtWithoutKb };
}

export function joinSdJwt(jwt: string, disclosures: readonly string[], kbJwt = ''): string {
  return disclosures.length === 0 ? `${jwt}~${kbJwt}` : `${jwt}~${disclosures.join('~')}~${kbJwt}`;
}
