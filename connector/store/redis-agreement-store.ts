/** `AgreementStore` on Redis: agreement JSON under its id, plus an index by peer, written atomically. */
import type { Redis } from 'ioredis';
import type { Keyspace } from './keys';
import { fromJson, redisCall, toJson } from './redis-call';
import type { AgreementStore, StoredAgreement } from './types';

/** KEYS: agreement key, peer index. ARGV: json, agreement id. */
const PUT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  redis.call('SADD', KEYS[2], ARGV[2])
  return 1
end
return 0
`;

export class RedisAgreementStore implements AgreementStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keyspace,
  ) {}

  async put(agreement: StoredAgreement): Promise<{ created: boolean }> {
    const keys = [this.keys.agreement(agreement.agreementId), this.keys.agreementsByPeer(agreement.peerId)];
    const json = toJson(agreement, 'agreement');
    const r = await redisCall('agreement put', () =>
      this.redis.eval(PUT, 2, ...keys, json, agreement.agreementId),
    );
    return { created: r === 1 };
  }

  async get(agreementId: string): Promise<StoredAgreement | undefined> {
    const key = this.keys.agreement(agreementId);
    const json = await redisCall('agreement get', () => this.redis.get(key));
    return json === null ? undefined : fromJson<StoredAgreement>(json, 'agreement');
  }

  async listByPeer(peerId: string): Promise<StoredAgreement[]> {
    const key = this.keys.agreementsByPeer(peerId);
    const ids = (await redisCall('agreements by peer', () => this.redis.smembers(key))).sort();
    const out: StoredAgreement[] = [];
    for (const id of ids) {
      const a = await this.get(id);
      if (a) out.push(a);
    }
    return out;
  }
}
