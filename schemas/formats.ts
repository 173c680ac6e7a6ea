/**
 * JSON Schema `format` checks used by the compiled validators (schemas/validators.ts, the OU adapter's
 * validator). No dependencies, so that importing them compiles no schema.
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The decimal number written by the ASCII digits `value[from..to)`, or -1 if one is not a digit. */
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** True for an existing proleptic-Gregorian date `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  // `/^(\d{4})-(\d{2})-(\d{2})$/`, read character by character (this runs for every date of every record).
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (year < 0 || month < 0 || day < 0) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return day <= max;
}

const HYPHEN = 45;
const UUID_URN_PREFIX = 'urn:uuid:';

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/**
 * ajv-formats' `uuid` format (`/^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i`), read
 * character by character: OU records hold a score of UUIDs each, and the regular expression was a visible cost.
 */
export function isUuidFormat(value: string): boolean {
  let start = 0;
  if (value.length === 45) {
    for (let i = 0; i < UUID_URN_PREFIX.length; i += 1) {
      const c = value.charCodeAt(i);
      const lower = UUID_URN_PREFIX.charCodeAt(i);
      // ASCII case-insensitive, as the `i` flag reads the prefix.
      if (c !== lower && !(lower >= 97 && lower <= 122 && c === lower - 32)) return false;
    }
    start = UUID_URN_PREFIX.length;
  } else if (value.length !== 36) return false;
  for (let i = 0; i < 36; i += 1) {
    const c = value.charCodeAt(start + i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== HYPHEN) return false;
    } else if (!isHexDigit(c)) return false;
  }
  return true;
}

/** A date-time whose date part is a calendar date (the time part is left to the schema's pattern). */
export function isCalendarDateTime(value: string): boolean {
  const m = /^-?(\d{4,}-\d{2}-\d{2})T/.exec(value);
  if (!m) return false;
  const date = m[1].length > 10 ? m[1].slice(m[1].length - 10) : m[1];
  return isCalendarDate(date);
}
