/**
 * The leak guard: the last check before a presentation leaves the node. It searches the outbound bytes for
 * every withheld value of the record and throws `KH_POLICY_LEAK_GUARD` (naming terms only, reason
 * `leak-guard`) on any hit, so nothing of the record is sent.
 *
 * Searched: the parsed values of the JWS header and payload, of every remaining disclosure and of the
 * key-binding JWT (string values as substrings or whole tokens, object keys by equality, numeric tokens by
 * value), their raw decoded JSON texts (plain and JSON-escaped forms, which also catches duplicate-key
 * smuggling), and the raw token itself (withheld disclosures' encodings, and long values verbatim).
 * Matching rules: see leak-needles.ts. Pure; one pass per haystack for all needles (leak-search.ts).
 */
import { KhError } from '../connector/errors';
import {
  compileLeakNeedles,
  isPlaceholder,
  normaliseText,
  type LeakCandidate,
  type LeakNeedles,
} from './leak-needles';
import { searchMany } from './leak-search';
import { decodePresentation, type DecodedPresentation } from './outbound';
import { LEAK_GUARD } from './types';

export interface LeakHit {
  readonly term: string | null;
  readonly name: string;
  /** Where it was found: 'values', 'keys', 'json', 'token'. */
  readonly where: string;
}

/** Raw-token verbatim check only for values at least this long (shorter ones would hit base64 by chance). */
export const RAW_TOKEN_MIN_LENGTH = 12;

const SEPARATOR = '\u0000';
const NOT_TOKEN_CHAR = /[^A-Za-z0-9_~.-]/u;
const LENIENT_NUMBER = /(?<![\p{L}\p{N}_.])-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?![\d.])/gu;
const STRICT_NUMBER = /(?<![\p{L}\p{N}_.])-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?(?![\p{L}\p{N}_.])/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/**
 * UUIDs (8-4-4-4-12 hex) are random identifiers, not quantities: their all-digit groups (`…-8800-…`) are
 * not numeric tokens. They are blanked before numbers are tokenised (strings needles still see them).
 */
export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/giu;

/**
 * `text.replace(UUID, ' ')`, without the regular expression (which tries every position): a UUID's first
 * hyphen is its 9th character, so only hyphens are candidates, in order, as the leftmost-first match does.
 */
