/**
 * A Kakehashi node as a child process, so that a drill can SIGKILL it mid-batch and start it again with
 * the same configuration (same ports, same Redis state). Output goes to `<logFile>`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import path from 'node:path';
import axios from 'axios';
import { KhError } from '../errors';

/** How a node child is launched: through the CLI (`kakehashi node start`) or the drills' own entry. */
export type NodeLauncher = 'cli' | 'entry';

export interface NodeChildOptions {
  configFile: string;
  managementUrl: string;
  logFile: string;
  launcher: NodeLauncher;
  /** How long a start may take until /health answers (default 180 000 ms: tsx compiles on a busy machine). */
  startTimeoutMs?: number;
}

export interface NodeChild {
  readonly managementUrl: string;
  start(): Promise<void>;
  /** SIGKILL (no cleanup at all) or SIGTERM (graceful stop); resolves when the process is gone. */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  restart(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  running(): boolean;
}

const REPO = path.resolve(__dirname, '..', '..');

function commandLine(opts: NodeChildOptions): string[] {
  if (opts.launcher === 'cli') {
    return [
      path.join(REPO, 'connector', 'cli', 'kakehashi.js'),
      'node',
      'start',
      '--config',
      opts.configFile,
    ];
  }
  return [
    '--require',
    require.resolve('tsx/cjs'),
    path.join(__dirname, 'node-process.ts'),
    '--config',
    opts.configFile,
  ];
}

async function healthy(url: string): Promise<boolean> {
  try {
    const r = await axios.get(`${url}/health`, { timeout: 1000, validateStatus: () => true });
    return r.status === 200;
  } catch {
    return false;
  }
}

export function createNodeChild(opts: NodeChildOptions): NodeChild {
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const fd = openSync(opts.logFile, 'a');
    const c = spawn(process.execPath, commandLine(opts), {
      stdio: ['ignore', fd, fd],
      cwd: REPO,
      env: process.env,
    });
    closeSync(fd);
    child = c;
    const deadline = Date.now() + (opts.startTimeoutMs ?? 180000);
    while (Date.now() < deadline) {
      if (c.exitCode !== null) break;
      if (await healthy(opts.managementUrl)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new KhError('KH_DRILL_CHILD_START', 'a node child did not answer /health in time', {
      status: 500,
      where: opts.logFile,
    });
  };
  const kill = async (signal: 'SIGKILL' | 'SIGTERM'): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill(signal);
    });
  };
  return {
    managementUrl: opts.managementUrl,
    start,
    kill,
    restart: async (signal) => {
      await kill(signal);
      await start();
    },
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
  };
}
