/**
 * The demo's Redis: `REDIS_URL` when set; otherwise a private `redis-server` from PATH on a free loopback
 * port, AOF on, data in the state directory (`connector/redis/private-server.ts`). No redis-server on PATH →
 * `KH_DEMO_NO_REDIS` with the install hint.
 */
import { startPrivateRedis } from '../../redis/private-server';

export interface DemoRedis {
  url: string;
  stop(): Promise<void>;
}

export async function startDemoRedis(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DemoRedis> {
  if (env.REDIS_URL) return { url: env.REDIS_URL, stop: async () => undefined };
  const redis = await startPrivateRedis({ dir: dataDir, errorCode: 'KH_DEMO_NO_REDIS' });
  return { url: redis.url, stop: () => redis.stop() };
}
