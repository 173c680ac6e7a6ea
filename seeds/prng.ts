/** A small seeded PRNG (mulberry32) and helpers: same seed → same sequence. Never Math.random. */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max], rounded to `decimals`. */
  range(min: number, max: number, decimals?: number): number;
  int(min: number, max: number): number;
  pick<T>(items: ReadonlyArray<T>): T;
  chance(probability: number): boolean;
  /** A random (version 4 layout) UUID drawn from this generator. */
  uuid(): string;
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const round = (value: number, decimals: number): number => {
    const f = 10 ** decimals;
    return Math.round(value * f) / f;
  };
  const hex = (count: number): string => {
    let out = '';
    for (let i = 0; i < count; i += 1) out += Math.floor(next() * 16).toString(16);
    return out;
  };
  return {
    next,
    range: (min, max, decimals = 2) => round(min + next() * (max - min), decimals),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: ReadonlyArray<T>): T => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`,
  };
}
