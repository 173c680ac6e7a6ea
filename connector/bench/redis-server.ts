/**
 * A private redis-server for the bench: started from PATH on a free loopback port with its own temporary
 * directory (AOF on, as the node runs it), so the bench never touches a shared Redis. With `REDIS_URL`
 * set, that server is used instead and nothing is started (its RSS is then not reported).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KhError } from '../errors';

export interface BenchRedis {
  url: string;
  /** The redis-server's pid when the bench started it. */
  pid?: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function redisBinary(): string {
  try {
    const found = execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
    if (found) return found;
  } catch {
    // fall through
  }
  throw new KhError('KH_BENCH_REDIS_UNAVAILABLE', 'redis-server is not on PATH and REDIS_URL is not set', {
    status: 503,
    where: 'PATH',
  });
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.once('error', () => resolve(false));
    s.connect(port, '127.0.0.1', () => {
      s.write('PING\r\n');
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
    });
  });
}

async function waitForPing(port: number, child: ChildProcess, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await pingOnce(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new KhError('KH_BENCH_REDIS_UNAVAILABLE', 'the private redis-server did not answer PING', {
    status: 503,
  });
}

export async function startBenchRedis(env: NodeJS.ProcessEnv = process.env): Promise<BenchRedis> {
  if (env.REDIS_URL) return { url: env.REDIS_URL, stop: async () => undefined };
  const bin = redisBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kh-bench-redis-'));
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: 'ignore' },
  );
  // If the driver exits early (Ctrl-C, an error), the private server goes with it.
  const killOnExit = (): void => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  await waitForPing(port, child);
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
