/**
 * One delivery attempt: POST the queued presentation to the consumer's data endpoint over mutual TLS.
 * Each attempt binds the presentation afresh (key-binding JWT with a new sequence number, nonce
 * consumerPid#sequence, `iat` now): the receiver refuses a replayed or stale one, and a retry may come
 * minutes (or, for a dead letter, hours) after the pipeline ran. The disclosures sent stay exactly those
 * the policy kept.
 */
import type { KeyObject } from 'node:crypto';
import { createKeyBindingJwt } from '../../../certs/sd-jwt';
import { resolveCallback } from '../../dsp';
import type { PeerConfig } from '../config';
import type { PeerClient } from '../peer-client';
import type { DeliveryJob, RecordDelivery } from './types';

export interface DeliverDeps {
  peers: ReadonlyArray<PeerConfig>;
  peerClient: PeerClient;
  nodeKey: KeyObject;
  nextSequence(providerPid: string): Promise<number>;
}

/** The presentation without its key-binding JWT (`jwt~d1~…~dn~`). */
export function withoutKeyBinding(presentation: string): string {
  return presentation.slice(0, presentation.lastIndexOf('~') + 1);
}

export async function deliverJob(deps: DeliverDeps, job: DeliveryJob): Promise<unknown> {
  const peer = deps.peers.find((p) => p.id === job.peerId);
  const target = resolveCallback({ get: () => peer }, job.peerId, job.endpoint);
  const sequence = await deps.nextSequence(job.providerPid);
  // The queued presentation is this node's own output (policy-filtered, holder = this node's key, checked at
  // intake or set at issuance): binding it is one sd_hash and one signature over the string, no re-decoding.
  const unbound = withoutKeyBinding(job.presentation);
  const presentation =
    unbound +
    createKeyBindingJwt(unbound, {
      privateKey: deps.nodeKey,
      audience: job.peerId,
      nonce: `${job.consumerPid}#${sequence}`,
    });
  const body: RecordDelivery = {
    agreementId: job.agreementId,
    providerPid: job.providerPid,
    consumerPid: job.consumerPid,
    sequence,
    presentation,
    certifications: job.certifications,
  };
  const path = target.slice(new URL((peer as PeerConfig).baseUrl).origin.length);
  return deps.peerClient.post(peer as PeerConfig, path, body);
}
