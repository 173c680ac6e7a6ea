/** Parsing of the `kakehashi bench` flags into `BenchOptions` (pure; throws KH_BENCH_INVALID_OPTION). */
import { KhError } from '../errors';
import { DEFAULT_BENCH_OPTIONS, type BenchOptions } from './run';

export interface RawBenchFlags {
  records?: string;
  concurrency?: string;
  rate?: string;
  sample?: string;
  referenceSample?: string;
  from?: string;
  seed?: string;
  cpuProf?: string;
  intake?: string;
}

function positiveInt(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new KhError('KH_BENCH_INVALID_OPTION', `${flag} must be an integer from 1 to ${max}`, {
      where: flag,
    });
  }
  return n;
}

export function parseBenchFlags(flags: RawBenchFlags): BenchOptions {
  const d = DEFAULT_BENCH_OPTIONS;
  const records = positiveInt(flags.records, '--records', 10_000_000) ?? d.records;
  const from = flags.from ?? d.source;
  if (from !== 'ouranos' && from !== 'catena-x') {
    throw new KhError('KH_BENCH_INVALID_OPTION', '--from must be ouranos or catena-x', { where: '--from' });
  }
  const rate = positiveInt(flags.rate, '--rate', 1_000_000);
  const intake = flags.intake ?? d.intake;
  if (intake !== 'signed' && intake !== 'custody') {
    throw new KhError('KH_BENCH_INVALID_OPTION', '--intake must be signed or custody', { where: '--intake' });
  }
  return {
    records,
    concurrency: positiveInt(flags.concurrency, '--concurrency', 64) ?? d.concurrency,
    ...(rate === undefined ? {} : { rate }),
    sample: positiveInt(flags.sample, '--sample', 1_000_000) ?? Math.min(d.sample, records),
    referenceSample:
      positiveInt(flags.referenceSample, '--reference-sample', 100_000) ??
      Math.min(d.referenceSample, records),
    source: from,
    intake,
    seed: positiveInt(flags.seed, '--seed', 2 ** 31) ?? d.seed,
    ...(flags.cpuProf === undefined ? {} : { cpuProfDir: flags.cpuProf }),
  };
}
