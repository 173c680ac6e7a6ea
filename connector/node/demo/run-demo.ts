/**
 * `kakehashi demo`: the whole federation on this machine. Seeds (and `--extra` records) are published by
 * their companies on both simulated platforms — on Catena-X signed by the companies themselves (their own SD-JWT
 * VC, holder = the CX node: the node's signed intake), on Ouranos natively (the node issues with the company
 * key it keeps: the custody path), so both ways into a node run; the run waits until every record is delivered or
 * dead-lettered, then reports per direction and checks, on the receiving platform, that no withheld
 * supplier identity arrived.
 */
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isKhError } from '../../errors';
import { getAdapter, type PlatformAdapter } from '../../../adapters';
import { identifyOuranosRecord } from '../../../adapters/ouranos/simulator';
import { identifyCatenaXRecord } from '../../../adapters/catena-x/simulator';
import { createPublicKey } from 'node:crypto';
import { createHttpPlatformClient } from '../platform-client';
import { createCompanyKeyReader } from '../company-keys';
import { adapterWithDirectoryFile } from '../directory';
import { signPublication } from '../intake';
import type { PlatformName } from '../config';
import { startFederation, OTHER, type Federation } from './federation';
import { startDemoRedis } from './private-redis';
import { setUpCertifications } from './certification-setup';
import { seedDirectoryFile } from './seed-directory';

export interface DirectionReport {
  from: PlatformName;
  to: PlatformName;
  published: number;
  delivered: number;
  verified: number;
  refused: number;
  withheld: Record<string, number>;
  certifications: Record<string, number>;
}

export interface DemoReport {
  directions: DirectionReport[];
  deadLetters: number;
  ok: boolean;
}

export interface DemoOptions {
  keep?: string;
  extra?: string;
  serve?: boolean;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Progress lines (not used with --json). */
  progress?: (line: string) => void;
  /** Called when --serve is on and everything runs; resolve to stop. */
  waitForStop?: (fed: Federation) => Promise<void>;
}

const PLATFORMS: PlatformName[] = ['ouranos', 'catena-x'];
export const SEED_DIR = path.resolve(__dirname, '../../../seeds/records');

interface NativeFile {
  platform: PlatformName;
  file: string;
  record: unknown;
  recordId: string;
  version: string;
  publisher: string;
}

const adapterFor = (p: PlatformName): PlatformAdapter => getAdapter(p);
/** Platforms whose companies sign their records themselves in the demo (the others publish natively). */
const SIGNED_BY_COMPANY: ReadonlySet<PlatformName> = new Set<PlatformName>(['catena-x']);

function readNative(platform: PlatformName, dir: string): NativeFile[] {
  if (!existsSync(dir)) return [];
  const identify = platform === 'ouranos' ? identifyOuranosRecord : identifyCatenaXRecord;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      const record: unknown = JSON.parse(readFileSync(file, 'utf8'));
      const id = identify(record);
      return {
        platform,
        file,
        record,
        recordId: id.recordId,
        version: id.version,
        publisher: id.publisher ?? '',
      };
    });
}

const subjectOf = (adapter: PlatformAdapter, record: unknown): string | undefined => {
  try {
    return adapter.toCanonical(record).credentialSubject.id;
  } catch {
    return undefined;
  }
};

/** Supplier names and identifiers of a record (strings of 6+ characters), to prove none arrived. */
function withheldNeedles(adapter: PlatformAdapter, record: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (
      typeof v === 'string' &&
      v.length >= 6 &&
      (key === 'supplierName' || key === 'supplierIdentifier')
    ) {
      out.push(v);
    }
  };
  try {
    walk(adapter.toCanonical(record).credentialSubject.supplyChain);
  } catch {
    // a record that does not map is refused by the pipeline and reported there
  }
  return out;
}

/** How many withheld values of its own source record each received record carries (should be none). */
function countLeaks(
  source: NativeFile[],
  received: ReadonlyArray<{ record: unknown }>,
  from: PlatformAdapter,
  to: PlatformAdapter,
): number {
  const needles = new Map<string, string[]>();
  for (const r of source) {
    const id = subjectOf(from, r.record);
    if (id) needles.set(id, [...(needles.get(id) ?? []), ...withheldNeedles(from, r.record)]);
  }
  let leaks = 0;
  for (const r of received) {
    const text = JSON.stringify(r.record);
    for (const needle of needles.get(subjectOf(to, r.record) ?? '') ?? [])
      if (text.includes(needle)) leaks += 1;
  }
  return leaks;
}

