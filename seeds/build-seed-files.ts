/**
 * Writes the committed seed records: `npx tsx seeds/build-seed-files.ts` → seeds/records/<platform>/*.json
 * (10 per platform, generator seed SEED_FILE_SEED) and seeds/directory.json (the seed participants' directory).
 * The files are data: review them after regenerating.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateRecords } from './generator';
import { seedDirectoryFile } from './directory';

export const SEED_FILE_SEED = 20260401;
export const SEED_FILE_COUNT = 10;

function write(dir: string, records: ReadonlyArray<{ name: string; record: unknown }>): void {
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(dir)) if (file.endsWith('.json')) rmSync(path.join(dir, file));
  for (const { name, record } of records)
    writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
}

function main(): void {
  const root = path.join(__dirname, 'records');
  const ou = generateRecords('ouranos', SEED_FILE_COUNT, SEED_FILE_SEED);
  write(
    path.join(root, 'ouranos'),
    ou.map((record, i) => ({
      name: `ou-${String(i + 1).padStart(2, '0')}-${record.partsStructureModel.parentPartsModel.partsName.toLowerCase()}`,
      record,
    })),
  );
  const cx = generateRecords('catena-x', SEED_FILE_COUNT, SEED_FILE_SEED);
  write(
    path.join(root, 'catena-x'),
    cx.map((record, i) => ({
      name: `cx-${String(i + 1).padStart(2, '0')}-${(record.batteryPass.identification?.identification?.type?.manufacturerPartId ?? 'battery').toLowerCase()}`,
      record,
    })),
  );
  writeFileSync(path.join(__dirname, 'directory.json'), `${JSON.stringify(seedDirectoryFile(), null, 2)}\n`);
  console.log(
    `wrote ${ou.length} OU and ${cx.length} CX seed records under ${root}, and seeds/directory.json`,
  );
}

if (require.main === module) main();
