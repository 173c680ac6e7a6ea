/**
 * The node's key-binding replay cache on Redis: one key per accepted key-binding JWT (its hash), kept until
 * the JWT could no longer be fresh.
 *
 * A plain `SET NX` is not safe here. When Redis stops (or the connection drops) after it ran the command but
 * before its reply arrived, ioredis sends the command again on the new connection
 * (`autoResendUnfulfilledCommands`), and the second `SET NX` finds the key the first one wrote: the node
 * would refuse its own first sight of a JWT as a replay, a permanent refusal the sender dead-letters. So each
 * `remember` writes a token of its own, and a claim that finds its own token is the same claim run twice.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AsyncReplayCache } from '../../certs/sd-jwt';
import { redisCall } from './redis-call';

/** KEYS: the replay key. ARGV: this claim's token, expiry (seconds since the epoch). 1 = fresh, 0 = replay. */
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if held == false then
  redis.call('SET', KEYS[1], ARGV[1], 'EXAT', ARGV[2])
  return 1
end
if held == ARGV[1] then return 1 end
return 0
`;

/**
 * Claim `key` for `token` until `expiresAt`: true when it was free or already held by this same token (a
 * re-sent claim), false when another claim holds it. Exported for tests.
 */
export async function claimReplayKey(
  redis: Redis,
  key: string,
  token: string,
  expiresAt: number,
): Promise<boolean> {
  const exat = Math.max(Math.floor(expiresAt), Math.floor(Date.now() / 1000) + 1);
  const r = await redisCall('replay check', () => redis.eval(CLAIM, 1, key, token, String(exat)));
  return r === 1;
}

/** The replay cache `verifySdJwtVcAsync` takes; keys live under `<keyPrefix>kb-replay:`. */
export function createRedisReplayCache(redis: Redis, keyPrefix: string): AsyncReplayCache {
  return {
    remember: (key, expiresAt) =>
      claimReplayKey(redis, `${keyPrefix}kb-replay:${key}`, randomBytes(12).toString('base64url'), expiresAt),
  };
}