export function withoutUuids(text: string): string {
  let out = '';
  let copied = 0;
  for (let dash = text.indexOf('-', 8); dash >= 0; dash = text.indexOf('-', dash + 1)) {
    const start = dash - 8;
    if (start < copied || !isUuidAt(text, start)) continue;
    out += `${text.slice(copied, start)} `;
    copied = start + 36;
    dash = copied - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const UUID_DASHES = [8, 13, 18, 23];

function isUuidAt(text: string, start: number): boolean {
  if (start + 36 > text.length) return false;
  for (let i = 0; i < 36; i += 1) {
    const c = text.charCodeAt(start + i);
    if (UUID_DASHES.includes(i)) {
      if (c !== 0x2d) return false;
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) {
      return false;
    }
  }
  return true;
}

interface Haystacks {
  /** Parsed string values, NFC lower case, joined by NUL. */
  readonly values: string;
  /** Parsed object keys, NFC lower case. */
  readonly keys: ReadonlySet<string>;
  /** Absolute values of every number and numeric token in the parsed values. */
  readonly numbers: ReadonlySet<number>;
  /** Raw decoded JSON texts (masked), NFC lower case, joined by NUL. */
  readonly json: string;
  /** Absolute values of the strict numeric tokens of the raw JSON texts. */
  readonly jsonNumbers: ReadonlySet<number>;
  readonly token: string;
}

/** Throws `KH_POLICY_LEAK_GUARD` if any withheld value appears in the presentation. */
export function assertNoLeak(
  presentation: string,
  withheld: ReadonlyArray<LeakCandidate> | LeakNeedles,
  decoded?: DecodedPresentation,
): void {
  const needles = isNeedles(withheld) ? withheld : compileLeakNeedles(withheld);
  const hits = findLeaks(presentation, needles, decoded);
  if (hits.length === 0) return;
  const terms = uniqueTerms(hits);
  throw new KhError(
    'KH_POLICY_LEAK_GUARD',
    `withheld term(s) ${terms.map((t) => t.name).join(', ')} found in the outbound presentation; nothing was sent`,
    { details: { reason: LEAK_GUARD, terms } },
  );
}

/**
 * Every hit of a withheld value in the presentation (terms and locations only). `decoded` is the
 * presentation already decoded (`decodeDerivedPresentation`); its token must be `presentation` itself.
 */
export function findLeaks(
  presentation: string,
  needles: LeakNeedles,
  decoded?: DecodedPresentation,
): LeakHit[] {
  if (decoded !== undefined && decoded.token !== presentation) {
    throw new KhError(
      'KH_POLICY_LEAK_GUARD',
      'the decoded view handed to the leak guard is not the outbound presentation; nothing was sent',
      { details: { reason: LEAK_GUARD } },
    );
  }
  const hay = buildHaystacks(decoded ?? decodePresentation(presentation), {
    strings: needles.strings.length > 0,
    numbers: needles.numbers.length > 0,
  });
  const hits: LeakHit[] = [];
  const strings = needles.strings;
  // One pass per haystack for all needles (see leak-search.ts), then the hits in needle order.
  const tokenNeedles = needles.encoded.map((n) => n.encoded);
  const longIndex = new Map<number, number>();
  const absent = new Map<string, boolean>();
  const cannotBeIn = (token: string, text: string): boolean => {
    // A character the token does not hold at all (a space, in a token of base64url parts) rules it out.
    const odd = NOT_TOKEN_CHAR.exec(text)?.[0];
    if (odd === undefined) return false;
    let known = absent.get(odd);
    if (known === undefined) absent.set(odd, (known = !token.includes(odd)));
    return known;
  };
  strings.forEach((n, i) => {
    if (n.original.length < RAW_TOKEN_MIN_LENGTH || cannotBeIn(hay.token, n.original)) return;
    longIndex.set(i, tokenNeedles.length);
    tokenNeedles.push(n.original);
  });
  const inToken = tokenNeedles.length === 0 ? new Set<number>() : searchMany(hay.token, tokenNeedles);
  needles.encoded.forEach((n, i) => {
    if (inToken.has(i)) hits.push({ term: n.term, name: n.name, where: 'token' });
  });
  if (strings.length > 0) {
    const texts = strings.map((n) => n.text);
    const wholeToken = (haystack: string) => (i: number, at: number) =>
      i >= strings.length || strings[i]?.mode !== 'token' || isWholeToken(haystack, at, texts[i] as string);
    const inValues = searchMany(hay.values, texts, wholeToken(hay.values));
    const jsonNeedles = [...texts];
    const escapedOf: number[] = [];
    strings.forEach((n, i) => {
      for (const e of n.escaped) {
        escapedOf.push(i);
        jsonNeedles.push(e);
      }
    });
    const inJsonAll = searchMany(hay.json, jsonNeedles, wholeToken(hay.json));
    const inJson = new Set<number>();
    for (const k of inJsonAll) inJson.add(k < strings.length ? k : (escapedOf[k - strings.length] as number));
    strings.forEach((n, i) => {
      const at = longIndex.get(i);
      const where = hay.keys.has(n.text)
        ? 'keys'
        : inValues.has(i)
          ? 'values'
          : inJson.has(i)
            ? 'json'
            : at !== undefined && inToken.has(at)
              ? 'token'
              : undefined;
      if (where !== undefined) hits.push({ term: n.term, name: n.name, where });
    });
  }
  for (const n of needles.numbers) {
    const where = hay.numbers.has(n.value) ? 'values' : hay.jsonNumbers.has(n.value) ? 'json' : undefined;
    if (where !== undefined) hits.push({ term: n.term, name: n.name, where });
  }
  return hits;
}

/**
 * The searchable views of the outbound parts. Texts are concatenated (NUL-separated) before they are
 * normalised and tokenised: NUL is a starter that composes with nothing, is not cased, and is no part of a
 * number or word, so normalising or tokenising the whole equals doing it piece by piece, in one pass.
 * Views no needle looks at are not built (`stringNeedles` / `numberNeedles`).
 */
function buildHaystacks(
  decoded: DecodedPresentation,
  want: { readonly strings: boolean; readonly numbers: boolean },
): Haystacks {
  const leaves: string[] = [];
  const keys = new Set<string>();
  const numbers = new Set<number>();
  const raws: string[] = [];
  if (want.strings || want.numbers) {
    for (const part of decoded.parts) {
      collectValues(part.value, leaves, want.strings ? keys : undefined, numbers);
      raws.push(part.raw);
    }
  }
  const values = normaliseText(leaves.join(SEPARATOR));
  const json = normaliseText(raws.join(SEPARATOR));
  const jsonNumbers = new Set<number>();
  if (want.numbers) {
    addTokens(withoutUuids(values), LENIENT_NUMBER, numbers);
    addTokens(withoutUuids(json), STRICT_NUMBER, jsonNumbers);
  }
  return { values, keys, numbers, json, jsonNumbers, token: decoded.token };
}

/**
 * Collects the string leaves (as they are), the object keys (normalised) and the numbers of a parsed
 * value, skipping SD-JWT structure as `forEachLeaf` does.
 */
function collectValues(
  value: unknown,
  strings: string[],
  keys: Set<string> | undefined,
  numbers: Set<number>,
): void {
  if (typeof value === 'string') strings.push(value);
  else if (typeof value === 'number') numbers.add(Math.abs(value));
  else if (Array.isArray(value)) {
    for (const element of value) {
      if (isPlaceholder(element)) collectKeys(element, keys);
      else collectValues(element, strings, keys, numbers);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      keys?.add(normaliseText(key));
      const member = (value as Record<string, unknown>)[key];
      if (key === '_sd' || key === '_sd_alg') collectKeys(member, keys);
      else collectValues(member, strings, keys, numbers);
    }
  }
}

/** The object keys inside SD-JWT structure (searched as keys; its leaves are not record content). */
function collectKeys(value: unknown, keys: Set<string> | undefined): void {
  if (keys === undefined) return;
  if (Array.isArray(value)) for (const element of value) collectKeys(element, keys);
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      keys.add(normaliseText(key));
      collectKeys((value as Record<string, unknown>)[key], keys);
    }
  }
}

