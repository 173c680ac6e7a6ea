/**
 * The relay measurement over the real path: a private Redis, the two platform simulators (one process),
 * the sending and the receiving Kakehashi node (one process each, started by their composition root from
 * configuration files, mutual TLS on loopback). The driver publishes seed records on the sending
 * platform and follows both nodes' audit streams until every record is stored by the receiver (or
 * refused). Latency per record: accepted by the sending platform → stored-and-verified by the receiver.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PlatformName } from '../../adapters/types';
import { participantId, participantsOf } from '../../seeds/participants';
import { generateRecords } from '../../seeds/generator';
import { KhError } from '../errors';
import { watchAudit } from './audit-watch';
import { apiKeysFor, BENCH_NODE_IDS, createLayoutIdentities, OTHER_PLATFORM, writeLayout } from './layout';
import { platformParticipants } from '../node/node-folder';
import { createPublisher } from './publisher';
import { presignRecords, SEED_CHUNK, type Spool } from './presign';
import { rpcClient, type RpcClient } from './rpc';
import type { RssTracker } from './rss';
import { summarizeLatencies, type LatencySummary } from './stats';
import { freePort } from './redis-server';

export interface RelayOptions {
  records: number;
  concurrency: number;
  /** Offered load, records per second; undefined = as fast as the platform takes them. */
  rate?: number;
  source: PlatformName;
  seed: number;
  redisUrl: string;
  rss: RssTracker;
  /**
   * `signed` (default): the companies sign their records before the clock starts and publish them signed; the
   * sending node verifies and relays them (the relay as issue 6 defines it). `custody`: the records are
   * published natively and the sending node validates, maps and issues each one with the company key it
   * holds (the older path, for comparison).
   */
  intake?: 'signed' | 'custody';
  /** Write V8 CPU profiles of the node processes here (`node --cpu-prof`). */
  cpuProfDir?: string;
  /** Without a rate: records on their way at once (closed loop; default 4 × concurrency). */
  window?: number;
  /** Give up when nothing moves for this long (default 60 s). */
  stallSeconds?: number;
  onProgress?: (done: number, total: number) => void;
  /** A line per setup step (processes up, transfer started), for the progress output. */
  onPhase?: (line: string) => void;
}

export interface RelayResult extends LatencySummary {
  mode: 'two-node-processes-mtls';
  intake: 'signed' | 'custody';
  /** Signed intake: seconds the companies spent signing the records before the clock started. */
  presignSeconds?: number;
  direction: string;
  sent: number;
  records: number;
  refused: number;
  refusals: Record<string, number>;
  complete: boolean;
  seconds: number;
  recordsPerSecond: number;
  offeredRate?: number;
  /** Records the platform accepted per second while publishing (the load actually offered). */
  publishedPerSecond: number;
  loop: string;
}

interface Child {
  proc: ChildProcess;
  rpc: RpcClient;
}

