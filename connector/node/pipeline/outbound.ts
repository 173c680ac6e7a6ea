/**
 * The outbound pipeline, for one record version published on this node's platform. Fetch the publication,
 * then one of two ways to the company's SD-JWT VC (holder key = this node's key):
 * - **signed intake** (the company published its own credential with the record, DESIGN step 2): verify it
 *   (`deps.intake`: chain to a trusted company root, signer = publisher, provenance = this version, `cnf` =
 *   this node's key, JSON-LD terms and canonical schema); no native validation, mapping or issuing; audited
 *   `intake`;
 * - **custody** (a native-only publication): `validateNative` → `toCanonical` → issue with the company key the
 *   node holds (`companyKeys.dir`); audited `sign`.
 * Then, for each peer with a started push transfer: certifications evaluated against the MRA →
 * `applyDisclosurePolicy` (the leak guard runs inside; no key binding here: delivery binds every attempt
 * afresh) → queue the filtered presentation (job id `recordId:version:agreementId`).
 * A record that came from a peer never leaves again (`KH_DSP_ONWARD_TRANSFER_FORBIDDEN`).
 */
import type { KeyObject } from 'node:crypto';
import type { OpenedSdJwt } from '../../../certs/sd-jwt';
import { applyDisclosurePolicy, type CompiledPolicy } from '../../../policies';
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

/**
 * The policy step with a compiled policy: the presentation the policy keeps (no key binding: delivery binds
 * each attempt, `pipeline/deliver.ts`), what it withheld, and whether certifications may go with it.
 */
export function discloseWithPolicy(token: string | OpenedSdJwt, policy: CompiledPolicy): DisclosureOutcome {
  const { presentation, report } = applyDisclosurePolicy(
    typeof token === 'string' ? { sdJwt: token, policy } : { opened: token, policy },
  );
  return {
    presentation,
    policyId: report.policyId,
    withheld: report.withheld.map((w) => ({ name: w.name, reason: w.reason, count: w.count })),
    certificationsAllowed: report.certifications.mode === 'mutual-recognition',
  };
}

/** A published version: the native record, and the company's own SD-JWT VC when it published one. */
export interface Publication {
  record: unknown;
  credential?: string;
}

/** What signed intake hands on: the verified credential, and the token for the policy step. */
export interface IntakeOutcome {
  canonical: CanonicalLike;
  token: string | OpenedSdJwt;
}

export interface OutboundDeps {
  platform: PlatformName;
  nodeId: string;
  fetchNative(recordId: string, version: string): Promise<unknown>;
  /** The publication with the company's credential, if any (preferred over `fetchNative` when given). */
  fetchPublication?(recordId: string, version: string): Promise<Publication>;
  /**
   * Verify a company's own credential against the change (connector/node/intake); throws the
   * KH_NODE_INTAKE_* refusals. Without it, a signed publication is refused (KH_NODE_INTAKE_UNVERIFIED).
   */
  intake?(
    credential: string,
    change: { recordId: string; version: string; publisher: string },
  ): IntakeOutcome | Promise<IntakeOutcome>;
  validateNative(native: unknown): void;
  toCanonical(native: unknown): CanonicalLike;
  /** True when the record id was received from a peer (its provenance in the record store). */
  receivedFrom(recordId: string): Promise<string | undefined>;
  /** Store this node's own record (native view + issued original); idempotent. */
  storeOwn(recordId: string, version: string, native: unknown, sdJwt: string): Promise<void>;
  companyKey(publisher: string): { privateKey: KeyObject; x5c: string[] };
  issue(credential: object, key: { privateKey: KeyObject; x5c: string[] }): string;
  startedTransfers(peerId?: string): Promise<StartedTransfer[]>;
  certifications(
    canonical: CanonicalLike,
    peer: PeerConfig,
  ): Promise<{ passed: string[]; outcomes: Record<string, number> }>;
  /** The policy step (no key binding: delivery binds each attempt); the token compact or already opened. */
  disclose(token: string | OpenedSdJwt, peer: PeerConfig): DisclosureOutcome;
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
  let action = 'publish';
  try {
    const origin = await deps.receivedFrom(change.recordId);
    if (origin !== undefined) assertNotOnwardTransfer({ origin: 'peer', peerId: origin }, onlyPeer ?? '*');
    const publication: Publication = deps.fetchPublication
      ? await deps.fetchPublication(change.recordId, change.version)
      : { record: await deps.fetchNative(change.recordId, change.version) };
    const native = publication.record;
    const assertOwnPlatform = (c: CanonicalLike): void => {
      const source = c.credentialSubject?.provenance?.sourcePlatform;
      if (source !== undefined && source !== deps.platform) {
        assertNotOnwardTransfer({ origin: 'peer', peerId: source }, onlyPeer ?? '*');
      }
    };
    let canonical: CanonicalLike;
    let token: string | OpenedSdJwt;
    let original: string;
    if (publication.credential !== undefined) {
      // Signed intake: the company issued the credential itself; the node verifies and relays it.
      action = 'intake';
      if (!deps.intake) {
        throw new KhError('KH_NODE_INTAKE_UNVERIFIED', 'this node does not verify signed publications', {
          status: 422,
          where: '/credential',
        });
      }
      const verified = await deps.intake(publication.credential, change);
      canonical = verified.canonical;
      assertOwnPlatform(canonical);
      token = verified.token;
      original = publication.credential;
    } else {
      // Custody: the node issues the company's credential with the key it holds for it.
      deps.validateNative(native);
      canonical = deps.toCanonical(native);
      assertOwnPlatform(canonical);
      original = deps.issue(canonical as object, deps.companyKey(change.publisher));
      token = original;
    }
    await deps.storeOwn(change.recordId, change.version, native, original);
    await deps.audit({ action: action === 'intake' ? 'intake' : 'sign', outcome: 'ok', ...base });
    action = 'publish';
    const transfers = await deps.startedTransfers(onlyPeer);
    if (transfers.length === 0) {
      return [{ peerId: onlyPeer ?? '*', ...base, outcome: 'no-transfer' }];
    }
    const out: OutboundOutcome[] = [];
    for (const t of transfers) out.push(await toPeer(deps, t, canonical, token, base));
    return out;
  } catch (err) {
    const code = isKhError(err) ? err.code : 'KH_INTERNAL';
    const transient = isTransient(code);
    if (!transient) deps.onRefused(code);
    await deps.audit({
      action,
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
  token: string | OpenedSdJwt,
  base: { recordId: string; version: string },
): Promise<OutboundOutcome> {
  const peerId = t.peer.id;
  try {
    // No sequence number here: delivery takes one per attempt (each attempt binds afresh).
    const disclosed = deps.disclose(token, t.peer);
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
