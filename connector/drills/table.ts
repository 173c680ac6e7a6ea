/** The drill report: a fixed-width table for people, a JSON document for machines. */
import type { DrillFigures } from './figures';

const COLUMNS: { title: string; value: (f: DrillFigures) => string }[] = [
  { title: 'drill', value: (f) => f.name },
  { title: 'published', value: (f) => String(f.published) },
  { title: 'refused', value: (f) => String(f.refused) },
  { title: 'stored', value: (f) => String(f.stored) },
  { title: 'duplicates', value: (f) => String(f.duplicates) },
  { title: 'lost', value: (f) => String(f.lost) },
  { title: 'dead letters', value: (f) => String(f.deadLetters) },
  { title: 'recover s', value: (f) => f.recoverSeconds.toFixed(1) },
  { title: 'unaudited', value: (f) => String(f.unaudited) },
  { title: 'result', value: (f) => (f.passed ? 'pass' : 'FAIL') },
];

export function renderTable(results: DrillFigures[]): string {
  const rows = [COLUMNS.map((c) => c.title), ...results.map((r) => COLUMNS.map((c) => c.value(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  for (const r of results) for (const f of r.failures) out.push(`  ${r.name}: ${f}`);
  return `${out.join('\n')}\n`;
}

export interface DrillJson {
  drills: {
    name: string;
    published: number;
    refused: number;
    stored: number;
    duplicates: number;
    lost: number;
    deadLetters: number;
    recoverSeconds: number;
    unaudited: number;
    passed: boolean;
    failures: string[];
  }[];
}

export function toJson(results: DrillFigures[]): DrillJson {
  return {
    drills: results.map((r) => ({
      name: r.name,
      published: r.published,
      refused: r.refused,
      stored: r.stored,
      duplicates: r.duplicates,
      lost: r.lost,
      deadLetters: r.deadLetters,
      recoverSeconds: r.recoverSeconds,
      unaudited: r.unaudited,
      passed: r.passed,
      failures: r.failures,
    })),
  };
}
