/**
 * The outbound pipeline, for one record version published on this node's platform:
 * fetch (native) → `validateNative` → `toCanonical` → issue the company's SD-JWT VC (holder key = this
 * node's key) → for each peer with a started push transfer: certifications evaluated against the MRA →
 * `applyDisclosurePolicy` with key binding (aud = peer node id, nonce = consumerPid#sequence; the leak
 * guard runs inside) → queue the filtered presentation (job id `recordId:version:agreementId`).
 * A record that came from a peer never leaves again (`KH_DSP_ONWARD_TRANSFER_FORBIDDEN`).
 */
import type { KeyObject } from 'node:crypto';
import { KhError, isKhError } from '../../errors';
import { assertNotOnwardTransfer } from '../../dsp';
import type { PeerConfig, PlatformName } from '../config';
import { isTransient } from '../transient';
import type { DeliveryJob, DeliveryPort, OutboundOutcome, WithheldSummary } from './types';

export interface CanonicalLike {
  id?: string;
  issuer?: string | { id?: string };
  credentialSubject?: {
    id?: string;
    provenance?: { sourcePlatform?: string; recordId?: string; recordVersion?: string };
  };
}

export interface StartedTransfer {
  peer: PeerConfig;
  agreementId: string;
  providerPid: string;
  consumerPid: string;
  endpoint: string;
}

export interface DisclosureOutcome {
  presentation: string;
  policyId: string;
  withheld: WithheldSummary[];
  certificationsAllowed: boolean;
}

export interface OutboundDeps {
  platform: PlatformName;
  nodeId: string;
  fetchNative(recordId: string, version: string): Promise<unknown>;
  validateNative(native: unknown): void;
  toCanonical(native: unknown): CanonicalLike;
  /** True when the record id was received from a peer (its provenance in the record store). */
  receivedFrom(recordId: string): Promise<string | undefined>;
  /** Store this node's own record (native view + issued original); idempotent. */
  storeOwn(recordId: string, version: string, native: unknown, sdJwt: string): Promise<void>;
  companyKey(publisher: string): { privateKey: KeyObject; x5c: string[] };
  issue(credential: object, key: { privateKey: KeyObject; x5c: string[] }): string;
  startedTransfers(peerId?: string): Promise<StartedTransfer[]>;
  nextSequence(providerPid: string): Promise<number>;
  certifications(
    canonical: CanonicalLike,
    peer: PeerConfig,
  ): Promise<{ passed: string[]; outcomes: Record<string, number> }>;
  disclose(sdJwt: string, peer: PeerConfig, nonce: string): DisclosureOutcome;
  queue: DeliveryPort;
  audit(entry: {
    action: string;
    outcome: 'ok' | 'refused' | 'failed';
    recordId: string;
    version: string;
    peerId?: string;
    policy?: string;
    withheld?: { term: string; count: number }[];
    errorCode?: string;
  }): Promise<void>;
  onRefused(code: string): void;
}

const issuerOf = (c: CanonicalLike): string | undefined =>
  typeof c.issuer === 'string' ? c.issuer : c.issuer?.id;

/** Run the pipeline for one published record version; `onlyPeer` limits it to one peer (backlog on start). */
export async function runOutbound(
  deps: OutboundDeps,
  change: { recordId: string; version: string; publisher: string },
  onlyPeer?: string,
): Promise<OutboundOutcome[]> {
  const base = { recordId: change.recordId, version: change.version };
  try {
    const origin = await deps.receivedFrom(change.recordId);
    if (origin !== undefined) assertNotOnwardTransfer({ origin: 'peer', peerId: origin }, onlyPeer ?? '*');
    const native = await deps.fetchNative(change.recordId, change.version);
    deps.validateNative(native);
    const canonical = deps.toCanonical(native);
    const source = canonical.credentialSubject?.provenance?.sourcePlatform;
    if (source !== undefined && source !== deps.platform) {
      assertNotOnwardTransfer({ origin: 'peer', peerId: source }, onlyPeer ?? '*');
    }
    const sdJwt = deps.issue(canonical as object, deps.companyKey(change.publisher));
    await deps.storeOwn(change.recordId, change.version, native, sdJwt);
    await deps.audit({ action: 'sign', outcome: 'ok', ...base });
    const transfers = await deps.startedTransfers(onlyPeer);
    if (transfers.length === 0) {
      return [{ peerId: onlyPeer ?? '*', ...base, outcome: 'no-transfer' }];
    }
    const out: OutboundOutcome[] = [];
    for (const t of transfers) out.push(await toPeer(deps, t, canonical, sdJwt, base));
    return out;
  } catch (err) {
    const code = isKhError(err) ? err.code : 'KH_INTERNAL';
    const transient = isTransient(code);
    if (!transient) deps.onRefused(code);
    await deps.audit({
      action: 'publish',
      outcome: transient ? 'failed' : 'refused',
      ...base,
      errorCode: code,
    });
    if (!isKhError(err))
      throw new KhError('KH_INTERNAL', 'outbound pipeline failed', { status: 500, cause: err });
    throw err;
  }
}

async function toPeer(
  deps: OutboundDeps,
  t: StartedTransfer,
  canonical: CanonicalLike,
  sdJwt: string,
  base: { recordId: string; version: string },
): Promise<OutboundOutcome> {
  const peerId = t.peer.id;
  try {
    const sequence = await deps.nextSequence(t.providerPid);
    const disclosed = deps.disclose(sdJwt, t.peer, `${t.consumerPid}#${sequence}`);
    const certs = disclosed.certificationsAllowed
      ? await deps.certifications(canonical, t.peer)
      : { passed: [], outcomes: {} };
    const job: DeliveryJob = {
      jobId: `${base.recordId}:${base.version}:${t.agreementId}`,
      peerId,
      ...base,
      agreementId: t.agreementId,
      providerPid: t.providerPid,
      consumerPid: t.consumerPid,
      endpoint: t.endpoint,
      sequence,
      presentation: disclosed.presentation,
      certifications: certs.passed,
      policyId: disclosed.policyId,
    };
    const { added } = await deps.queue.add(job);
    await deps.audit({
      action: 'disclose',
      outcome: 'ok',
      ...base,
      peerId,
      policy: disclosed.policyId,
      withheld: disclosed.withheld.map((w) => ({ term: `${w.name} (${w.reason})`, count: w.count })),
    });
    return {
      peerId,
      ...base,
      outcome: added ? 'queued' : 'duplicate',
      withheld: disclosed.withheld,
      certifications: certs.outcomes,
    };
  } catch (err) {
    const code = isKhError(err) ? err.code : 'KH_INTERNAL';
    // Not enqueued because Redis or the queue did not answer: not a refusal, the change is taken up again.
    if (isTransient(code)) throw err;
    deps.onRefused(code);
    await deps.audit({ action: 'disclose', outcome: 'refused', ...base, peerId, errorCode: code });
    return { peerId, ...base, outcome: 'refused', code };
  }
}

export { issuerOf };
