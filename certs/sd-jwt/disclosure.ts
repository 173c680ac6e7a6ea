/**
 * Disclosures (RFC 9901 §4.2): base64url of the JSON array `[salt, name, value]` (object property) or
 * `[salt, value]` (array element). The digest is computed over the Disclosure string exactly as
 * received, never over a re-serialisation.
 */
import {
  base64urlEncode,
  base64urlToUtf8,
  isBase64url,
  isBase64urlSegment,
  utf8ToBase64url,
} from './lib/base64url';
import { fail } from './lib/error';
import { createRandomPool } from './lib/random-pool';
import { sha256b64url } from './lib/sha256';

export const RESERVED_CLAIM_NAMES: ReadonlySet<string> = new Set(['_sd', '...']);

export interface DecodedDisclosure {
  encoded: string;
  digest: string;
  salt: string;
  /** Present for an object-property Disclosure, absent for an array-element one. */
  name?: string;
  value: unknown;
  /** The Disclosure's decoded JSON text, exactly as received (what the leak guard scans). */
  json: string;
}

const saltPool = createRandomPool();

/** A fresh 128-bit salt, base64url: 16 bytes cut from a pooled CSPRNG draw, never reused. */
export function randomSalt(): string {
  return saltPool.take(16).toString('base64url');
}

/** 32 fresh random bytes (the size of a SHA-256 digest), base64url: a decoy digest. */
export function randomDigestBytes(): string {
  return saltPool.take(32).toString('base64url');
}

/** The digest of a Disclosure string (or of any string, for decoys). */
export function digestOf(encoded: string): string {
  return sha256b64url(encoded);
}

/** How a Disclosure array is serialised before base64url; JSON.stringify by default. */
export type DisclosureSerializer = (array: unknown[]) => string;

export function encodeDisclosure(
  salt: string,
  name: string | undefined,
  value: unknown,
  serialize: DisclosureSerializer = (a) => JSON.stringify(a),
): string {
  if (name !== undefined && RESERVED_CLAIM_NAMES.has(name)) {
    fail('KH_SDJWT_RESERVED_NAME', `claim name "${name}" is reserved and cannot be disclosed`);
  }
  return base64urlEncode(serialize(name === undefined ? [salt, value] : [salt, name, value]));
}

/**
 * `encodeDisclosure` with `JSON.stringify` plus its digest, for the issuer's hot loop: one stringify, one
 * base64url encoding, one one-shot SHA-256. The caller has already refused reserved names.
 */
export function encodeDisclosureWithDigest(
  salt: string,
  name: string | undefined,
  value: unknown,
): { encoded: string; digest: string } {
  const encoded = utf8ToBase64url(JSON.stringify(name === undefined ? [salt, value] : [salt, name, value]));
  return { encoded, digest: sha256b64url(encoded) };
}

/**
 * Decode one Disclosure received in a token; `digest` is computed once here. `fromSplitToken`: the string
 * is a segment of a token `splitSdJwt` has checked (every character base64url, `.` or `~`), so only the
 * separators are left to refuse instead of a second RegExp scan.
 */
export function decodeDisclosure(encoded: string, index: number, fromSplitToken = false): DecodedDisclosure {
  const valid = encoded.length > 0 && (fromSplitToken ? isBase64urlSegment(encoded) : isBase64url(encoded));
  if (!valid) fail('KH_SDJWT_MALFORMED', 'Disclosure is not base64url', `/disclosures/${index}`);
  const json = base64urlToUtf8(encoded);
  // Native JSON.parse: `__proto__` becomes an own property, never a prototype write (see lib/json.ts).
  let arr: unknown;
  try {
    arr = JSON.parse(json);
  } catch {
    arr = undefined;
  }
  if (!Array.isArray(arr)) {
    fail('KH_SDJWT_MALFORMED', 'Disclosure is not a JSON array', `/disclosures/${index}`);
  }
  if ((arr.length !== 2 && arr.length !== 3) || typeof arr[0] !== 'string') {
    fail(
      'KH_SDJWT_MALFORMED',
      'Disclosure must be [salt, value] or [salt, name, value]',
      `/disclosures/${index}`,
    );
  }
  const digest = sha256b64url(encoded);
  if (arr.length === 2) return { encoded, digest, salt: arr[0], value: arr[1], json };
  const name = arr[1];
  if (typeof name !== 'string')
    fail('KH_SDJWT_MALFORMED', 'Disclosure claim name is not a string', `/disclosures/${index}`);
  if (RESERVED_CLAIM_NAMES.has(name)) {
    fail(
      'KH_SDJWT_RESERVED_NAME',
      `Disclosure uses the reserved claim name "${name}"`,
      `/disclosures/${index}`,
    );
  }
  return { encoded, digest, salt: arr[0], name, value: arr[2], json };
}