export async function runDemo(opts: DemoOptions = {}): Promise<DemoReport> {
  const say = opts.progress ?? (() => undefined);
  const stateDir = opts.keep ? path.resolve(opts.keep) : mkdtempSync(path.join(tmpdir(), 'kakehashi-demo-'));
  mkdirSync(stateDir, { recursive: true });
  const redis = await startDemoRedis(path.join(stateDir, 'redis'), opts.env ?? process.env);
  const adapters = { ouranos: adapterFor('ouranos'), 'catena-x': adapterFor('catena-x') };
  const records = PLATFORMS.flatMap((p) => [
    ...readNative(p, path.join(SEED_DIR, p)),
    ...(opts.extra ? readNative(p, path.join(path.resolve(opts.extra), p)) : []),
  ]);
  const companies = [
    ...new Map(
      records.map((r) => [`${r.platform}|${r.publisher}`, { platform: r.platform, id: r.publisher }]),
    ).values(),
  ];
  let fed: Federation | undefined;
  try {
    say(`state directory: ${stateDir}`);
    say('generating both platform PKIs, certifiers, authorities and the MRA …');
    fed = await startFederation({
      redisUrl: redis.url,
      stateDir,
      companies,
      directory: seedDirectoryFile(),
      prepareTrust: ({ pkis }) => {
        const subjects = {} as Record<PlatformName, string[]>;
        for (const p of PLATFORMS) {
          subjects[p] = records
            .filter((r) => r.platform === p)
            .map((r) => {
              try {
                return adapters[p].toCanonical(r.record).credentialSubject.id ?? '';
              } catch {
                return '';
              }
            })
            .filter((s) => s.length > 0);
        }
        return setUpCertifications({ stateDir, pkis, subjects, revokeOne: 'catena-x' }).config;
      },
    });
    say('both platforms and both nodes are up; negotiating agreements over DSP (both ways) …');
    await fed.negotiateBoth();
    say(
      `publishing ${records.length} records (Catena-X companies sign their own; Ouranos ones publish natively) …`,
    );
    const refusedAtPublish = new Map<PlatformName, number>();
    const signedByCompany = new Map<PlatformName, number>();
    const signingAdapter = adapterWithDirectoryFile('catena-x', seedDirectoryFile());
    // The companies' own tools, once per platform: their keys and chains, and the node each credential is bound to.
    const sides = fed.sides;
    const signing = new Map(
      [...SIGNED_BY_COMPANY].map((p) => [
        p,
        {
          keyOf: createCompanyKeyReader(path.join(sides[p].dir, 'company-keys')),
          nodePublicJwk: createPublicKey(sides[p].nodeIdentity.certificatePem).export({ format: 'jwk' }),
        },
      ]),
    );
    for (const r of records) {
      const side = fed.sides[r.platform];
      const client = createHttpPlatformClient({
        platform: r.platform,
        url: side.simulatorUrl,
        apiKey: side.companyKeys.get(r.publisher) as string,
      });
      try {
        const signer = signing.get(r.platform);
        if (signer !== undefined) {
          // The company's own tool: its key and chain, holder = its platform's node (as `publish --sign`).
          const key = signer.keyOf(r.publisher);
          const signed = signPublication(r.record, {
            adapter: r.platform === 'catena-x' ? signingAdapter : adapters[r.platform],
            privateKey: key.privateKey,
            x5c: key.x5c,
            nodePublicJwk: signer.nodePublicJwk,
          });
          await client.publishSigned(signed.record, signed.credential);
          signedByCompany.set(r.platform, (signedByCompany.get(r.platform) ?? 0) + 1);
        } else {
          await client.publish(r.record);
        }
      } catch (err) {
        // The platform refused it (its native schema): reported as refused, the run goes on.
        refusedAtPublish.set(r.platform, (refusedAtPublish.get(r.platform) ?? 0) + 1);
        say(`${r.platform} refused ${path.basename(r.file)}: ${isKhError(err) ? err.code : 'error'}`);
      }
    }
    const deadline = Date.now() + (opts.timeoutMs ?? 180000);
    const settled = async (): Promise<boolean> => {
      for (const p of PLATFORMS) {
        const f = fed as Federation;
        const node = f.sides[p].node;
        const published = records.filter((r) => r.platform === p).length - (refusedAtPublish.get(p) ?? 0);
        const totals = node.outcomeTotals();
        const handled = totals.total - totals.byOutcome['no-transfer'];
        if (handled < published || !(await node.deliveriesSettled())) return false;
      }
      return true;
    };
    while (!(await settled())) {
      if (Date.now() > deadline) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    say(
      `published: ${PLATFORMS.map((p) => `${p} ${signedByCompany.get(p) ?? 0} signed by their companies`).join(', ')}`,
    );
    const report = await buildReport(fed, records, adapters, refusedAtPublish);
    if (opts.keep) await keepState(fed);
    if (opts.serve && opts.waitForStop) {
      say('serving; press Ctrl-C to stop');
      await opts.waitForStop(fed);
    }
    return report;
  } finally {
    await fed?.stop();
    await redis.stop();
    if (!opts.keep) rmSync(stateDir, { recursive: true, force: true });
  }
}

async function buildReport(
  fed: Federation,
  records: NativeFile[],
  adapters: Record<PlatformName, PlatformAdapter>,
  refusedAtPublish: Map<PlatformName, number>,
): Promise<DemoReport> {
  const directions: DirectionReport[] = [];
  let deadLetters = 0;
  let leaks = 0;
  for (const from of PLATFORMS) {
    const to = OTHER[from];
    const node = fed.sides[from].node;
    const mine = records.filter((r) => r.platform === from);
    const totals = node.outcomeTotals();
    const dead = (await node.handlers.listDeadLetters()).length;
    deadLetters += dead;
    const received = fed.sides[to].simulator.list('received');
    const { withheld, certifications } = totals;
    const audit = (await node.handlers.audit(10000)) as { action: string; outcome: string }[];
    leaks += countLeaks(mine, received, adapters[from], adapters[to]);
    directions.push({
      from,
      to,
      published: mine.length,
      delivered: audit.filter((a) => a.action === 'send' && a.outcome === 'ok').length,
      verified: received.filter((r) => r.verification?.verified === true).length,
      refused: totals.byOutcome.refused + dead + (refusedAtPublish.get(from) ?? 0),
      withheld,
      certifications,
    });
  }
  const ok =
    leaks === 0 &&
    deadLetters === 0 &&
    directions.every((d) => d.verified === d.published && d.refused === 0);
  return { directions, deadLetters, ok };
}

async function keepState(fed: Federation): Promise<void> {
  for (const p of PLATFORMS) {
    const side = fed.sides[p];
    const audit = await side.node.handlers.audit(10000);
    writeFileSync(path.join(side.dir, 'audit.jsonl'), audit.map((e) => JSON.stringify(e)).join('\n') + '\n');
    writeFileSync(
      path.join(side.dir, 'dead-letters.json'),
      `${JSON.stringify(await side.node.handlers.listDeadLetters(), null, 2)}\n`,
    );
  }
}

/** The human-readable summary. */
export function formatReport(r: DemoReport): string {
  const lines: string[] = [];
  for (const d of r.directions) {
    lines.push(`${d.from} → ${d.to}`);
    lines.push(
      `  published ${d.published}, delivered ${d.delivered}, verified ${d.verified}, refused ${d.refused}`,
    );
    const w = Object.entries(d.withheld);
    lines.push(`  withheld terms: ${w.length ? w.map(([k, v]) => `${k} ${v}`).join(', ') : 'none'}`);
    const c = Object.entries(d.certifications);
    lines.push(`  certifications: ${c.length ? c.map(([k, v]) => `${k} ${v}`).join(', ') : 'none'}`);
  }
  lines.push(`dead letters: ${r.deadLetters}`);
  lines.push(
    r.ok
      ? 'OK: every record arrived verified; no withheld value left its platform'
      : 'NOT OK: see above (and --keep <dir> to inspect)',
  );
  return `${lines.join('\n')}\n`;
}
