/**
 * The pooled salt source, now the product's own (`certs/sd-jwt/lib/random-pool.ts`, used by `randomSalt`
 * and decoy digests): 128-bit salts cut from one large CSPRNG draw instead of one `randomBytes(16)` per
 * disclosure. Re-exported here for the bench's what-if, which passes it through `issueSdJwtVc`'s `salt`.
 */
import { createSaltPool as productSaltPool } from '../../certs/sd-jwt';

export function createSaltPool(poolBytes = 64 * 1024): () => string {
  return productSaltPool(poolBytes);
}
