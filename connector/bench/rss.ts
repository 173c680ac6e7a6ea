/**
 * Resident memory of processes, from `/proc/<pid>/status`: `VmHWM` (peak resident set) and `VmRSS`
 * (current). Linux only; elsewhere the readings are undefined.
 */
import { readFileSync } from 'node:fs';

export interface RssReading {
  /** Current resident set, MiB. */
  rssMb: number;
  /** Peak resident set since the process started, MiB. */
  peakMb: number;
}

function field(status: string, name: string): number | undefined {
  const m = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return m ? Number(m[1]) / 1024 : undefined;
}

/** Parse a `/proc/<pid>/status` text (pure). */
export function parseProcStatus(status: string): RssReading | undefined {
  const rss = field(status, 'VmRSS');
  const peak = field(status, 'VmHWM');
  return rss === undefined || peak === undefined ? undefined : { rssMb: rss, peakMb: peak };
}

export function readRss(pid: number): RssReading | undefined {
  try {
    return parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`: 100 on Linux x86-64 and arm64). */
const CLOCK_TICKS = 100;

/** User + system CPU seconds of a process from a `/proc/<pid>/stat` text (pure). */
export function parseProcStatCpuSeconds(stat: string): number | undefined {
  // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / CLOCK_TICKS : undefined;
}

export function readCpuSeconds(pid: number): number | undefined {
  try {
    return parseProcStatCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Samples of the current RSS of named processes at given moments of a run (e.g. 25 % and 100 %). */
export class RssTracker {
  private readonly pids = new Map<string, number>();
  private readonly samples = new Map<string, Map<string, number>>();
  private readonly peaks = new Map<string, number>();
  private readonly cpu = new Map<string, Map<string, number>>();

  track(name: string, pid: number | undefined): void {
    if (pid !== undefined) this.pids.set(name, pid);
  }

  /** Record every tracked process's current RSS under `label`, and remember its peak. */
  sample(label: string): void {
    for (const [name, pid] of this.pids) {
      const r = readRss(pid);
      if (r === undefined) continue;
      const byLabel = this.samples.get(name) ?? new Map<string, number>();
      byLabel.set(label, r.rssMb);
      this.samples.set(name, byLabel);
      this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, r.peakMb));
    }
  }

  /** Record every tracked process's CPU seconds so far under `label`. */
  markCpu(label: string): void {
    for (const [name, pid] of this.pids) {
      const c = readCpuSeconds(pid);
      if (c === undefined) continue;
      const byLabel = this.cpu.get(name) ?? new Map<string, number>();
      byLabel.set(label, c);
      this.cpu.set(name, byLabel);
    }
  }

  /** CPU seconds each process spent between two `markCpu` labels. */
  cpuBetween(from: string, to: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, byLabel] of this.cpu) {
      const a = byLabel.get(from);
      const b = byLabel.get(to);
      if (a !== undefined && b !== undefined) out[name] = b - a;
    }
    return out;
  }

  /** Peak RSS (VmHWM) per process, MiB. */
  peakMb(): Record<string, number> {
    return Object.fromEntries(this.peaks);
  }

  /** RSS at `label` per process, MiB. */
  at(label: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, byLabel] of this.samples) {
      const v = byLabel.get(label);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }
}

/**
 * Flat means the resident set at the end is within `tolerance` (fraction) or `slackMb` of the one at the
 * first sample — a leak over a run grows with the number of records, startup costs do not.
 */
export function isFlat(startMb: number, endMb: number, tolerance = 0.2, slackMb = 20): boolean {
  return endMb <= startMb * (1 + tolerance) || endMb - startMb <= slackMb;
}