function forkChild(role: string, name: string, cpuProfDir: string | undefined): Child {
  const execArgv = ['--require', require.resolve('tsx/cjs')];
  if (cpuProfDir)
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`, `--cpu-prof-name=${name}.cpuprofile`);
  const proc = fork(path.join(__dirname, 'child.ts'), [role], {
    execArgv,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return { proc, rpc: rpcClient(proc, name) };
}

async function stopChild(c: Child | undefined): Promise<void> {
  if (!c || c.proc.exitCode !== null) return;
  const exited = new Promise<void>((r) => c.proc.once('exit', () => r()));
  await c.rpc.call('stop').catch(() => undefined);
  const timer = setTimeout(() => c.proc.kill('SIGKILL'), 10000);
  await exited;
  clearTimeout(timer);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitForTransfer(sender: Child, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const list = await sender.rpc.call<{ role?: string; state?: string }[]>('transfers');
    if (list.some((t) => t.role === 'provider' && t.state === 'STARTED')) return;
    await sleep(100);
  }
  throw new KhError('KH_BENCH_NODE_FAILED', 'the push transfer did not start', { status: 500 });
}

export async function measureRelay(opts: RelayOptions): Promise<RelayResult> {
  const source = opts.source;
  const target = OTHER_PLATFORM[source];
  const stateDir = mkdtempSync(path.join(tmpdir(), 'kh-bench-'));
  const removeState = (): void => rmSync(stateDir, { recursive: true, force: true });
  process.once('exit', removeState);
  const companies = {
    ouranos: participantsOf('ouranos').map(participantId),
    'catena-x': participantsOf('catena-x').map(participantId),
  } as Record<PlatformName, string[]>;
  const keys = apiKeysFor(companies);
  const children: Child[] = [];
  let watcher: ReturnType<typeof watchAudit> | undefined;
  let publisher: ReturnType<typeof createPublisher> | undefined;
  let spool: Spool | undefined;
  const intake = opts.intake ?? 'signed';
  const setupStarted = performance.now();
  const phase = (what: string): void =>
    opts.onPhase?.(`relay: ${what} (${((performance.now() - setupStarted) / 1000).toFixed(1)} s)`);
  try {
    // All three processes load their modules at once; the nodes are started once the platforms listen.
    const platforms = forkChild('platforms', 'platforms', undefined);
    const sender = forkChild('node', 'sender-node', opts.cpuProfDir);
    const receiver = forkChild('node', 'receiver-node', opts.cpuProfDir);
    children.push(platforms, sender, receiver);
    const participants = Object.fromEntries(
      (['ouranos', 'catena-x'] as const).map((p) => [p, platformParticipants(p, keys[p])]),
    );
    const platformsUp = platforms.rpc.call<{ urls: Record<PlatformName, string> }>('start', { participants });
    // The keys are made while the children load their modules (the node files need the platforms' URLs).
    const publishing = {
      ouranos: source === 'ouranos' ? companies.ouranos : [],
      'catena-x': source === 'catena-x' ? companies['catena-x'] : [],
    };
    const identities = createLayoutIdentities(publishing);
    const { urls } = await platformsUp;
    const layout = writeLayout(
      {
        stateDir,
        redisUrl: opts.redisUrl,
        companies: publishing,
        platformUrls: urls,
        protocolPorts: { ouranos: await freePort(), 'catena-x': await freePort() },
        concurrency: opts.concurrency,
        pollIntervalMs: 50,
      },
      keys,
      identities,
    );
    phase('platforms up, node files written');
    if (intake === 'signed') {
      // The companies' work, before the clock: every record signed by its company, bound to the sending node.
      spool = presignRecords({
        source,
        records: opts.records,
        seed: opts.seed,
        companies: identities.companies[source],
        nodePublicJwk: createPublicKey(identities.nodes[source].certificatePem).export({ format: 'jwk' }),
        file: path.join(stateDir, 'signed-publications.spool'),
      });
      phase(`${spool.entries.length} records signed by their companies in ${spool.signSeconds.toFixed(1)} s`);
    }
    await Promise.all([
      sender.rpc.call('start', { platform: source, configFile: layout.sides[source].configFile }),
      receiver.rpc.call('start', { platform: target, configFile: layout.sides[target].configFile }),
    ]);
    phase('nodes up');
    opts.rss.track('platforms', platforms.proc.pid);
    opts.rss.track('sender-node', sender.proc.pid);
    opts.rss.track('receiver-node', receiver.proc.pid);
    await receiver.rpc.call('negotiate', BENCH_NODE_IDS[source]);
    await waitForTransfer(sender);
    phase('push transfer started');

    // ---- follow the outcome of every record
    const publishedAt = new Map<string, number>();
    const finished = new Set<string>();
    const latencies: number[] = [];
    const refusals: Record<string, number> = {};
    let stored = 0;
    let refused = 0;
    let lastStoredAt = 0;
    let lastProgressAt = performance.now();
    let sampled25 = false;
    const early = new Map<string, { at: number; code?: string }>();
    const settle = (key: string, at: number, code?: string): void => {
      if (finished.has(key)) return;
      const t0 = publishedAt.get(key);
      if (t0 === undefined) {
        // Seen in the audit before the publish call returned (or a record this run did not send).
        if (!early.has(key)) early.set(key, { at, ...(code === undefined ? {} : { code }) });
        return;
      }
      finished.add(key);
      lastProgressAt = at;
      if (code === undefined) {
        stored += 1;
        latencies.push(Math.max(0, at - t0));
        lastStoredAt = at;
        if (!sampled25 && stored >= opts.records / 4) {
          opts.rss.sample('25%');
          sampled25 = true;
        }
      } else {
        refused += 1;
        refusals[code] = (refusals[code] ?? 0) + 1;
      }
    };
    watcher = watchAudit(
      opts.redisUrl,
      {
        sender: `${layout.sides[source].keyPrefix}audit`,
        receiver: `${layout.sides[target].keyPrefix}audit`,
      },
      (e, at) => {
        settle(e.key, at, e.kind === 'refused' ? e.code : undefined);
      },
    );

    const stallMs = (opts.stallSeconds ?? 60) * 1000;
    const checkAlive = (): void => {
      const gone = children.find((c) => c.proc.exitCode !== null || c.proc.signalCode !== null);
      if (gone) {
        throw new KhError('KH_BENCH_NODE_FAILED', 'a bench process exited during the run', {
          status: 500,
          details: { exitCode: gone.proc.exitCode, signal: gone.proc.signalCode },
        });
      }
    };

    // ---- publish
    publisher = createPublisher(source, urls[source], keys[source].companies);
    const startedAt = performance.now();
    lastProgressAt = startedAt;
    opts.rss.markCpu('relay-start');
    let sent = 0;
    let index = 0;
    let chunk = 0;
    const inflightMax = Math.max(4, opts.concurrency * 4);
    const window = opts.window ?? Math.max(8, opts.concurrency * 4);
    const backlogMax = Math.max(1000, (opts.rate ?? 0) * 5);
    const inflight = new Set<Promise<void>>();
    const offer = async (publish: () => Promise<{ key: string; created: boolean }>): Promise<boolean> => {
      if (opts.rate !== undefined) {
        const due = startedAt + (index * 1000) / opts.rate;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
      }
      index += 1;
      // Closed loop without --rate: at most `window` records on their way (published, not yet settled).
      // With --rate: open loop, but never more than `backlogMax` outstanding (protects Redis memory).
      while (sent + inflight.size - (stored + refused) >= (opts.rate === undefined ? window : backlogMax)) {
        checkAlive();
        if (performance.now() - lastProgressAt > stallMs) break;
        opts.onProgress?.(stored + refused, opts.records);
        await sleep(opts.rate === undefined ? 2 : 5);
      }
      if (performance.now() - lastProgressAt > stallMs) return false;
      while (inflight.size >= inflightMax) await Promise.race(inflight);
      const p: Promise<void> = publish()
        .then(({ key, created }) => {
          if (!created || publishedAt.has(key)) return;
          const now = performance.now();
          publishedAt.set(key, now);
          sent += 1;
          const seen = early.get(key);
          if (seen !== undefined) settle(key, seen.at, seen.code);
        })
        .finally(() => inflight.delete(p));
      inflight.add(p);
      return true;
    };
    const pub = publisher;
    if (spool !== undefined) {
      const sp = spool;
      for (let i = 0; i < sp.entries.length; i += 1) {
        const e = sp.entries[i];
        if (!(await offer(() => pub.publishBody(sp.read(i), e)))) break;
      }
    } else {
      while (sent < opts.records) {
        const batch = generateRecords(source, SEED_CHUNK, opts.seed + chunk) as unknown[];
        chunk += 1;
        let going = true;
        for (const record of batch) {
          if (sent + inflight.size >= opts.records) break;
          going = await offer(() => pub.publish(record));
          if (!going) break;
        }
        await Promise.all(inflight);
        if (batch.length === 0 || !going) break;
      }
    }
    await Promise.all(inflight);
    const publishSeconds = (performance.now() - startedAt) / 1000;

    // ---- wait for the end
    while (stored + refused < sent && performance.now() - lastProgressAt < stallMs) {
      checkAlive();
      opts.onProgress?.(stored + refused, sent);
      await sleep(100);
    }
    opts.rss.markCpu('relay-end');
    if (!sampled25) opts.rss.sample('25%');
    opts.rss.sample('100%');
    opts.onProgress?.(stored + refused, sent);
    const seconds = ((lastStoredAt || performance.now()) - startedAt) / 1000;
    return {
      mode: 'two-node-processes-mtls',
      intake,
      ...(spool === undefined ? {} : { presignSeconds: spool.signSeconds }),
      direction: `${source} -> ${target}`,
      sent,
      records: stored,
      refused,
      refusals,
      complete: stored === sent,
      seconds,
      recordsPerSecond: stored / Math.max(seconds, 1e-9),
      ...(opts.rate === undefined ? {} : { offeredRate: opts.rate }),
      publishedPerSecond: sent / Math.max(publishSeconds, 1e-9),
      loop: opts.rate === undefined ? `closed, window ${window}` : 'open',
      ...summarizeLatencies(latencies),
    };
  } finally {
    publisher?.close();
    spool?.close();
    await watcher?.stop();
    // Both nodes at once, then the platforms (the nodes poll them until they stop).
    await Promise.all(children.filter((c) => c !== children[0]).map((c) => stopChild(c)));
    await stopChild(children[0]);
    process.removeListener('exit', removeState);
    removeState();
  }
}
