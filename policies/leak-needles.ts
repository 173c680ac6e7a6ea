/**
 * Needles of the leak guard: the withheld values of one record, compiled once, in the forms they could take
 * in outbound bytes. Pure.
 *
 * Rules (documented in docs/policies.md, "Leak guard"):
 * - strings are compared after Unicode NFC normalisation and lower-casing; a string made only of a number is
 *   treated as that number; ISO dates and date-times, and short ASCII strings, must match as whole tokens
 *   (not touching a letter or digit), every other string matches as a substring of disclosed text;
 * - numbers match whole numeric tokens by value (so `12` does not hit `120`, and `1200`, `1200.0`, `1.2e3`
 *   all hit 1200), sign ignored;
 * - values withheld only by default deny (not named by the policy) skip what cannot identify anyone:
 *   strings shorter than 3 characters and integers with |n| < 100; values of a term the policy withholds by
 *   name (supplier identities, procurement volumes and everything inside them) are never skipped.
 */

/** What the guard needs of one withheld claim (`WithheldClaim` is one). Values stay in memory only. */
export interface LeakCandidate {
  readonly term: string | null;
  readonly name: string;
  readonly sensitive: boolean;
  readonly value: unknown;
  /** IRI of the claim's own term, when known (to recognise values of closed code lists). */
  readonly ownTerm?: string | null;
  /** The withheld disclosure as encoded in the issued SD-JWT (must never appear in the presentation). */
  readonly encoded?: string;
}

export type MatchMode = 'substring' | 'token';

export interface StringNeedle {
  readonly term: string | null;
  readonly name: string;
  /** NFC, case-folded (see `normaliseText`). */
  readonly text: string;
  /** The JSON-escaped forms of `text` that differ from it: `\"`-style, `\/`, and `\uXXXX` for non-ASCII. */
  readonly escaped: readonly string[];
  /** NFC, original case, for the raw-token check of long values. */
  readonly original: string;
  readonly mode: MatchMode;
}

export interface NumberNeedle {
  readonly term: string | null;
  readonly name: string;
  /** Absolute value. */
  readonly value: number;
}

export interface EncodedNeedle {
  readonly term: string | null;
  readonly name: string;
  readonly encoded: string;
}

export interface LeakNeedles {
  readonly strings: readonly StringNeedle[];
  readonly numbers: readonly NumberNeedle[];
  readonly encoded: readonly EncodedNeedle[];
}

/** Non-sensitive strings shorter than this (code points) are not needles. */
export const MIN_STRING_LENGTH = 3;
/** Non-sensitive integers with an absolute value below this are not needles. */
export const MIN_INTEGER = 100;
/** ASCII strings shorter than this match only as whole tokens (non-sensitive ones: shorter than 6). */
const SENSITIVE_TOKEN_BELOW = 4;
const DEFAULT_TOKEN_BELOW = 6;

const NUMERIC_STRING = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[-+]\d{2}:?\d{2})?)?$/i;
const ASCII = /^[\x20-\x7e]*$/;

/**
 * NFC, then case-folded: upper- then lower-casing approximates Unicode full case folding, so `ß` and `SS`,
 * `ς` and `Σ`, `ﬁ` and `FI` compare equal, as do composed and decomposed accents.
 */
export function normaliseText(text: string): string {
  // ASCII is its own NFC form and its case folding is plain lower-casing (the common case, one pass).
  if (Buffer.byteLength(text, 'utf8') === text.length) return text.toLowerCase();
  return text.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}

/**
 * Terms whose values come from a closed public code list and so identify nobody (a procurement unit is a
 * UN/ECE Recommendation 20 code such as `KWH`): their withheld values are not needles, as `KWH` would
 * otherwise block every record whose carbon footprint is given per kWh. The encoded disclosure is still checked.
 */
export const CODE_LIST_TERMS: ReadonlySet<string> = new Set([
  'https://w3id.org/kakehashi/vocab#procurementUnit',
]);

