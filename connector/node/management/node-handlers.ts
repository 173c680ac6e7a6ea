/**
 * The management API's handlers over the node's parts (stores, queue, DSP, platform, policies, trust).
 */
import type { Redis } from 'ioredis';
import { KhError } from '../../errors';
import { pemToX5c, type TrustStore } from '../../../certs/pki';
import type { CompiledPolicy } from '../../../policies';
import type { VerifiedMra } from '../../../policies/mra';
import type { RedisStores } from '../../store';
import type { NodeConfig, NodeRole, PlatformName } from '../config';
import type { PlatformClient } from '../platform-client';
import type { PeerClient } from '../peer-client';
import type { DspService } from '../protocol/dsp-service';
import type { ProcessStore } from '../protocol/process-store';
import type { DeliveryPort, OutboundOutcome } from '../pipeline/types';
import type { ManagementHandlers } from './handlers';

export interface ManagementDeps {
  cfg: NodeConfig;
  redis: Redis;
  stores: RedisStores;
  processes: ProcessStore;
  platform: PlatformClient;
  peerClient: PeerClient;
  dsp: DspService;
  delivery: DeliveryPort;
  policies: ReadonlyMap<string, CompiledPolicy>;
  trust: TrustStore;
  roots: ReadonlyArray<{ platform: PlatformName; roles: NodeRole[] }>;
  mra: VerifiedMra | undefined;
  certificatePem: string;
  chainPem: string[];
  receivedFrom(recordId: string): Promise<string | undefined>;
  runOutbound(change: { recordId: string; version: string; publisher: string }): Promise<OutboundOutcome[]>;
}

export function createManagementHandlers(deps: ManagementDeps): ManagementHandlers {
  const { cfg, redis, stores, processes, platform, peerClient, dsp, delivery, policies, trust, roots, mra } =
    deps;
  const { certificatePem, chainPem } = deps;
  return {
    ready: async (opts) => {
      const checks: Record<string, boolean> = {};
      checks.redis = await redis.ping().then(
        (r) => r === 'PONG',
        () => false,
      );
      checks.policies = policies.size === cfg.peers.length;
      checks.platform = await platform.health();
      if (opts.peers) for (const p of cfg.peers) checks[`peer:${p.id}`] = await peerClient.reachable(p);
      return { ready: Object.values(checks).every(Boolean), checks };
    },
    publish: async ({ recordId, version }) => {
      const summaries = await platform.list('published');
      const s = summaries
        .filter((x) => x.recordId === recordId && (version === undefined || x.version === version))
        .pop();
      if (!s) {
        if (await deps.receivedFrom(recordId)) {
          throw new KhError(
            'KH_DSP_ONWARD_TRANSFER_FORBIDDEN',
            'a record received from a peer may not be sent on',
            { status: 403 },
          );
        }
        throw new KhError('KH_NODE_UNKNOWN_RECORD', 'no such record published on this platform', {
          status: 404,
          where: '/recordId',
        });
      }
      return {
        outcomes: await deps.runOutbound({
          recordId: s.recordId,
          version: s.version,
          publisher: s.publisher,
        }),
      };
    },
    listRecords: async (direction) => {
      const origins: ('own' | 'peer')[] =
        direction === 'published' ? ['own'] : direction === 'received' ? ['peer'] : ['own', 'peer'];
      const out: unknown[] = [];
      for (const o of origins) {
        for (const id of await stores.records.listRecordIds(o)) {
          out.push({
            recordId: id,
            direction: o === 'own' ? 'published' : 'received',
            versions: await stores.records.listVersions(id),
          });
        }
      }
      return out;
    },
    getRecord: async (id) => {
      const r = await stores.records.getLatest(id);
      if (!r)
        throw new KhError('KH_NODE_UNKNOWN_RECORD', 'no such record on this node', {
          status: 404,
          where: '/recordId',
        });
      return r;
    },
    listTransfers: () => processes.listTransfers(),
    listAgreements: () => processes.listAgreements(),
    negotiate: (peerId) => dsp.negotiate(peerId),
    listDeadLetters: () => delivery.deadLetters(),
    retryDeadLetter: async (id) => ({ id, requeued: await delivery.retryDeadLetter(id) }),
    listPolicies: () =>
      cfg.peers.map((p) => {
        const pol = policies.get(p.id) as CompiledPolicy;
        return {
          peerId: p.id,
          policyId: pol.id,
          source: pol.source,
          discloses: pol.discloses.size,
          withholds: [...pol.withholds.entries()].map(([term, reason]) => ({ term, reason })),
          certifications: pol.certifications,
        };
      }),
    describeTrust: () => ({
      roots: roots.map((r, i) => ({
        platform: r.platform,
        roles: r.roles,
        fingerprint256: trust.anchors[i]?.fingerprint256,
      })),
      crls: cfg.trust.crls.length,
      crlStatus: trust.crlStatus(),
      mra: mra ? { agreementId: mra.agreementId, signers: mra.signers.length } : null,
      node: { nodeId: cfg.nodeId, x5c: pemToX5c(certificatePem).length + chainPem.length },
    }),
    audit: async (limit) => stores.audit.list({ limit }),
    refreshMetrics: async () => void (await delivery.counts()),
  };
}
