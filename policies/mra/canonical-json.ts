/**
 * Deterministic JSON (object keys sorted by UTF-16 code units, as RFC 8785 orders them) so that two
 * authorities signing the same agreement independently sign the same payload bytes. Agreements hold only
 * strings, booleans, null, arrays and objects (no floats), for which this equals RFC 8785 output.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
