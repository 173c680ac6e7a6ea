/**
 * A pool of CSPRNG bytes: one large `randomBytes` draw cut into fresh slices (the way Node pools
 * `randomUUID`), refilled when exhausted. Every byte handed out is used once and never again, so each
 * slice is as unpredictable as its own `randomBytes` call, without a system call per slice.
 */
import { randomBytes } from 'node:crypto';

export const DEFAULT_POOL_BYTES = 16 * 1024;

export interface RandomPool {
  /** `n` fresh random bytes (a view into the pool; never handed out again). */
  take(n: number): Buffer;
}

export function createRandomPool(poolBytes = DEFAULT_POOL_BYTES): RandomPool {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return {
    take(n: number): Buffer {
      if (n > poolBytes) return randomBytes(n);
      if (offset + n > pool.length) {
        pool = randomBytes(poolBytes);
        offset = 0;
      }
      const slice = pool.subarray(offset, offset + n);
      offset += n;
      return slice;
    },
  };
}

/** A salt source: 128-bit salts (base64url) cut from a pool of `poolBytes`. */
export function createSaltPool(poolBytes = DEFAULT_POOL_BYTES): () => string {
  const pool = createRandomPool(poolBytes);
  return () => pool.take(16).toString('base64url');
}
