/**
 * `NegotiationStore` and `TransferStore` on Redis: one hash per process (`state` and `json`), state changes
 * by compare-and-set in Lua so two node processes sharing the Redis cannot both move the same process.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { KhError } from '../errors';
import type { Keyspace } from './keys';
import { fromJson, redisCall, toJson } from './redis-call';
import type { ProcessStore, StoredNegotiation, StoredProcess, StoredTransfer, TransferStore } from './types';

/**
 * KEYS: process hash, index set[, extra index set]. ARGV: state, json, pid, write id.
 * A hash carrying this call's write id is this same create run twice (ioredis re-sends a command whose reply
 * was lost with the connection): success, not a taken pid.
 */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('HGET', KEYS[1], 'writeId') == ARGV[4] then return 1 end
  return 0
end
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'json', ARGV[2], 'writeId', ARGV[4])
redis.call('SADD', KEYS[2], ARGV[3])
if KEYS[3] then redis.call('SADD', KEYS[3], ARGV[3]) end
return 1
`;

/**
 * KEYS: process hash. ARGV: expected state, next state, next json. Returns 1, 0 (missing) or -1 (conflict).
 * A process already in exactly the next state and json is this same move run twice (a re-sent command): 1.
 */
const CAS = `
local s = redis.call('HGET', KEYS[1], 'state')
if not s then return 0 end
if s ~= ARGV[1] then
  if s == ARGV[2] and redis.call('HGET', KEYS[1], 'json') == ARGV[3] then return 1 end
  return -1
end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'json', ARGV[3])
return 1
`;

export class RedisProcessStore<P extends StoredProcess<string>> implements ProcessStore<P> {
  constructor(
    protected readonly redis: Redis,
    protected readonly keys: Keyspace,
    protected readonly kind: 'cn' | 'tp',
  ) {}

  protected extraIndex(_process: P): string | undefined {
    return undefined;
  }

  async create(process: P): Promise<void> {
    const key = this.keys.process(this.kind, process.localPid);
    const extra = this.extraIndex(process);
    const keys = [key, this.keys.processIndex(this.kind), ...(extra ? [extra] : [])];
    const json = toJson(process, 'process');
    const ok = await redisCall('process create', () =>
      this.redis.eval(
        CREATE,
        keys.length,
        ...keys,
        process.state,
        json,
        process.localPid,
        randomBytes(12).toString('base64url'),
      ),
    );
    if (ok !== 1) {
      throw new KhError('KH_STORE_EXISTS', 'a process with this pid is already stored', {
        where: 'localPid',
        status: 409,
      });
    }
  }

  async get(localPid: string): Promise<P | undefined> {
    const key = this.keys.process(this.kind, localPid);
    const json = await redisCall('process get', () => this.redis.hget(key, 'json'));
    return json === null ? undefined : fromJson<P>(json, 'process');
  }

  async transition(
    localPid: string,
    expected: P['state'],
    next: P['state'],
    patch: Partial<P> = {},
  ): Promise<P> {
    const current = await this.get(localPid);
    if (!current)
      throw new KhError('KH_STORE_NOT_FOUND', 'no process with this pid', { where: 'localPid', status: 404 });
    const updated: P = { ...current, ...patch, localPid, state: next, updatedAt: new Date().toISOString() };
    const key = this.keys.process(this.kind, localPid);
    const r = await redisCall('process transition', () =>
      this.redis.eval(CAS, 1, key, expected, next, toJson(updated, 'process')),
    );
    if (r === 0)
      throw new KhError('KH_STORE_NOT_FOUND', 'no process with this pid', { where: 'localPid', status: 404 });
    if (r !== 1) {
      throw new KhError('KH_STORE_CONFLICT', 'the process is no longer in the expected state', {
        where: 'state',
        status: 409,
        details: { expected },
      });
    }
    return updated;
  }

  async list(): Promise<P[]> {
    const pids = await redisCall('process list', () =>
      this.redis.smembers(this.keys.processIndex(this.kind)),
    );
    return this.getMany(pids);
  }

  protected async getMany(pids: string[]): Promise<P[]> {
    const out: P[] = [];
    for (const pid of pids.sort()) {
      const p = await this.get(pid);
      if (p) out.push(p);
    }
    return out;
  }
}

export class RedisNegotiationStore extends RedisProcessStore<StoredNegotiation> {
  constructor(redis: Redis, keys: Keyspace) {
    super(redis, keys, 'cn');
  }
}

export class RedisTransferStore extends RedisProcessStore<StoredTransfer> implements TransferStore {
  constructor(redis: Redis, keys: Keyspace) {
    super(redis, keys, 'tp');
  }

  protected override extraIndex(process: StoredTransfer): string {
    return this.keys.transfersByAgreement(process.agreementId);
  }

  async findByAgreement(agreementId: string): Promise<StoredTransfer[]> {
    const key = this.keys.transfersByAgreement(agreementId);
    return this.getMany(await redisCall('transfer by agreement', () => this.redis.smembers(key)));
  }
}
