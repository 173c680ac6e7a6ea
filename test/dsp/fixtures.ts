/** Paths to the DSP fixtures (`<repo>/../shared/fixtures/dsp`) and the example → schema mapping. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURE_DIR = path.resolve(__dirname, '../../../shared/fixtures/dsp/DataspaceProtocol');
export const REPO_SCHEMA_DIR = path.resolve(__dirname, '../../schemas/dsp');

export interface ExampleFile {
  area: string;
  file: string;
  schemaFile: string;
  json: Record<string, unknown>;
}

export function schemaFileForExample(area: string, file: string): string {
  const name = file.replace(/\.json$/, '');
  if (name === 'nested-catalog') return `${area}/catalog-schema.json`;
  if (name.endsWith('-did-service')) return `${area}/did-service-schema.json`;
  return `${area}/${name.replace(/(_initial|-full)$/, '')}-schema.json`;
}

export function listExamples(): ExampleFile[] {
  const out: ExampleFile[] = [];
  for (const area of ['catalog', 'common', 'negotiation', 'transfer']) {
    const dir = path.join(FIXTURE_DIR, area, 'example');
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      out.push({
        area,
        file,
        schemaFile: schemaFileForExample(area, file),
        json: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>,
      });
    }
  }
  return out;
}

export function example(area: string, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, area, 'example', file), 'utf8')) as Record<
    string,
    unknown
  >;
}

export function listFilesRecursive(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listFilesRecursive(dir, r));
    else out.push(r);
  }
  return out.sort();
}
