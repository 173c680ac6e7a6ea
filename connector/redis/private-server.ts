/**
 * A private `redis-server` child process: a free loopback port (never the machine's shared 6379), its own data
 * folder, AOF on. The demo, the benchmark, the drills and the tests all start their Redis through here, so each
 * run has its own server and nothing touches a shared one.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { createServer, Socket } from 'node:net';
import { KhError } from '../errors';

export interface PrivateRedisOptions {
  /** Data folder (created if missing): the AOF lives here, so a restart replays it. */
  dir: string;
  /** `always` loses no acknowledged write on a crash; `everysec` (default) at most one second of writes. */
  appendfsync?: 'always' | 'everysec';
  /** How long to wait for the first PING answer. Default 15 s. */
  startTimeoutMs?: number;
  /** Error code to throw when Redis is missing or does not start (callers keep their documented code). */
  errorCode?: string;
  /** The redis-server executable to run; default: the one on PATH. */
  binary?: string;
}

export interface PrivateRedis {
  url: string;
  host: '127.0.0.1';
  port: number;
  dir: string;
  /** The server's process id (changes on restart). */
  pid(): number | undefined;
  /** Stop (SIGTERM, or SIGKILL when `hard`) and start again on the same port and folder. */
  restart(hard?: boolean): Promise<void>;
  /** Stop the server (SIGTERM) and wait for it to exit; safe to call twice. */
  stop(): Promise<void>;
}

export const INSTALL_HINT =
  'install redis-server (Debian/Ubuntu: apt-get install -y redis-server) or set REDIS_URL to a running Redis';

/** Lowest port of the kernel's ephemeral range (Linux), the one outgoing connections take their ports from. */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 1024 ? low : 32768;
  } catch {
    return 32768;
  }
}

/** Binds `port` on 127.0.0.1 (0 = the kernel's choice) and releases it; the bound port, or undefined if taken. */
function probe(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' || err.code === 'EACCES' ? resolve(undefined) : reject(err),
    );
    srv.listen(port, '127.0.0.1', () => {
      const addr = srv.address();
      const bound = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(bound));
    });
  });
}

/**
 * A free TCP port on 127.0.0.1 for a server that binds it a moment later (a port that must be known first,
 * e.g. a peer's URL in the other node's configuration). It is taken below the kernel's ephemeral range when it
 * can be: a port from that range may be handed to an outgoing connection (a Redis client, an HTTP request) in
 * between, and the later bind then fails with EADDRINUSE. Falls back to the kernel's choice.
 */
export async function freePort(): Promise<number> {
  const high = ephemeralLow() - 1;
  const low = 20000;
  if (high > low) {
    for (let i = 0; i < 20; i += 1) {
      const port = await probe(randomInt(low, high + 1));
      if (port !== undefined) return port;
    }
  }
  return (await probe(0)) ?? 0;
}

/** The path of `redis-server` on PATH, or undefined. */
export function redisServerBinary(): string | undefined {
  try {
    const found = execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
    return found || undefined;
  } catch {
    return undefined;
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

export async function startPrivateRedis(opts: PrivateRedisOptions): Promise<PrivateRedis> {
  const code = opts.errorCode ?? 'KH_REDIS_UNAVAILABLE';
  const bin = opts.binary ?? redisServerBinary();
  if (!bin || !existsSync(bin))
    throw new KhError(code, `redis-server is not on PATH: ${INSTALL_HINT}`, { status: 503, where: 'PATH' });
  mkdirSync(opts.dir, { recursive: true });
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const c = spawn(
      bin,
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', opts.dir],
        ...['--appendonly', 'yes', '--appendfsync', opts.appendfsync ?? 'everysec', '--save', ''],
        ...['--daemonize', 'no', '--loglevel', 'warning'],
      ],
      { stdio: 'ignore' },
    );
    child = c;
    const deadline = Date.now() + (opts.startTimeoutMs ?? 15000);
    while (Date.now() < deadline && c.exitCode === null) {
      if (await ping(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    c.kill('SIGKILL');
    throw new KhError(code, 'the private redis-server did not answer PING in time', { status: 503 });
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
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
    dir: opts.dir,
    pid: () => child?.pid,
    restart: async (hard = false) => {
      await halt(hard ? 'SIGKILL' : 'SIGTERM');
      await start();
    },
    stop: () => halt('SIGTERM'),
  };
}
