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
    const record = platform === 'ouranos' ? buildOuranosRecord(rng, spec) : buildCatenaXRecord(rng, spec);
    separateProcurementQuantities(record);
    records.push(record);
  }
  return records as OuranosNativeRecord[] | CatenaXRecord[];
}

/**
 * Moves each procurement quantity (tonnes: CX supply-chain `quantity.value`, OU `procurementAmount`) off every
 * other number the record carries, by 0.1 t steps. `distinctQuantity` already avoids the battery's own spec
 * figures; derived ones (power at 20 / 80 % state of charge, remaining energy, …) can still coincide, and a
 * withheld quantity equal to a disclosed figure makes the leak guard refuse the record, fail-closed (1 of
 * 20,000 bench records did: 680.2 t against a power of 680.2 kW). Pure, no randomness: a record without a
 * coincidence is unchanged.
 */
function separateProcurementQuantities(record: unknown): void {
  const others = new Set<number>();
  const slots: Array<{ holder: Record<string, unknown>; key: string }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'procurementAmount' && typeof value === 'number') {
        slots.push({ holder: obj, key });
      } else if (
        key === 'quantity' &&
        value !== null &&
        typeof value === 'object' &&
        typeof (value as { value?: unknown }).value === 'number' &&
        (value as { unit?: unknown }).unit === 'unit:tonneMetricTon'
      ) {
        slots.push({ holder: value as Record<string, unknown>, key: 'value' });
      } else if (typeof value === 'number') {
        others.add(value);
      } else {
        walk(value);
      }
    }
  };
  walk(record);
  for (const { holder, key } of slots) {
    let q = holder[key] as number;
    while (others.has(q) || Number.isInteger(q)) q = Math.round((q + 0.1) * 10) / 10;
    holder[key] = q;
  }
}
