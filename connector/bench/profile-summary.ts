/**
 * Where a node's time went: reads a V8 CPU profile (`node --cpu-prof`, as `kakehashi bench --cpu-prof <dir>`
 * writes for both nodes) and lists the functions with the most self time and the most inclusive time.
 * Run: `npx tsx connector/bench/profile-summary.ts <file.cpuprofile> [rows]`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  self: ProfileRow[];
  inclusive: ProfileRow[];
}

const ROOT = path.resolve(__dirname, '../..');

function frameName(n: ProfileNode): string {
  const url = n.callFrame.url.startsWith('file://') ? n.callFrame.url.slice(7) : n.callFrame.url;
  const where = url.startsWith(ROOT) ? path.relative(ROOT, url) : url;
  return `${n.callFrame.functionName || '(anonymous)'} ${where}${where ? `:${n.callFrame.lineNumber + 1}` : ''}`;
}

/** Self and inclusive time by function (a function counted once per stack for inclusive time). Pure. */
export function summarizeProfile(profile: CpuProfile, rows = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sampled = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    sampled.set(id, (sampled.get(id) ?? 0) + dt);
    total += dt;
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of sampled) {
    const node = byId.get(id);
    if (!node) continue;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n) break;
      const k = frameName(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t);
    }
  }
  const top = (m: Map<string, number>): ProfileRow[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        percent: total > 0 ? Math.round((1000 * us) / total) / 10 : 0,
      }));
  return { totalMs: Math.round(total / 1000), self: top(self), inclusive: top(inclusive) };
}

export function formatProfileSummary(s: ProfileSummary): string {
  const line = (r: ProfileRow): string =>
    `${String(r.ms).padStart(8)} ms ${r.percent.toFixed(1).padStart(5)}%  ${r.name}`;
  return [
    `total ${s.totalMs} ms`,
    '-- self time',
    ...s.self.map(line),
    '-- inclusive time',
    ...s.inclusive.map(line),
    '',
  ].join('\n');
}

if (require.main === module) {
  const [file, rows] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: profile-summary.ts <file.cpuprofile> [rows]\n');
    process.exitCode = 2;
  } else {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    process.stdout.write(formatProfileSummary(summarizeProfile(profile, rows ? Number(rows) : 25)));
  }
}
