/**
 * The catalogue of every typed error code: each area declares its codes in its own `errors.ts` as
 * `export const <AREA>_ERROR_CODES = { KH_…: 'meaning' } as const`. This module gathers them, and
 * `npx tsx connector/error-catalogue.ts --write` regenerates docs/errors.md from them.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defaultStatus } from './errors';

export interface CatalogueEntry {
  code: string;
  meaning: string;
  status: number;
  module: string;
}

const ROOT = resolve(__dirname, '..');
const AREAS = ['connector', 'adapters', 'schemas', 'certs', 'policies', 'seeds'];

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** Every `errors.ts` module under the source folders. */
export function errorModules(): string[] {
  return AREAS.flatMap((a) => walk(join(ROOT, a), [])).filter((f) => /(^|\/)errors\.ts$/.test(f));
}

/** Collect the catalogue by loading each area's `*_ERROR_CODES` export. */
export function loadCatalogue(): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  for (const file of errorModules()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      if (!exportName.endsWith('_ERROR_CODES') || typeof value !== 'object' || value === null) continue;
      for (const [code, meaning] of Object.entries(value as Record<string, unknown>)) {
        entries.push({
          code,
          meaning: String(meaning),
          status: defaultStatus(code),
          module: relative(ROOT, file),
        });
      }
    }
  }
  return entries.sort((a, b) => a.code.localeCompare(b.code));
}

/** Every `KH_…` code literal thrown or referenced in the source (outside tests). */
export function codesUsedInSource(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  const files = AREAS.flatMap((a) => walk(join(ROOT, a), [])).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/['"`](KH_[A-Z0-9_]+)['"`]/g)) {
      const list = used.get(m[1]) ?? [];
      list.push(relative(ROOT, file));
      used.set(m[1], list);
    }
  }
  return used;
}

export function renderMarkdown(entries: CatalogueEntry[]): string {
  const lines = [
    '# Error codes',
    '',
    'Every failure Kakehashi reports carries one of these stable codes (see `connector/errors.ts`). The HTTP',
    'API answers `{ "code", "message", "where" }`; the CLI prints `CODE: message (at where)` and exits 1. Match on',
    "the code, never on the message. The HTTP column is the default status of the code's family; where an area",
    'answers a more specific one (chain-check failures 401, unmappable records 422, …) its page in `docs/` says so.',
    "This page is generated from each area's `errors.ts` by `npx tsx connector/error-catalogue.ts --write`; a",
    'test keeps it in step.',
    '',
    '| code | HTTP (default) | meaning | declared in |',
    '| --- | --- | --- | --- |',
    ...entries.map(
      (e) => `| \`${e.code}\` | ${e.status} | ${e.meaning.replace(/\|/g, '\\|')} | \`${e.module}\` |`,
    ),
    '',
  ];
  return lines.join('\n');
}

if (require.main === module && process.argv.includes('--write')) {
  const out = join(ROOT, 'docs', 'errors.md');
  writeFileSync(out, renderMarkdown(loadCatalogue()));
  process.stdout.write(`wrote ${relative(process.cwd(), out)}\n`);
}
