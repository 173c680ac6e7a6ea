/**
 * The term-level disclosure frame, now the product's (`policies/frame.ts` `batteryRecordFrame`, passed to
 * `issueSdJwtVc` as `frame`): selectively disclosable down to the claims whose terms a policy can name,
 * generic sub-terms (`value`, `unit`, …) inline in their parent's Disclosure, supplier entries one by one.
 * The bench's what-if issues through the product path with that frame.
 */
import type { JsonWebKey } from 'node:crypto';
import { isDisclosableVcClaim, issueSdJwtVc, type ClaimPath } from '../../certs/sd-jwt';
import { batteryRecordFrame } from '../../policies';
import type { CanonicalRecord } from '../../adapters/canonical/types';
import type { CompanySigner } from './workload';

export function isTermFrameClaim(path: ClaimPath): boolean {
  return isDisclosableVcClaim(path) && batteryRecordFrame(path) === 'disclosable';
}

/** Issue `record` as an SD-JWT VC with the product frame (PS256, x5c, `cnf`, default decoys). */
export function issueTermFrame(
  record: CanonicalRecord,
  signer: CompanySigner,
  holderPublicJwk: JsonWebKey,
): string {
  return issueSdJwtVc(record, {
    privateKey: signer.privateKey,
    x5c: signer.x5c,
    holderPublicJwk,
    frame: batteryRecordFrame,
  });
}
