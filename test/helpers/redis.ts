/**
 * A private redis-server for tests: started on a free loopback port with its own temporary directory
 * (AOF on), so tests never touch the machine's shared Redis on 6379. If REDIS_URL is set, that server is
 * used instead and nothing is started.
 */
import { spawn, ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  url: string;
  host: string;
  port: number;
  dir: string;
  /** Stop the server (SIGTERM, then wait for exit). Safe to call twice. */
  stop(): Promise<void>;
  /** Kill and start again on the same port and dir (AOF replays). */
  restart(): Promise<void>;
}

export async function freePort(): Promise<number> {
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
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('redis-server not found on PATH: install it (Debian: apt-get install -y redis-server)');
  }
}

async function waitForPing(port: number, child: ChildProcess, timeoutMs = 10000): Promise<void> {
  const { Socket } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
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
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not answer PING in time');
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
  const bin = redisBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kh-redis-'));
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(
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
    await waitForPing(port, child);
  };
  const stopChild = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill(signal);
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    dir,
    stop: async () => {
      await stopChild('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await stopChild('SIGTERM');
      await start();
    },
  };
}
