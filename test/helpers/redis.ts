/**
 * A private redis-server for tests (`connector/redis/private-server.ts`): a free loopback port, its own
 * temporary directory, AOF on, so tests never touch the machine's shared Redis on 6379. If REDIS_URL is set,
 * that server is used instead and nothing is started.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateRedis } from '../../connector/redis/private-server';

export { freePort } from '../../connector/redis/private-server';

export interface TestRedis {
  url: string;
  host: string;
  port: number;
  dir: string;
  /** Stop the server and remove its directory. Safe to call twice. */
  stop(): Promise<void>;
  /** Stop and start again on the same port and dir (AOF replays). */
  restart(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const envUrl = process.env.REDIS_URL;
  if (envUrl) {
    const u = new URL(envUrl);
    return {
      url: envUrl,
      host: u.hostname,
      port: Number(u.port || 6379),
      dir: '',
      stop: async () => undefined,
      restart: async () => {
        throw new Error('cannot restart an external REDIS_URL server');
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kh-redis-'));
  const redis = await startPrivateRedis({ dir });
  return {
    url: redis.url,
    host: redis.host,
    port: redis.port,
    dir,
    stop: async () => {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    restart: () => redis.restart(),
  };
}
