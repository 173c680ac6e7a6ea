/** `RecordStore` on Redis: one hash per record version, written with its indexes by one Lua script. */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { KhError } from '../errors';
import type { RecordProvenance } from '../dsp/usage/onward-transfer';
import type { Keyspace } from './keys';
import { fromJson, redisCall, toJson } from './redis-call';
import type { NewRecord, RecordStore, StoredRecord } from './types';

/**
 * KEYS: record hash, versions list, origin index set. ARGV: version, recordId, write id, then field/value
 * pairs (the write id among them). All-or-nothing: Redis runs the script atomically and it only writes when
 * the hash does not exist. A hash carrying this call's write id is this same put run twice (ioredis re-sends
 * a command whose reply was lost with the connection): created, not a duplicate.
 */
const PUT_IF_ABSENT = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('HGET', KEYS[1], 'writeId') == ARGV[3] then return 1 end
  return 0
end
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
return 1
`;

function checkProvenance(p: RecordProvenance): void {
  const ok =
    p && (p.origin === 'own' || (p.origin === 'peer' && typeof p.peerId === 'string' && p.peerId !== ''));
  if (!ok)
    throw new KhError('KH_STORE_INVALID_INPUT', 'provenance must be own or peer with a peerId', {
      where: 'provenance',
      status: 400,
    });
}

export class RedisRecordStore implements RecordStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keyspace,
  ) {}

  async putIfAbsent(record: NewRecord): Promise<{ created: boolean }> {
    checkProvenance(record.provenance);
    if (typeof record.original !== 'string' || record.original === '') {
      throw new KhError('KH_STORE_INVALID_INPUT', 'original must be the non-empty compact SD-JWT VC', {
        where: 'original',
        status: 400,
      });
    }
    const keys = [
      this.keys.record(record.recordId, record.version),
      this.keys.recordVersions(record.recordId),
      this.keys.recordsByOrigin(record.provenance.origin),
    ];
    const writeId = randomBytes(12).toString('base64url');
    const fields = [
      'recordId',
      record.recordId,
      'version',
      record.version,
      'provenance',
      toJson(record.provenance, 'provenance'),
      'nativeView',
      toJson(record.nativeView, 'nativeView'),
      'original',
      record.original,
      'storedAt',
      record.storedAt ?? new Date().toISOString(),
      'writeId',
      writeId,
    ];
    const created = await redisCall('record put', () =>
      this.redis.eval(
        PUT_IF_ABSENT,
        keys.length,
        ...keys,
        record.version,
        record.recordId,
        writeId,
        ...fields,
      ),
    );
    return { created: created === 1 };
  }

  async get(recordId: string, version: string): Promise<StoredRecord | undefined> {
    const key = this.keys.record(recordId, version);
    const h = await redisCall('record get', () => this.redis.hgetall(key));
    if (Object.keys(h).length === 0) return undefined;
    return {
      recordId: h.recordId,
      version: h.version,
      provenance: fromJson<RecordProvenance>(h.provenance, 'provenance'),
      nativeView: fromJson<unknown>(h.nativeView, 'nativeView'),
      original: h.original,
      storedAt: h.storedAt,
    };
  }

  async has(recordId: string, version: string): Promise<boolean> {
    const key = this.keys.record(recordId, version);
    return (await redisCall('record exists', () => this.redis.exists(key))) === 1;
  }

  async getLatest(recordId: string): Promise<StoredRecord | undefined> {
    const key = this.keys.recordVersions(recordId);
    const last = await redisCall('record latest', () => this.redis.lindex(key, -1));
    return last === null ? undefined : this.get(recordId, last);
  }

  async listVersions(recordId: string): Promise<string[]> {
    const key = this.keys.recordVersions(recordId);
    return redisCall('record versions', () => this.redis.lrange(key, 0, -1));
  }

  async listRecordIds(origin: 'own' | 'peer'): Promise<string[]> {
    const key = this.keys.recordsByOrigin(origin);
    const ids = await redisCall('record ids', () => this.redis.smembers(key));
    return ids.sort();
  }
}
