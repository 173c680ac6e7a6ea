/**
 * Issuance as the node does it (`connector/node/node.ts`, the outbound `issue` dependency): PS256 with the
 * company's `x5c`, bound to the sending node's key (`cnf`), default decoys, the product's pooled salts and
 * decoy digests (`certs/sd-jwt/lib/random-pool.ts`), and the product's term-level disclosure frame
 * (`batteryRecordFrame`, `policies/frame.ts`). The what-if without the frame is the old granularity (every
 * leaf and array element under `credentialSubject` disclosable), kept to size what the frame saves.
 */
import type { JsonWebKey } from 'node:crypto';
import { issueSdJwtVc } from '../../certs/sd-jwt';
import { batteryRecordFrame } from '../../policies';
import type { CanonicalRecord } from '../../adapters/canonical/types';
import type { CompanySigner } from './workload';

/** `record` issued exactly as the sending node issues it. */
export function issueAsNode(
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

/** What-if: as the node, another way — without the frame, or without decoys. */
export function issueAnotherWay(
  record: CanonicalRecord,
  signer: CompanySigner,
  holderPublicJwk: JsonWebKey,
  way: 'withoutFrame' | 'withoutDecoys',
): string {
  return issueSdJwtVc(record, {
    privateKey: signer.privateKey,
    x5c: signer.x5c,
    holderPublicJwk,
    ...(way === 'withoutFrame' ? {} : { frame: batteryRecordFrame, decoys: 0 }),
  });
}
