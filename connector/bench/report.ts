/** The bench report: the JSON object `--json` prints and the table printed otherwise (pure). */
import { cpus } from 'node:os';
import type { RelayResult } from './relay';
import type { StageBreakdown } from './stages';
import { isFlat } from './rss';
import { round } from './stats';

export interface BenchReport {
  relay: {
    records: number;
    recordsPerSecond: number;
    p50Ms: number;
    p95Ms: number;
    p99Ms: number;
    sent: number;
    refused: number;
    refusals: Record<string, number>;
    complete: boolean;
    mode: string;
    /** `signed`: records signed by their companies before the clock (issue 6's relay); `custody`: the node issues. */
    intake: string;
    /** Signed intake: seconds the companies spent signing before the clock (not in the relay figure). */
    presignSeconds: number | null;
    direction: string;
    concurrency: number;
    offeredRate: number | null;
    publishedPerSecond: number;
    loop: string;
    maxMs: number;
  };
  issuance: { recordsPerSecondPerCore: number; records: number };
  floor: { recordsPerSecond: number; records: number };
  /** Measured on a sample of the records (`records`), not on every record relayed. */
  reference: { recordsPerSecond: number; records: number; stack: string; sample: string };
  ratios: { relayToFloor: number; relayToReference: number };
  rssMb: Record<string, number>;
  rssFlat: Record<string, { at25Mb: number; at100Mb: number; flat: boolean }>;
  /**
   * CPU (user + system, from /proc) each process spent during the relay, per record stored, ms: where the
   * machine's cores went (the driver's share is publishing and following the audit streams).
   */
  cpuMsPerRecord: Record<string, number>;
  /** Each stage of the path alone, mean ms per record (in the driver, on the sample). */
  stages: StageBreakdown;
  machine: { cores: number; node: string; cpu: string };
}

export interface ReportParts {
  relay: RelayResult;
  concurrency: number;
  issuance: { recordsPerSecondPerCore: number; records: number };
  floor: { recordsPerSecond: number; records: number };
  reference: { recordsPerSecond: number; records: number };
  stages: StageBreakdown;
  peakMb: Record<string, number>;
  at25: Record<string, number>;
  at100: Record<string, number>;
  /** CPU seconds per process during the relay (`RssTracker.cpuBetween`). */
  cpuSeconds?: Record<string, number>;
}

