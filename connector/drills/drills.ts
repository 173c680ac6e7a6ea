/**
 * The fault drills. Each publishes N records on the sending platform (CX) while one fault is injected on
 * the way to the receiving node (OU), then waits for the run to settle and judges it (see `figures.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KhError } from '../errors';
import { generateRecords } from '../../seeds/generator';
import { identifyCatenaXRecord } from '../../adapters/catena-x/simulator';
import { catenaXAdapter } from '../../adapters/catena-x';
import {
  startDrillFederation,
  RECEIVER,
  SENDER,
  type DrillFederation,
  type PrepareSides,
} from './federation';
import type { NodeLauncher } from './node-child';
import { computeFigures, key, platformRecordKey, type DrillFigures } from './figures';
import { observe, refusedOnSender, verifiedCount } from './observe';
import { prepareCertificationWorld, type CertificationWorld } from './certification-setup';

export interface DrillRunOptions {
  records: number;
  launcher: NodeLauncher;
  seed?: number;
  /** How long a fault lasts (ms; default 5000). */
  faultMs?: number;
  /** Keep the state folder (default: only when the drill fails). */
  keepState?: boolean;
  log?: (line: string) => void;
}

interface DrillContext {
  fed: DrillFederation;
  records: unknown[];
  opts: Required<Pick<DrillRunOptions, 'records' | 'faultMs'>>;
  log: (line: string) => void;
}

export interface DrillDefinition {
  name: string;
  proves: string;
  /** Publish the records and inject the fault; resolves with the time (ms) the fault was cleared. */
  run(ctx: DrillContext): Promise<number>;
  /** Files to write before the nodes start (given the publishing companies' IRIs). */
  prepare?: (subjects: string[]) => PrepareSides;
  /** Drill-specific checks on the settled run; returns failures. */
  check?(ctx: DrillContext, published: string[]): string[];
  proxyDelayMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function receivedCount(fed: DrillFederation): number {
  return verifiedCount(fed);
}

async function waitReceived(fed: DrillFederation, n: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (receivedCount(fed) >= n) return true;
    await sleep(50);
  }
  return false;
}

/** Wait until `n` records are either received or refused by the sender (policy refusals never arrive). */
async function waitAccounted(fed: DrillFederation, n: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (receivedCount(fed) >= n) return true;
    if (receivedCount(fed) + (await refusedOnSender(fed)) >= n) return true;
    await sleep(1000);
  }
  return false;
}

/** Publish everything, wait until a quarter has arrived, then fault → hold → clear. */
function midRun(inject: (ctx: DrillContext) => Promise<void>, clear: (ctx: DrillContext) => Promise<void>) {
  return async (ctx: DrillContext): Promise<number> => {
    await ctx.fed.publish(ctx.records);
    await waitReceived(
      ctx.fed,
      Math.max(1, Math.floor(ctx.records.length / 4)),
      Math.max(120000, ctx.records.length * 1000),
    );
    ctx.log(`fault injected at ${receivedCount(ctx.fed)}/${ctx.records.length} received`);
    await inject(ctx);
    await clear(ctx);
    ctx.log(`fault cleared at ${receivedCount(ctx.fed)}/${ctx.records.length} received`);
    return Date.now();
  };
}

let certWorld: CertificationWorld | undefined;

export const DRILLS: DrillDefinition[] = [
  {
    name: 'peer-down',
    proves: 'deliveries to a stopped peer are retried with backoff and all arrive once it returns',
    run: midRun(
      async (c) => {
        await c.fed.sides[RECEIVER].node.kill('SIGTERM');
        await sleep(c.opts.faultMs);
      },
      async (c) => c.fed.sides[RECEIVER].node.start(),
    ),
  },
  {
    name: 'redis-restart',
    proves: 'a Redis restart (AOF on) loses no queued delivery, cursor, record or audit entry',
    run: midRun(
      async (c) => {
        await c.fed.redis.restart(false);
        await sleep(Math.min(2000, c.opts.faultMs));
      },
      async () => undefined,
    ),
  },
  {
    name: 'sender-kill',
    proves:
      'a sending node killed with SIGKILL mid-batch resumes from its Redis cursor and queue after restart',
    run: midRun(
      async (c) => c.fed.sides[SENDER].node.kill('SIGKILL'),
      async (c) => c.fed.sides[SENDER].node.start(),
    ),
  },
  {
    name: 'receiver-kill',
    proves:
      'a receiving node killed with SIGKILL mid-batch stores nothing twice and loses nothing after restart',
    run: midRun(
      async (c) => c.fed.sides[RECEIVER].node.kill('SIGKILL'),
      async (c) => c.fed.sides[RECEIVER].node.start(),
    ),
  },
  {
    name: 'slow-peer',
    proves: 'a peer answering slower than the delivery timeout causes retries, never duplicates',
    proxyDelayMs: 2500,
    run: midRun(
      async (c) => {
        c.fed.proxy.setMode('slow');
        await sleep(c.opts.faultMs);
      },
      async (c) => c.fed.proxy.setMode('pass'),
    ),
  },
  {
    name: 'peer-5xx',
    proves: 'a peer answering 503 for a while is retried with backoff; nothing is dead-lettered',
    run: midRun(
      async (c) => {
        c.fed.proxy.setMode('fail');
        await sleep(c.opts.faultMs);
      },
      async (c) => c.fed.proxy.setMode('pass'),
    ),
  },
  {
    name: 'certifier-revocation',
    proves: 'records sent after a certifier revokes arrive without that certification; earlier ones keep it',
    prepare:
      (subjects) =>
      ({ pkis, dirs }) => {
        certWorld = prepareCertificationWorld(pkis, dirs, subjects);
        return certWorld.config;
      },
    run: async (c) => {
      const half = Math.floor(c.records.length / 2);
      await c.fed.publish(c.records.slice(0, half));
      await waitAccounted(c.fed, half, Math.max(300000, half * 1000));
      certWorld?.revoke();
      c.log(`certifications revoked after ${receivedCount(c.fed)} records`);
      await c.fed.publish(c.records.slice(half));
      return Date.now();
    },
    check: (c) => {
      const half = Math.floor(c.records.length / 2);
      const byKey = new Map(
        c.fed.sides[RECEIVER].simulator
          .list('received')
          .map((r) => [platformRecordKey(r.recordId), r.verification?.certifications ?? {}]),
      );
      const failures: string[] = [];
      c.records.forEach((r, i) => {
        const id = identifyCatenaXRecord(r);
        const certs = byKey.get(platformRecordKey(id.recordId));
        if (!certs) return;
        const passed = Number(certs.passed ?? 0);
        if (i < half && passed < 1)
          failures.push(`record ${i} (before the revocation) arrived without its certification`);
        if (i >= half && passed > 0)
          failures.push(`record ${i} (after the revocation) arrived with a revoked certification`);
      });
      return failures.slice(0, 5).concat(failures.length > 5 ? [`… ${failures.length - 5} more`] : []);
    },
  },
];

