/**
 * The dead-letter store of one peer's delivery queue: a Redis hash `<prefix>:<queue>:dead-letters`,
 * field = job id, value = the DeadLetter JSON. Its own key, beside BullMQ's, so an operator can list and
 * retry entries whatever BullMQ keeps of failed jobs.
 */
import type { Redis } from 'ioredis';
import { KhError } from '../errors';
import type { DeadLetter } from './types';

/**
 * Write the entry if the id has none; finding this very entry is this same write run twice (ioredis re-sends
 * a command whose reply was lost with the connection), so it counts as written.
 */
const PUT_IF_ABSENT = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then return 1 end
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return 1 end
return 0
`;

/** Delete the field only if it still holds the value read (a fresh failure in between is kept). */
const DELETE_IF_UNCHANGED = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
`;

export class RedisDeadLetterStore {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
  ) {}

  async put(entry: DeadLetter): Promise<void> {
    await this.redis.hset(this.key, entry.id, JSON.stringify(entry));
  }

  /** Write only if no entry exists for the id (fallback path for jobs failed outside the processor). */
  async putIfAbsent(entry: DeadLetter): Promise<boolean> {
    return (await this.redis.eval(PUT_IF_ABSENT, 1, this.key, entry.id, JSON.stringify(entry))) === 1;
  }

  async getRaw(id: string): Promise<string | null> {
    return this.redis.hget(this.key, id);
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const raw = await this.getRaw(id);
    return raw === null ? undefined : parse(raw);
  }

  async list(): Promise<DeadLetter[]> {
    const all = await this.redis.hgetall(this.key);
    return Object.values(all)
      .map(parse)
      .sort((a, b) => (a.deadAt < b.deadAt ? -1 : a.deadAt > b.deadAt ? 1 : a.id.localeCompare(b.id)));
  }

  async remove(id: string): Promise<void> {
    await this.redis.hdel(this.key, id);
  }

  async removeIfUnchanged(id: string, raw: string): Promise<boolean> {
    return (await this.redis.eval(DELETE_IF_UNCHANGED, 1, this.key, id, raw)) === 1;
  }
}

function parse(raw: string): DeadLetter {
  try {
    return JSON.parse(raw) as DeadLetter;
  } catch (cause) {
    throw new KhError('KH_DELIVERY_UNAVAILABLE', 'a dead-letter entry is not JSON', { status: 500, cause });
  }
}