export function buildReport(p: ReportParts): BenchReport {
  const rssFlat: BenchReport['rssFlat'] = {};
  for (const [name, start] of Object.entries(p.at25)) {
    const end = p.at100[name];
    if (end === undefined) continue;
    rssFlat[name] = { at25Mb: round(start), at100Mb: round(end), flat: isFlat(start, end) };
  }
  const ratio = (a: number, b: number): number => (b > 0 ? round(a / b, 3) : 0);
  return {
    relay: {
      records: p.relay.records,
      recordsPerSecond: round(p.relay.recordsPerSecond),
      p50Ms: round(p.relay.p50Ms),
      p95Ms: round(p.relay.p95Ms),
      p99Ms: round(p.relay.p99Ms),
      sent: p.relay.sent,
      refused: p.relay.refused,
      refusals: p.relay.refusals,
      complete: p.relay.complete,
      mode: p.relay.mode,
      intake: p.relay.intake,
      presignSeconds: p.relay.presignSeconds === undefined ? null : round(p.relay.presignSeconds),
      direction: p.relay.direction,
      concurrency: p.concurrency,
      offeredRate: p.relay.offeredRate ?? null,
      publishedPerSecond: round(p.relay.publishedPerSecond),
      loop: p.relay.loop,
      maxMs: round(p.relay.maxMs),
    },
    issuance: {
      recordsPerSecondPerCore: round(p.issuance.recordsPerSecondPerCore),
      records: p.issuance.records,
    },
    floor: { recordsPerSecond: round(p.floor.recordsPerSecond), records: p.floor.records },
    reference: {
      recordsPerSecond: round(p.reference.recordsPerSecond, 2),
      records: p.reference.records,
      stack: '@digitalbazaar/vc + eddsa-rdfc-2022 (sign + verify)',
      sample: `${p.reference.records} of the ${p.relay.sent} records relayed (--reference-sample)`,
    },
    ratios: {
      relayToFloor: ratio(p.relay.recordsPerSecond, p.floor.recordsPerSecond),
      relayToReference: ratio(p.relay.recordsPerSecond, p.reference.recordsPerSecond),
    },
    rssMb: Object.fromEntries(Object.entries(p.peakMb).map(([k, v]) => [k, round(v)])),
    rssFlat,
    cpuMsPerRecord: Object.fromEntries(
      Object.entries(p.cpuSeconds ?? {}).map(([k, v]) => [
        k,
        round((v * 1000) / Math.max(p.relay.records, 1), 3),
      ]),
    ),
    stages: p.stages,
    machine: { cores: cpus().length, node: process.version, cpu: cpus()[0]?.model ?? 'unknown' },
  };
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const num = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** A readable table of the report. */
export function formatTable(r: BenchReport): string {
  const rows: [string, string, string][] = [
    [
      'relay',
      `${num(r.relay.recordsPerSecond)} records/s`,
      `${r.relay.records}/${r.relay.sent} stored, ${r.relay.direction}, ${r.relay.mode}, ${
        r.relay.intake === 'signed' ? 'records signed by their companies' : 'node issues (custody)'
      }`,
    ],
    [
      '  latency',
      `p50 ${num(r.relay.p50Ms)} ms`,
      `p95 ${num(r.relay.p95Ms)} ms, p99 ${num(r.relay.p99Ms)} ms, max ${num(r.relay.maxMs)} ms`,
    ],
    [
      '  offered',
      r.relay.offeredRate === null ? 'as fast as it goes' : `${num(r.relay.offeredRate)} records/s`,
      `${r.relay.loop} loop, published ${num(r.relay.publishedPerSecond)} records/s, delivery concurrency ${r.relay.concurrency}`,
    ],
    [
      'issuance',
      `${num(r.issuance.recordsPerSecondPerCore)} records/s/core`,
      `${r.issuance.records} records, one thread`,
    ],
    [
      'floor',
      `${num(r.floor.recordsPerSecond)} records/s`,
      `${r.floor.records} records: JSON, 1 RSA verify, SHA-256 per disclosure`,
    ],
    [
      'reference',
      `${num(r.reference.recordsPerSecond)} records/s`,
      `on a sample: ${r.reference.sample}; ${r.reference.stack}`,
    ],
    ['relay/floor', num(r.ratios.relayToFloor), 'target >= 0.25'],
    ['relay/reference', num(r.ratios.relayToReference), 'target >= 20'],
  ];
  for (const [name, peak] of Object.entries(r.rssMb)) {
    const f = r.rssFlat[name];
    rows.push([
      `rss ${name}`,
      `${num(peak)} MB peak`,
      f ? `${num(f.at25Mb)} MB at 25%, ${num(f.at100Mb)} MB at 100%: ${f.flat ? 'flat' : 'GROWING'}` : '',
    ]);
  }
  const cpu = Object.entries(r.cpuMsPerRecord);
  if (cpu.length > 0) {
    rows.push([
      'cpu (ms/rec)',
      cpu.reduce((a, [, v]) => a + v, 0).toFixed(2),
      `during the relay, all processes: ${cpu.map(([k, v]) => `${k} ${v}`).join(', ')}`,
    ]);
  }
  const st = r.stages;
  rows.push([
    'stages (ms/rec)',
    Object.values(st.msPerRecord)
      .reduce((a, b) => a + b, 0)
      .toFixed(2),
    `${Object.entries(st.msPerRecord)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; ${st.disclosuresIssued} disclosures/record`,
  ]);
  rows.push([
    '  company side',
    Object.values(st.companyMsPerRecord)
      .reduce((a, b) => a + b, 0)
      .toFixed(2),
    `before the relay (not in it): ${Object.entries(st.companyMsPerRecord)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ]);
  rows.push([
    '  presentation',
    `${num(st.presentationBytes / 1024)} KB`,
    `${st.disclosuresPresented} disclosures presented; JSON-LD fallbacks to full expansion: ${st.jsonldFallbacks}`,
  ]);
  for (const [k, v] of Object.entries(st.whatIfMsPerRecord)) rows.push(['  what if', `${v} ms/rec`, k]);
  rows.push([
    '  without frame',
    `${st.disclosuresWithoutFrame} disclosures/record`,
    `what-if: every leaf disclosable; presentation ${num(st.presentationBytesWithoutFrame / 1024)} KB`,
  ]);
  if (r.relay.refused > 0) rows.push(['refused', String(r.relay.refused), JSON.stringify(r.relay.refusals)]);
  rows.push(['machine', `${r.machine.cores} cores`, `${r.machine.cpu}, node ${r.machine.node}`]);
  const w0 = Math.max(...rows.map((x) => x[0].length)) + 2;
  const w1 = Math.max(...rows.map((x) => x[1].length)) + 2;
  return `${rows.map(([a, b, c]) => `${pad(a, w0)}${pad(b, w1)}${c}`.trimEnd()).join('\n')}\n`;
}
