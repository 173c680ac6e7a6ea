import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
export const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The committed seed records of one platform, by file name. */
export function seedFiles(platform: 'ouranos' | 'catena-x'): Array<{ name: string; record: unknown }> {
  const dir = path.join(REPO, 'seeds', 'records', platform);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ name, record: readJson(path.join(dir, name)) }));
}

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Runs `fn` and returns the thrown error (fails the test when nothing is thrown). */
export function thrown(fn: () => unknown): {
  code?: string;
  where?: string;
  details?: Record<string, unknown>;
} {
  try {
    fn();
  } catch (error) {
    return error as { code?: string; where?: string; details?: Record<string, unknown> };
  }
  throw new Error('expected an error');
}
