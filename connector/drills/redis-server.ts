/**
 * A private `redis-server` child for the drills: a free loopback port (never 6379), its own data folder,
 * AOF on with `appendfsync always`, so a restart (graceful or SIGKILL) loses no acknowledged write.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { Socket } from 'node:net';
import { KhError } from '../errors';
import { freePort } from './ports';

export interface RedisChild {
  url: string;
  port: number;
  /** Stop (SIGTERM, or SIGKILL when `hard`) and start again on the same port and folder. */
  restart(hard?: boolean): Promise<void>;
  stop(): Promise<void>;
}

function redisBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new KhError('KH_DRILL_NO_REDIS', 'redis-server is not on PATH', { status: 500 });
  }
}

function ping(port: number): Promise<boolean> {
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

export async function startRedisChild(dir: string): Promise<RedisChild> {
  const bin = redisBinary();
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const c = spawn(
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
        'always',
        '--save',
        '',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    );
    child = c;
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      if (c.exitCode !== null) break;
      if (await ping(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new KhError('KH_DRILL_CHILD_START', 'redis-server did not answer PING in time', { status: 500 });
  };
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
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
    port,
    restart: async (hard = false) => {
      await halt(hard ? 'SIGKILL' : 'SIGTERM');
      await start();
    },
    stop: () => halt('SIGTERM'),
  };
}