export const DRILL_NAMES = DRILLS.map((d) => d.name);

/** Run one drill in a fresh federation and return its figures. */
export async function runDrill(def: DrillDefinition, opts: DrillRunOptions): Promise<DrillFigures> {
  const log = opts.log ?? (() => undefined);
  const records = generateRecords('catena-x', opts.records, opts.seed ?? 7);
  const publishers = [...new Set(records.map((r) => identifyCatenaXRecord(r).publisher ?? ''))];
  const issuers = [...new Set(records.map((r) => issuerIri(r)))];
  const stateDir = mkdtempSync(path.join(tmpdir(), `kh-drill-${def.name}-`));
  const prep = def.prepare?.(issuers);
  const fed = await startDrillFederation({
    stateDir,
    companies: publishers,
    launcher: opts.launcher,
    ...(prep ? { prepare: prep } : {}),
    ...(def.proxyDelayMs ? { proxyDelayMs: def.proxyDelayMs } : {}),
  });
  let figures: DrillFigures | undefined;
  try {
    await fed.connect();
    const ctx: DrillContext = {
      fed,
      records,
      opts: { records: opts.records, faultMs: opts.faultMs ?? 5000 },
      log: (l) => log(`${def.name}: ${l}`),
    };
    const published = records.map((r) => {
      const id = identifyCatenaXRecord(r);
      return key(id.recordId, id.version);
    });
    const clearedAt = await def.run(ctx);
    // Generous on purpose: a shared 2-core machine moves a few records a second under load.
    const deadline = Date.now() + 300000 + opts.records * 1000;
    let recoveredAt: number | undefined;
    const judge = async (): Promise<DrillFigures> => {
      const g = computeFigures(def.name, await observe(fed, published), 0, def.check?.(ctx, published));
      if (recoveredAt === undefined && g.lost === 0) recoveredAt = Math.max(clearedAt, Date.now());
      g.recoverSeconds = recoveredAt === undefined ? NaN : Math.round((recoveredAt - clearedAt) / 100) / 10;
      return g;
    };
    let f = await judge();
    // Settled when nothing owed is missing and only dead-lettered records (which never get a `send` ok) lack
    // an audit entry.
    while ((f.lost > 0 || f.unaudited > f.deadLetters) && Date.now() < deadline) {
      await sleep(opts.records > 500 ? 3000 : 1000);
      f = await judge();
    }
    if (f.lost > 0) {
      f.failures.push(
        new KhError('KH_DRILL_TIMEOUT', 'not every record arrived before the deadline').message,
      );
      f.passed = false;
    }
    figures = f;
    return f;
  } finally {
    await fed.stop().catch(() => undefined);
    if (figures?.passed && !opts.keepState) rmSync(stateDir, { recursive: true, force: true });
    else log(`${def.name}: state kept in ${stateDir}`);
  }
}

function issuerIri(record: unknown): string {
  const c = catenaXAdapter.toCanonical(record as never) as unknown as { issuer?: string | { id?: string } };
  return typeof c.issuer === 'string' ? c.issuer : (c.issuer?.id ?? '');
}

/** Run the named drills (all by default) one after the other. */
export async function runDrills(opts: DrillRunOptions & { only?: string }): Promise<DrillFigures[]> {
  if (!Number.isInteger(opts.records) || opts.records < 4) {
    throw new KhError('KH_DRILL_BAD_FLAG', '--records must be an integer of at least 4', {
      where: '--records',
    });
  }
  const chosen = opts.only === undefined ? DRILLS : DRILLS.filter((d) => d.name === opts.only);
  if (chosen.length === 0) {
    throw new KhError('KH_DRILL_UNKNOWN', `no drill named ${opts.only ?? ''}`, {
      where: '--only',
      details: { known: DRILL_NAMES },
    });
  }
  const out: DrillFigures[] = [];
  for (const d of chosen) out.push(await runDrill(d, opts));
  return out;
}
