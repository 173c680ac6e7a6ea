/**
 * The company side of a signed publication: map the native record to its canonical form with the platform
 * adapter and issue the SD-JWT VC over it with the company's own key and chain, holder (`cnf`) = the public
 * key of the platform's Kakehashi node, with the product disclosure frame. The CLI (`kakehashi publish
 * --sign`) and the benchmark publish through it; `PlatformClient.publishSigned` sends the result.
 */
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { getAdapter, type PlatformAdapter } from '../../../adapters';
import { issueSdJwtVc } from '../../../certs/sd-jwt';
import { batteryRecordFrame } from '../../../policies';
import type { PlatformName } from '../config';

export interface SignedPublication {
  /** The native record, unchanged. */
  record: unknown;
  /** The company's SD-JWT VC over the record's canonical form (`application/vc+sd-jwt`). */
  credential: string;
}

export interface SignPublicationOptions {
  /** The platform (its registered adapter) or an adapter (e.g. one built with the participant directory). */
  adapter: PlatformName | PlatformAdapter;
  /** The company's signing key. */
  privateKey: KeyObject;
  /** The company's certificate chain, base64 DER, leaf first (up to, not including, the platform root). */
  x5c: string[];
  /** The public key of the platform's Kakehashi node, which holds the credential (`cnf`). */
  nodePublicJwk: JsonWebKey;
  now?: Date;
}

export function signPublication(record: unknown, opts: SignPublicationOptions): SignedPublication {
  const adapter = typeof opts.adapter === 'string' ? getAdapter(opts.adapter) : opts.adapter;
  // `toCanonical` validates the native record first (the adapter contract): an invalid one throws here.
  const canonical = adapter.toCanonical(record);
  const credential = issueSdJwtVc(canonical as object, {
    privateKey: opts.privateKey,
    x5c: opts.x5c,
    holderPublicJwk: opts.nodePublicJwk,
    frame: batteryRecordFrame,
    ...(opts.now === undefined ? {} : { now: opts.now }),
  });
  return { record, credential };
}
