/**
 * Heap sizing of a node process. A node's live heap is small (~45 MB after 1,000 records: module code and
 * sources, compiled schemas, the policy and trust tables), but every record in flight (~0.7 s under a full
 * closed loop, far longer than the ~40 ms between scavenges) is promoted to the old generation, ~0.4 MB per
 * record. On a machine with more than 2 GB per process V8 lets the old generation grow to 4 × the live heap
 * before it collects (its heap growing factor), so the resident set rises from ~130 MB at start to
 * 300–330 MB, and then saw-tooths there: a node looked as if it grew, while it only collected late.
 *
 * `applyNodeHeapProfile` sets V8's heap growing factor for the old generation to (1 + percent / 100) —
 * `--heap-growing-percent`, which V8 reads at every old-generation limit computation, so it takes effect
 * from the next full collection even when set after start. It does not cap the heap (unlike
 * `--max-old-space-size`, which would make a large backlog fail with an out-of-memory abort): a node only
 * collects sooner. The operator chooses with `KAKEHASHI_HEAP_GROWING_PERCENT` (`0` = V8's own heuristics); a heap
 * flag given to Node itself (`--max-old-space-size`, `--max-heap-size`, `--heap-growing-percent`, on the
 * command line or in `NODE_OPTIONS`) wins, and then nothing is changed.
 */
import v8 from 'node:v8';
import { KhError } from '../../errors';

/** Default growing factor 2 (V8's is up to 4 on a large machine); measured in `docs/performance.md`. */
export const DEFAULT_HEAP_GROWING_PERCENT = 100;

/** The environment variable an operator sets to choose the growing percent (`0` = V8's default). */
export const HEAP_GROWING_ENV = 'KAKEHASHI_HEAP_GROWING_PERCENT';

const MAX_PERCENT = 1000;

/** Heap flags that mean the operator sized the heap already: then the profile stays out of the way. */
const OPERATOR_HEAP_FLAG = /(^|\s)--(max-old-space-size|max-heap-size|heap-growing-percent)(=|\s|$)/;

export interface HeapProfileDecision {
  /** The percent to set, or undefined to leave V8 alone. */
  growingPercent?: number;
  source: 'default' | 'env' | 'node-flags' | 'disabled';
}

/** What to do, from the environment and the process's Node flags (pure). */
export function decideHeapProfile(
  env: Readonly<Record<string, string | undefined>>,
  execArgv: readonly string[],
): HeapProfileDecision {
  if (OPERATOR_HEAP_FLAG.test([...execArgv, env.NODE_OPTIONS ?? ''].join(' '))) {
    return { source: 'node-flags' };
  }
  const raw = env[HEAP_GROWING_ENV];
  if (raw === undefined || raw.trim() === '') {
    return { growingPercent: DEFAULT_HEAP_GROWING_PERCENT, source: 'default' };
  }
  const value = raw.trim();
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > MAX_PERCENT) {
    throw new KhError(
      'KH_CONFIG_INVALID',
      `${HEAP_GROWING_ENV} must be an integer from 0 to ${MAX_PERCENT}`,
      {
        where: `env:${HEAP_GROWING_ENV}`,
      },
    );
  }
  return n === 0 ? { source: 'disabled' } : { growingPercent: n, source: 'env' };
}

/**
 * Apply the heap profile to this process (call once, first thing, in a process that runs a node).
 * `setFlags` is `v8.setFlagsFromString` (injectable for tests). Returns the decision.
 */
export function applyNodeHeapProfile(
  env: Readonly<Record<string, string | undefined>> = process.env,
  execArgv: readonly string[] = process.execArgv,
  setFlags: (flags: string) => void = (f) => v8.setFlagsFromString(f),
): HeapProfileDecision {
  const decision = decideHeapProfile(env, execArgv);
  if (decision.growingPercent !== undefined) setFlags(`--heap-growing-percent=${decision.growingPercent}`);
  return decision;
}
