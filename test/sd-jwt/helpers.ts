/** Shared test helpers for the SD-JWT tests: fixture paths and the spec generator's JSON format. */
import fs from 'node:fs';
import path from 'node:path';

export const SD_FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/sd-jwt');
export const OWN_VECTORS = path.resolve(__dirname, '../fixtures/sd-jwt');

export function readText(file: string): string {
  return fs.readFileSync(file, 'utf8').trim();
}

export function readJson<T = unknown>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function pyString(s: string): string {
  // JSON.stringify escapes like Python for ASCII; ensure_ascii escapes every non-ASCII UTF-16 unit.
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Python `json.dumps` with default settings (", " and ": " separators, ensure_ascii). */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return JSON.stringify(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyString(k)}: ${pythonJsonDumps(v)}`)
      .join(', ')}}`;
  }
  throw new Error(`not JSON: ${typeof value}`);
}

/** The error `code` thrown by `fn`, or 'NO_ERROR'. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'NO_ERROR';
  } catch (err) {
    return typeof err === 'object' && err !== null && 'code' in err
      ? String((err as { code: unknown }).code)
      : 'NOT_KH';
  }
}

export async function codeOfAsync(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return 'NO_ERROR';
  } catch (err) {
    return typeof err === 'object' && err !== null && 'code' in err
      ? String((err as { code: unknown }).code)
      : 'NOT_KH';
  }
}