function addTokens(text: string, pattern: RegExp, into: Set<number>): void {
  for (const match of text.matchAll(pattern)) {
    const value = Number(match[0]);
    if (Number.isFinite(value)) into.add(Math.abs(value));
  }
}

/** Whether the match of `needle` at `at` is a whole token (not touching a letter or digit). */
function isWholeToken(haystack: string, at: number, needle: string): boolean {
  const before = haystack.slice(Math.max(0, at - 2), at);
  const after = haystack.slice(at + needle.length, at + needle.length + 2);
  return !isWordEdge(before, true) && !isWordEdge(after, false);
}

/** Whether the code point next to a match is a letter or digit (so the match is not a whole token). */
function isWordEdge(context: string, before: boolean): boolean {
  const points = [...context];
  const ch = before ? points[points.length - 1] : points[0];
  return ch !== undefined && WORD_CHAR.test(ch);
}

function uniqueTerms(hits: ReadonlyArray<LeakHit>): { term: string | null; name: string; where: string }[] {
  const seen = new Map<string, { term: string | null; name: string; where: string }>();
  for (const h of hits) {
    const key = h.term ?? `?${h.name}`;
    if (!seen.has(key)) seen.set(key, { term: h.term, name: h.name, where: h.where });
  }
  return [...seen.values()];
}

function isNeedles(value: ReadonlyArray<LeakCandidate> | LeakNeedles): value is LeakNeedles {
  return !Array.isArray(value);
}

export { compileLeakNeedles } from './leak-needles';
export type { LeakCandidate, LeakNeedles } from './leak-needles';
