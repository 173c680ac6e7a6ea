/**
 * `kakehashi bench`: issuance, floor and reference on a sample of the seed records (in this process), then
 * the relay over the real two-node path (child processes), then the report.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { PlatformName } from '../../adapters/types';
import { measureFloor, type FloorInput } from './floor';
import { measureIssuance } from './issuance';
import { measureReference } from './reference';
import { measureRelay } from './relay';
import { buildReport, type BenchReport } from './report';
import { startBenchRedis } from './redis-server';
import { RssTracker } from './rss';
import { measureStages } from './stages';
import { buildWorkload, signerFor } from './workload';

export interface BenchOptions {
  /** Records relayed (default 20,000). */
  records: number;
  /** Delivery concurrency per node (BullMQ worker concurrency). */
  concurrency: number;
  /** Offered load (records/s); undefined = as fast as it goes. */
  rate?: number;
  /** Records issued and run through the floor (default min(records, 500)). */
  sample: number;
  /** Records signed and verified by the reference stack (default min(records, 50): a sample, it is slow). */
  referenceSample: number;
  source: PlatformName;
  /** How records enter the sending node: signed by their companies (default) or issued by the node. */
  intake: 'signed' | 'custody';
  seed: number;
  cpuProfDir?: string;
}

export const DEFAULT_BENCH_OPTIONS: BenchOptions = {
  records: 20000,
  concurrency: 8,
  sample: 500,
  referenceSample: 50,
  source: 'catena-x',
  intake: 'signed',
  seed: 20261124,
};

/** Records run through the stage breakdown (each stage alone, plus the what-ifs: ~30 ms per record). */
export const STAGE_SAMPLE = 50;

export async function runBench(
  opts: BenchOptions,
  report: (line: string) => void = () => undefined,
): Promise<BenchReport> {
  const started = performance.now();
  const progress = (line: string): void =>
    report(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const rss = new RssTracker();
  rss.track('bench-driver', process.pid);

  const sampleSize = Math.max(1, Math.min(opts.sample, opts.records));
  progress(`workload: ${sampleSize} seed records (${opts.source})`);
  const workload = buildWorkload(
    opts.source,
    Math.max(sampleSize, Math.min(opts.referenceSample, opts.records)),
    opts.seed,
  );

  progress('issuance');
  const issuance = measureIssuance(workload, sampleSize);

  progress('floor');
  const keys = new Map<string, KeyObject>();
  const floorInputs: FloorInput[] = issuance.issued.map((sdJwt, i) => {
    const record = workload.canonicals[i];
    const signer = signerFor(workload, record);
    let publicKey = keys.get(signer.x5c[0]);
    if (publicKey === undefined) {
      publicKey = new X509Certificate(Buffer.from(signer.x5c[0], 'base64')).publicKey;
      keys.set(signer.x5c[0], publicKey);
    }
    return { json: JSON.stringify(record), sdJwt, publicKey };
  });
  const floor = measureFloor(floorInputs);

  const stageSize = Math.min(sampleSize, STAGE_SAMPLE);
  progress(`stages: ${stageSize} records, each stage of the path alone`);
  const stages = await measureStages(workload, stageSize);

  const refSize = Math.max(1, Math.min(opts.referenceSample, opts.records));
  progress(`reference: a sample of ${refSize} records (eddsa-rdfc-2022)`);
  const reference = await measureReference(
    workload.canonicals.slice(0, refSize) as unknown as Record<string, unknown>[],
  );

  progress(`relay: ${opts.records} records`);
  const redis = await startBenchRedis();
  rss.track('redis-server', redis.pid);
  let relay;
  try {
    let lastShown = 0;
    relay = await measureRelay({
      records: opts.records,
      concurrency: opts.concurrency,
      ...(opts.rate === undefined ? {} : { rate: opts.rate }),
      source: opts.source,
      intake: opts.intake,
      seed: opts.seed,
      redisUrl: redis.url,
      rss,
      ...(opts.cpuProfDir === undefined ? {} : { cpuProfDir: opts.cpuProfDir }),
      onPhase: progress,
      onProgress: (done, total) => {
        if (done - lastShown >= Math.max(1000, total / 10) || done === total) {
          lastShown = done;
          progress(`relay: ${done}/${total}`);
        }
      },
    });
  } finally {
    await redis.stop();
  }
  return buildReport({
    relay,
    concurrency: opts.concurrency,
    issuance,
    floor,
    reference,
    stages,
    peakMb: rss.peakMb(),
    at25: rss.at('25%'),
    at100: rss.at('100%'),
    cpuSeconds: rss.cpuBetween('relay-start', 'relay-end'),
  });
}
