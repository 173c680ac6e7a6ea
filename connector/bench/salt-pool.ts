/**
 * A pooled salt source: 128-bit salts cut from one large CSPRNG draw instead of one `randomBytes(16)`
 * call per disclosure (the way Node pools `randomUUID`). Passed to `issueSdJwtVc` through its `salt`
 * option, it shows what issuance costs without a system call per disclosure.
 */
import { randomBytes } from 'node:crypto';

export function createSaltPool(poolBytes = 64 * 1024): () => string {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 16 > pool.length) {
      pool = randomBytes(poolBytes);
      offset = 0;
    }
    const salt = pool.subarray(offset, offset + 16).toString('base64url');
    offset += 16;
    return salt;
  };
}
