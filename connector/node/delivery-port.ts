/**
 * The node's delivery port over the per-peer BullMQ queues of `connector/delivery/`: enqueue (idempotent by
 * `recordId|version|agreementId`), dead letters (list, retry), job counts for the queue-depth gauge and for
 * "all settled". Each attempt is one `deliverJob`; hooks count, log (codes only) and audit.
 */
import type { KeyObject } from 'node:crypto';
import { KhError } from '../errors';
import { createDeliveryQueue, type DeliveryQueue, type DeliveryJob as QueueJob } from '../delivery';
import type { AuditEntryInput } from '../store';
import type { NodeConfig } from './config';
import type { Logger } from './logger';
import type { NodeMetrics } from './metrics';
import type { PeerClient } from './peer-client';
import { deliverJob } from './pipeline/deliver';
import type { DeadLetterView, DeliveryJob, DeliveryPort } from './pipeline/types';

export interface DeliveryPortDeps {
  cfg: NodeConfig;
  peerClient: PeerClient;
  nodeKey: KeyObject;
  nextSequence(providerPid: string): Promise<number>;
  metrics: NodeMetrics;
  logger: Logger;
  audit(entry: AuditEntryInput): Promise<void>;
  /** Builds each peer's queue (default `createDeliveryQueue`; tests wrap it). */
  createQueue?: typeof createDeliveryQueue;
}

export function createDeliveryPort(deps: DeliveryPortDeps): DeliveryPort {
  const { cfg, peerClient, nodeKey, nextSequence, metrics, logger, audit } = deps;
  const createQueue = deps.createQueue ?? createDeliveryQueue;
  const redisUrl = new URL(cfg.redis.url);
  const queues = new Map<string, DeliveryQueue>();
  /** Jobs added (or retried) by this process and not yet seen delivered, as `peerId\0jobId`. */
  const tracked = new Set<string>();
  /**
   * Jobs this process delivered: a number, not a set of ids, so the port holds nothing per record once it is
   * delivered (flat memory however long the node runs). Delivered is final (the dedup marker keeps the id).
   */
  let deliveredCount = 0;
  for (const peer of cfg.peers) {
    queues.set(
      peer.id,
      createQueue({
        connection: {
          host: redisUrl.hostname,
          port: Number(redisUrl.port || 6379),
          ...(redisUrl.username ? { username: decodeURIComponent(redisUrl.username) } : {}),
          ...(redisUrl.password ? { password: decodeURIComponent(redisUrl.password) } : {}),
          ...(redisUrl.pathname.length > 1 ? { db: Number(redisUrl.pathname.slice(1)) } : {}),
        },
        peerId: peer.id,
        prefix: `${cfg.redis.keyPrefix}bull`,
        attempts: cfg.delivery.attempts,
        backoffMs: cfg.delivery.backoffMs,
        concurrency: cfg.delivery.concurrency,
        send: async (job: QueueJob) => {
          await deliverJob(
            { peers: cfg.peers, peerClient, nodeKey, nextSequence },
            job.data as unknown as DeliveryJob,
          );
        },
        hooks: {
          onDelivered: async (job) => {
            if (tracked.delete(`${peer.id}\u0000${job.id}`)) deliveredCount += 1;
            metrics.recordsSent.inc({ peer: peer.id });
            await audit({
              actor: cfg.nodeId,
              action: 'send',
              outcome: 'ok',
              recordId: job.data.recordId,
              version: job.data.version,
              peerId: peer.id,
              ...(job.data.policyId ? { policy: job.data.policyId } : {}),
            });
          },
          onAttemptFailed: async (job, reason, info) => {
            if (info.willRetry) metrics.deliveryRetries.inc({ peer: peer.id });
            logger.warn(
              {
                code: reason.code,
                peer: peer.id,
                recordId: job.data.recordId,
                version: job.data.version,
                attempt: job.attempt,
                willRetry: info.willRetry,
              },
              'delivery attempt failed',
            );
            await audit({
              actor: cfg.nodeId,
              action: 'send',
              outcome: info.willRetry ? 'retrying' : 'failed',
              recordId: job.data.recordId,
              version: job.data.version,
              peerId: peer.id,
              errorCode: reason.code,
            });
          },
          onDeadLetter: async (entry) => {
            metrics.deadLetters.inc({ peer: peer.id });
            await audit({
              actor: cfg.nodeId,
              action: 'send',
              outcome: 'dead-lettered',
              recordId: entry.data.recordId,
              version: entry.data.version,
              peerId: peer.id,
              errorCode: entry.reason.code,
            });
          },
        },
      }),
    );
  }
  const delivery: DeliveryPort = {
    add: async (job) => {
      const q = queues.get(job.peerId);
      if (!q) throw new KhError('KH_NODE_UNKNOWN_PEER', 'no queue for this peer', { status: 404 });
      // What an attempt needs, once: the job id is the queue's own (not repeated in the data).
      const { jobId: _jobId, ...rest } = job;
      const input = { ...rest, transferPid: job.providerPid };
      const r = await q.enqueue(input);
      const key = `${job.peerId}\u0000${r.jobId}`;
      if (r.added) tracked.add(key);
      else if ((await q.jobState(r.jobId)) !== 'completed') tracked.add(key);
      return { added: r.added };
    },
    deadLetters: async () => {
      const out: DeadLetterView[] = [];
      for (const q of queues.values()) {
        for (const d of await q.listDeadLetters()) {
          out.push({
            id: d.id,
            peerId: d.peerId,
            recordId: d.data.recordId,
            version: d.data.version,
            agreementId: d.data.agreementId,
            attempts: d.attemptsMade,
            reason: d.reason.code,
            detail: d.reason.message,
            failedAt: d.deadAt,
          });
        }
      }
      return out;
    },
    retryDeadLetter: async (id) => {
      for (const q of queues.values()) {
        if ((await q.listDeadLetters()).some((d) => d.id === id)) {
          await q.retryDeadLetter(id);
          tracked.add(`${q.peerId}\u0000${id}`);
          return true;
        }
      }
      throw new KhError('KH_DELIVERY_DEAD_LETTER_NOT_FOUND', 'no dead letter with this id', {
        status: 404,
        where: '/id',
      });
    },
    counts: async () => {
      const counts: Record<string, number> = {};
      if (deliveredCount > 0) counts.completed = deliveredCount;
      for (const key of tracked) {
        const [peerId, jobId] = key.split('\u0000');
        const state = await (queues.get(peerId) as DeliveryQueue).jobState(jobId);
        // Delivered is final and counted by the delivery hook: forgotten here, so a call costs one round trip
        // per job still in flight, not one per job ever sent.
        if (state === 'completed') {
          if (tracked.delete(key)) deliveredCount += 1;
          continue;
        }
        counts[state] = (counts[state] ?? 0) + 1;
      }
      for (const s of ['waiting', 'delayed', 'active', 'completed', 'failed'])
        metrics.queueDepth.set({ state: s }, counts[s] ?? 0);
      return counts;
    },
    idle: async () => {
      const c = await delivery.counts();
      return (c.waiting ?? 0) + (c.delayed ?? 0) + (c.active ?? 0) + (c.unknown ?? 0) === 0;
    },
    close: async () => {
      for (const q of queues.values()) await q.close();
    },
  };

  return delivery;
}