/** Compiles the needles of every withheld claim of one record. */
export function compileLeakNeedles(
  withheld: ReadonlyArray<LeakCandidate>,
  options: { readonly codeListTerms?: ReadonlySet<string> } = {},
): LeakNeedles {
  const codeListTerms = options.codeListTerms ?? CODE_LIST_TERMS;
  const strings = new Map<string, StringNeedle>();
  const numbers = new Map<number, NumberNeedle>();
  const encoded: EncodedNeedle[] = [];

  for (const candidate of withheld) {
    if (candidate.encoded !== undefined && candidate.encoded.length > 0) {
      encoded.push({ term: candidate.term, name: candidate.name, encoded: candidate.encoded });
    }
    if (candidate.ownTerm != null && codeListTerms.has(candidate.ownTerm)) continue;
    forEachLeaf(candidate.value, (leaf) => {
      if (typeof leaf === 'number') {
        addNumber(numbers, candidate, leaf);
        return;
      }
      const trimmed = leaf.trim();
      if (NUMERIC_STRING.test(trimmed)) {
        addNumber(numbers, candidate, Number(trimmed));
        return;
      }
      const original = leaf.normalize('NFC');
      const text = normaliseText(original);
      if (trimmed.length === 0) return;
      const length = [...text].length;
      if (!candidate.sensitive && length < MIN_STRING_LENGTH) return;
      const tokenBelow = candidate.sensitive ? SENSITIVE_TOKEN_BELOW : DEFAULT_TOKEN_BELOW;
      const mode: MatchMode =
        DATE_LIKE.test(text) || (ASCII.test(text) && length < tokenBelow) ? 'token' : 'substring';
      const key = `${mode}\u0000${text}`;
      if (strings.has(key)) return;
      strings.set(key, {
        term: candidate.term,
        name: candidate.name,
        text,
        escaped: escapedForms(text),
        original,
        mode,
      });
    });
  }
  return { strings: [...strings.values()], numbers: [...numbers.values()], encoded };
}

function addNumber(numbers: Map<number, NumberNeedle>, candidate: LeakCandidate, raw: number): void {
  if (!Number.isFinite(raw)) return;
  const value = Math.abs(raw);
  if (!candidate.sensitive && Number.isInteger(value) && value < MIN_INTEGER) return;
  if (!numbers.has(value)) numbers.set(value, { term: candidate.term, name: candidate.name, value });
}

/** The JSON-escaped spellings of a (normalised) string that differ from it. */
function escapedForms(plain: string): string[] {
  const forms = new Set<string>();
  const json = JSON.stringify(plain).slice(1, -1).toLowerCase();
  if (json !== plain) forms.add(json);
  let ascii = '';
  for (const unit of json) {
    const code = unit.codePointAt(0) ?? 0;
    if (code <= 0x7e) ascii += unit;
    else if (code <= 0xffff) ascii += `\\u${code.toString(16).padStart(4, '0')}`;
    else {
      const high = Math.floor((code - 0x10000) / 0x400) + 0xd800;
      const low = ((code - 0x10000) % 0x400) + 0xdc00;
      ascii += `\\u${high.toString(16)}\\u${low.toString(16)}`;
    }
  }
  if (ascii !== plain) forms.add(ascii);
  const solidus = json.replace(/\//g, '\\/');
  if (solidus !== json) forms.add(solidus);
  return [...forms];
}

/**
 * Calls `visit` for every string and number inside a JSON value, skipping SD-JWT structure (`_sd` digest
 * lists, `_sd_alg`, and `{"...": digest}` array-element placeholders): digests are not record content.
 */
export function forEachLeaf(value: unknown, visit: (leaf: string | number) => void): void {
  if (typeof value === 'string' || typeof value === 'number') {
    visit(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const element of value) if (!isPlaceholder(element)) forEachLeaf(element, visit);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      if (key === '_sd' || key === '_sd_alg') continue;
      forEachLeaf(member, visit);
    }
  }
}

export function isPlaceholder(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    '...' in value
  );
}
