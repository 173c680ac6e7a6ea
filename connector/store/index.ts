/** Stores and the audit log: interfaces (the node core's SPI) and their Redis implementations. */
import type { Redis } from 'ioredis';
import { createKeyspace, Keyspace, nodePrefix } from './keys';
import { RedisAgreementStore } from './redis-agreement-store';
import { RedisAuditLog } from './redis-audit-log';
import { RedisNegotiationStore, RedisTransferStore } from './redis-process-store';
import { RedisRecordStore } from './redis-record-store';
import type { AgreementStore, AuditLog, NegotiationStore, RecordStore, TransferStore } from './types';

export * from './errors';
export * from './types';
export * from './keys';
export { RedisRecordStore } from './redis-record-store';
export { RedisProcessStore, RedisNegotiationStore, RedisTransferStore } from './redis-process-store';
export { RedisAgreementStore } from './redis-agreement-store';
export { RedisAuditLog } from './redis-audit-log';
export { createRedisReplayCache, claimReplayKey } from './redis-replay-cache';

export interface RedisStores {
  keys: Keyspace;
  records: RecordStore;
  negotiations: NegotiationStore;
  transfers: TransferStore;
  agreements: AgreementStore;
  audit: AuditLog;
}

/**
 * Every store of one node on one Redis connection (for the composition root). `prefix` defaults to
 * `kh:<nodeId>:`; two nodes sharing a Redis must use different prefixes. The caller owns `redis`
 * (and closes it).
 */
export function createRedisStores(redis: Redis, options: { nodeId: string; prefix?: string }): RedisStores {
  const keys = createKeyspace(options.prefix ?? nodePrefix(options.nodeId));
  return {
    keys,
    records: new RedisRecordStore(redis, keys),
    negotiations: new RedisNegotiationStore(redis, keys),
    transfers: new RedisTransferStore(redis, keys),
    agreements: new RedisAgreementStore(redis, keys),
    audit: new RedisAuditLog(redis, keys),
  };
}
