/**
 * Decodes a compact SD-JWT (VC) presentation into what the leak guard searches: the JSON texts exactly as
 * they leave (JWS header and payload, each disclosure, the key-binding JWT) and their parsed values. Pure.
 *
 * Cryptographic material carries no record content and would only cause false alarms, so it is masked out:
 * `x5c` certificates, `_sd` digests, `{"...": digest}` placeholders, `_sd_alg`, `cnf` keys, disclosure
 * salts, the key-binding `sd_hash` and `nonce`.
 */
import { KhError } from '../connector/errors';
import { LEAK_GUARD } from './types';

export interface OutboundPart {
  /** 'header' | 'payload' | 'disclosure' | 'key-binding' */
  readonly where: string;
  /** The decoded JSON text as sent, with cryptographic strings masked to "". */
  readonly raw: string;
  /** The parsed value with cryptographic members removed. */
  readonly value: unknown;
}

export interface DecodedPresentation {
  readonly token: string;
  readonly parts: readonly OutboundPart[];
}

const MASKED_MEMBERS = new Set(['_sd', '_sd_alg', '...', 'cnf', 'x5c', 'sd_hash', 'nonce']);

export function decodePresentation(token: string): DecodedPresentation {
  const segments = token.split('~');
  const jwt = segments[0] ?? '';
  const keyBinding = segments.length > 1 ? (segments[segments.length - 1] ?? '') : '';
  const disclosures = segments.slice(1, segments.length > 1 ? -1 : 1).filter((s) => s.length > 0);
  const parts: OutboundPart[] = [];

  const jws = jwt.split('.');
  if (jws.length !== 3) undecodable('jwt');
  parts.push(decodePart('header', jws[0] ?? ''));
  parts.push(decodePart('payload', jws[1] ?? ''));
  for (const encoded of disclosures) parts.push(decodePart('disclosure', encoded, true));
  if (keyBinding.length > 0) {
    const kb = keyBinding.split('.');
    if (kb.length !== 3) undecodable('key-binding');
    parts.push(decodePart('key-binding', kb[0] ?? ''));
    parts.push(decodePart('key-binding', kb[1] ?? ''));
  }
  return { token, parts };
}

/** What a presentation step kept, already decoded (`certs/sd-jwt` `derivePresentation`). */
export interface DerivedParts {
  /** The Issuer-signed JWT as sent. */
  readonly jwt: string;
  readonly kept: ReadonlyArray<{
    readonly name?: string;
    readonly decoded: { readonly json: string; readonly salt: string; readonly value: unknown };
  }>;
  readonly kbJwt?: string;
}

/**
 * The same inspection view as `decodePresentation`, built from a presentation whose Disclosures were
 * decoded once already: only the JWS header and payload and the key-binding JWT are decoded here; each
 * kept Disclosure contributes its decoded JSON text (as sent) and parsed array.
 */
export function decodeDerivedPresentation(token: string, derived: DerivedParts): DecodedPresentation {
  const jws = derived.jwt.split('.');
  if (jws.length !== 3) undecodable('jwt');
  const parts: OutboundPart[] = [decodePart('header', jws[0] ?? ''), decodePart('payload', jws[1] ?? '')];
  for (const d of derived.kept) {
    const { json, salt, value } = d.decoded;
    parts.push(
      plainDisclosurePart(json, salt, d.name, value) ??
        disclosurePart(json, d.name === undefined ? [salt, value] : [salt, d.name, value]),
    );
  }
  if (derived.kbJwt !== undefined && derived.kbJwt.length > 0) {
    const kb = derived.kbJwt.split('.');
    if (kb.length !== 3) undecodable('key-binding');
    parts.push(decodePart('key-binding', kb[0] ?? ''));
    parts.push(decodePart('key-binding', kb[1] ?? ''));
  }
  return { token, parts };
}

/**
 * The common Disclosure, a name and a plain value (`["salt","name",value]`), without the general walk:
 * nothing inside it is masked but the salt, which opens the text and (checked) occurs nowhere else in it,
 * so the result is the one `disclosurePart` gives. Undefined for anything else.
 */
function plainDisclosurePart(
  json: string,
  salt: string,
  name: string | undefined,
  value: unknown,
): OutboundPart | undefined {
  if (value !== null && typeof value === 'object') return undefined;
  if (salt.length === 0 || !json.startsWith(`["${salt}"`) || json.includes(salt, salt.length + 3)) {
    return undefined;
  }
  return {
    where: 'disclosure',
    raw: `[""${json.slice(salt.length + 3)}`,
    value: name === undefined ? [value] : [name, value],
  };
}

/** Decodes one base64url JSON part of a token (a JWS header or payload, or a Disclosure). */
export function decodePart(where: string, encoded: string, isDisclosure = false): OutboundPart {
  let raw: string;
  let parsed: unknown;
  try {
    raw = Buffer.from(encoded, 'base64url').toString('utf8');
    parsed = JSON.parse(raw);
  } catch {
    return undecodable(where);
  }
  return partFrom(where, raw, parsed, isDisclosure);
}

/**
 * The part of an already decoded Disclosure (its JSON text exactly as sent and the parsed array), so a
 * caller that decoded the token once does not decode it again.
 */
export function disclosurePart(json: string, parsed: unknown): OutboundPart {
  return partFrom('disclosure', json, parsed, true);
}

function partFrom(where: string, raw: string, parsed: unknown, isDisclosure: boolean): OutboundPart {
  const masks = new Set<string>();
  let value: unknown = parsed;
  if (isDisclosure) {
    if (!Array.isArray(parsed) || parsed.length < 2 || typeof parsed[0] !== 'string')
      return undecodable(where);
    masks.add(parsed[0]);
    value = parsed.slice(1);
  }
  const stripped = strip(value, masks);
  // Every JSON string literal that is a masked secret becomes "".
  return { where, raw: maskLiterals(raw, masks), value: stripped };
}

/** Every JSON string literal of `raw` whose body is one of `masks` becomes "". */
function maskLiterals(raw: string, masks: ReadonlySet<string>): string {
  if (masks.size === 0) return raw;
  if (!raw.includes('\\')) {
    // Without escapes every pair of quotes is one literal: walk them, no regular expression needed.
    const lengths = new Set<number>();
    for (const mask of masks) lengths.add(mask.length);
    let out = '';
    let copied = 0;
    for (let open = raw.indexOf('"'); open >= 0;) {
      const close = raw.indexOf('"', open + 1);
      if (close < 0) break;
      if (lengths.has(close - open - 1) && masks.has(raw.slice(open + 1, close))) {
        out += `${raw.slice(copied, open)}""`;
        copied = close + 1;
      }
      open = raw.indexOf('"', close + 1);
    }
    return copied === 0 ? raw : out + raw.slice(copied);
  }
  return raw.replace(/"((?:[^"\\]|\\.)*)"/g, (literal, body: string) => (masks.has(body) ? '""' : literal));
}

/** Removes cryptographic members from a parsed value, collecting their strings into `masks`. */
function strip(value: unknown, masks: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((element) => strip(element, masks));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (MASKED_MEMBERS.has(key)) {
        collectStrings(member, masks);
        continue;
      }
      out[key] = strip(member, masks);
    }
    return out;
  }
  return value;
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, into);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) collectStrings(v, into);
}

function undecodable(where: string): never {
  throw new KhError(
    'KH_POLICY_LEAK_GUARD',
    'the outbound presentation cannot be decoded for inspection; nothing was sent',
    {
      where,
      details: { reason: LEAK_GUARD, undecodable: where },
    },
  );
}
