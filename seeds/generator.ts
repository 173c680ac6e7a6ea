/**
 * `generateRecords(platform, n, seed)`: n realistic native records of one platform, deterministic in `seed`
 * (seeded PRNG, no clock, no Math.random). Record i depends only on (seed, i).
 */
import type { CatenaXRecord } from '../adapters/catena-x/types';
import type { OuranosNativeRecord } from '../adapters/ouranos/types';
import { batterySpec } from './battery-spec';
import { buildCatenaXRecord } from './catena-x-records';
import { buildOuranosRecord } from './ouranos-records';
import { createPrng } from './prng';

export function generateRecords(platform: 'ouranos', n: number, seed: number): OuranosNativeRecord[];
export function generateRecords(platform: 'catena-x', n: number, seed: number): CatenaXRecord[];
export function generateRecords(
  platform: 'ouranos' | 'catena-x',
  n: number,
  seed: number,
): OuranosNativeRecord[] | CatenaXRecord[];
export function generateRecords(
  platform: 'ouranos' | 'catena-x',
  n: number,
  seed: number,
): OuranosNativeRecord[] | CatenaXRecord[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  const records: Array<OuranosNativeRecord | CatenaXRecord> = [];
  for (let i = 0; i < n; i += 1) {
    const salt = platform === 'catena-x' ? 0x5bd1e995 : 0;
    const rng = createPrng((Math.imul((seed ^ salt) >>> 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
    const spec = batterySpec(rng, i);
    records.push(platform === 'ouranos' ? buildOuranosRecord(rng, spec) : buildCatenaXRecord(rng, spec));
  }
  return records as OuranosNativeRecord[] | CatenaXRecord[];
}
