/**
 * A private redis-server for the bench (`connector/redis/private-server.ts`): a free loopback port with its own
 * temporary directory (AOF on, as the node runs it), so the bench never touches a shared Redis. With
 * `REDIS_URL` set, that server is used instead and nothing is started (its RSS is then not reported).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateRedis } from '../redis/private-server';

export { freePort } from '../redis/private-server';

export interface BenchRedis {
  url: string;
  /** The redis-server's pid when the bench started it. */
  pid?: number;
  stop(): Promise<void>;
}

export async function startBenchRedis(env: NodeJS.ProcessEnv = process.env): Promise<BenchRedis> {
  if (env.REDIS_URL) return { url: env.REDIS_URL, stop: async () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'kh-bench-redis-'));
  const redis = await startPrivateRedis({ dir, errorCode: 'KH_BENCH_REDIS_UNAVAILABLE' });
  const pid = redis.pid();
  // If the driver exits early (Ctrl-C, an error), the private server goes with it.
  const killOnExit = (): void => {
    try {
      if (pid !== undefined) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  return {
    url: redis.url,
    pid,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
