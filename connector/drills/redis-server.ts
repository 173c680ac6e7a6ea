/**
 * A private `redis-server` child for the drills (`connector/redis/private-server.ts`): a free loopback port
 * (never 6379), its own data folder, AOF on with `appendfsync always`, so a restart (graceful or SIGKILL) loses
 * no acknowledged write.
 */
import { startPrivateRedis } from '../redis/private-server';

export interface RedisChild {
  url: string;
  port: number;
  /** Stop (SIGTERM, or SIGKILL when `hard`) and start again on the same port and folder. */
  restart(hard?: boolean): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedisChild(dir: string): Promise<RedisChild> {
  const redis = await startPrivateRedis({ dir, appendfsync: 'always', errorCode: 'KH_DRILL_NO_REDIS' });
  return {
    url: redis.url,
    port: redis.port,
    restart: (hard) => redis.restart(hard),
    stop: () => redis.stop(),
  };
}
