/**
 * Disclosures (RFC 9901 §4.2): base64url of the JSON array `[salt, name, value]` (object property) or
 * `[salt, value]` (array element). The digest is computed over the Disclosure string exactly as
 * received, never over a re-serialisation.
 */
import { base64urlDecode, base64urlEncode } from './lib/base64url';
import { fail } from './lib/error';
import { parseJson } from './lib/json';
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

/** Decode one Disclosure received in a token; `digest` is computed once here. */
export function decodeDisclosure(encoded: string, index: number): DecodedDisclosure {
  const where = `/disclosures/${index}`;
  const bytes = base64urlDecode(encoded);
  if (bytes === undefined || encoded.length === 0) {
    fail('KH_SDJWT_MALFORMED', 'Disclosure is not base64url', where);
  }
  const json = bytes.toString('utf8');
  const parsed = parseJson(json);
  if (!parsed.ok || !Array.isArray(parsed.value)) {
    fail('KH_SDJWT_MALFORMED', 'Disclosure is not a JSON array', where);
  }
  const arr: unknown[] = parsed.value;
  if ((arr.length !== 2 && arr.length !== 3) || typeof arr[0] !== 'string') {
    fail('KH_SDJWT_MALFORMED', 'Disclosure must be [salt, value] or [salt, name, value]', where);
  }
  const digest = digestOf(encoded);
  if (arr.length === 2) return { encoded, digest, salt: arr[0], value: arr[1], json };
  const name = arr[1];
  if (typeof name !== 'string') fail('KH_SDJWT_MALFORMED', 'Disclosure claim name is not a string', where);
  if (RESERVED_CLAIM_NAMES.has(name)) {
    fail('KH_SDJWT_RESERVED_NAME', `Disclosure uses the reserved claim name "${name}"`, where);
  }
  return { encoded, digest, salt: arr[0], name, value: arr[2], json };
}
