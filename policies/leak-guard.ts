/**
 * The leak guard: the last check before a presentation leaves the node. It searches the outbound bytes for
 * every withheld value of the record and throws `KH_POLICY_LEAK_GUARD` (naming terms only, reason
 * `leak-guard`) on any hit, so nothing of the record is sent.
 *
 * Searched: the parsed values of the JWS header and payload, of every remaining disclosure and of the
 * key-binding JWT (string values as substrings or whole tokens, object keys by equality, numeric tokens by
 * value), their raw decoded JSON texts (plain and JSON-escaped forms, which also catches duplicate-key
 * smuggling), and the raw token itself (withheld disclosures' encodings, and long values verbatim).
 * Matching rules: see leak-needles.ts. Pure; one indexOf pass per needle and haystack.
 */
import { KhError } from '../connector/errors';
import {
  compileLeakNeedles,
  forEachLeaf,
  normaliseText,
  type LeakCandidate,
  type LeakNeedles,
  type MatchMode,
} from './leak-needles';
import { decodePresentation, type DecodedPresentation, type OutboundPart } from './outbound';
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
const LENIENT_NUMBER = /(?<![\p{L}\p{N}_.])-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?![\d.])/gu;
const STRICT_NUMBER = /(?<![\p{L}\p{N}_.])-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?(?![\p{L}\p{N}_.])/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/**
 * UUIDs (8-4-4-4-12 hex) are random identifiers, not quantities: their all-digit groups (`…-8800-…`) are
 * not numeric tokens. They are blanked before numbers are tokenised (strings needles still see them).
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/giu;
const withoutUuids = (text: string): string => text.replace(UUID, ' ');

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
  const hay = buildHaystacks(decoded ?? decodePresentation(presentation));
  const hits: LeakHit[] = [];
  for (const n of needles.encoded) {
    if (hay.token.includes(n.encoded)) hits.push({ term: n.term, name: n.name, where: 'token' });
  }
  for (const n of needles.strings) {
    const where = hay.keys.has(n.text)
      ? 'keys'
      : contains(hay.values, n.text, n.mode)
        ? 'values'
        : contains(hay.json, n.text, n.mode) || n.escaped.some((e) => hay.json.includes(e))
          ? 'json'
          : n.original.length >= RAW_TOKEN_MIN_LENGTH && hay.token.includes(n.original)
            ? 'token'
            : undefined;
    if (where !== undefined) hits.push({ term: n.term, name: n.name, where });
  }
  for (const n of needles.numbers) {
    const where = hay.numbers.has(n.value) ? 'values' : hay.jsonNumbers.has(n.value) ? 'json' : undefined;
    if (where !== undefined) hits.push({ term: n.term, name: n.name, where });
  }
  return hits;
}

function buildHaystacks(decoded: DecodedPresentation): Haystacks {
  const strings: string[] = [];
  const keys = new Set<string>();
  const numbers = new Set<number>();
  for (const part of decoded.parts) collectValues(part, strings, keys, numbers);
  const values = strings.join(SEPARATOR);
  for (const s of strings) addTokens(withoutUuids(s), LENIENT_NUMBER, numbers);
  const json = decoded.parts.map((p) => normaliseText(p.raw)).join(SEPARATOR);
  const jsonNumbers = new Set<number>();
  addTokens(withoutUuids(json), STRICT_NUMBER, jsonNumbers);
  return { values, keys, numbers, json, jsonNumbers, token: decoded.token };
}

function collectValues(part: OutboundPart, strings: string[], keys: Set<string>, numbers: Set<number>): void {
  const visitKeys = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visitKeys);
    else if (value !== null && typeof value === 'object') {
      for (const [key, member] of Object.entries(value)) {
        keys.add(normaliseText(key));
        visitKeys(member);
      }
    }
  };
  visitKeys(part.value);
  forEachLeaf(part.value, (leaf) => {
    if (typeof leaf === 'number') numbers.add(Math.abs(leaf));
    else strings.push(normaliseText(leaf));
  });
}

function addTokens(text: string, pattern: RegExp, into: Set<number>): void {
  for (const match of text.matchAll(pattern)) {
    const value = Number(match[0]);
    if (Number.isFinite(value)) into.add(Math.abs(value));
  }
}

function contains(haystack: string, needle: string, mode: MatchMode): boolean {
  if (mode === 'substring') return haystack.includes(needle);
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack.slice(Math.max(0, at - 2), at);
    const after = haystack.slice(at + needle.length, at + needle.length + 2);
    if (!isWordEdge(before, true) && !isWordEdge(after, false)) return true;
  }
  return false;
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
