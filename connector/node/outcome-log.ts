/**
 * The outcomes of the outbound pipeline, in bounded memory: a ring of the last `capacity` outcomes (for
 * reports and tests) plus running totals over the life of the process (by outcome, by refusal code,
 * withheld claims by reason, certification results), so a node relaying millions of records stays flat.
 */
import type { OutboundOutcome } from './pipeline/types';

export interface OutcomeTotals {
  /** Every outcome recorded since start. */
  total: number;
  byOutcome: Record<OutboundOutcome['outcome'], number>;
  /** Refusals by error code. */
  refusedByCode: Record<string, number>;
  /** Withheld claims by reason, summed over every outcome. */
  withheld: Record<string, number>;
  /** Certification results (passed, dropped reasons), summed over every outcome. */
  certifications: Record<string, number>;
}

export interface OutcomeLog {
  record(outcomes: readonly OutboundOutcome[]): void;
  /** The last `capacity` outcomes, oldest first. */
  recent(): OutboundOutcome[];
  totals(): OutcomeTotals;
}

/** Default number of outcomes the ring keeps. */
export const DEFAULT_OUTCOMES_KEPT = 1000;

const add = (into: Record<string, number>, key: string, n: number): void => {
  into[key] = (into[key] ?? 0) + n;
};

export function createOutcomeLog(capacity: number = DEFAULT_OUTCOMES_KEPT): OutcomeLog {
  const size = Math.max(1, Math.floor(capacity));
  const ring: OutboundOutcome[] = [];
  let next = 0;
  const totals: OutcomeTotals = {
    total: 0,
    byOutcome: { queued: 0, duplicate: 0, 'no-transfer': 0, refused: 0 },
    refusedByCode: {},
    withheld: {},
    certifications: {},
  };
  return {
    record(outcomes) {
      for (const o of outcomes) {
        if (ring.length < size) ring.push(o);
        else ring[next] = o;
        next = (next + 1) % size;
        totals.total += 1;
        totals.byOutcome[o.outcome] += 1;
        if (o.outcome === 'refused') add(totals.refusedByCode, o.code ?? 'KH_INTERNAL', 1);
        for (const w of o.withheld ?? []) add(totals.withheld, w.reason, w.count);
        for (const [k, v] of Object.entries(o.certifications ?? {})) add(totals.certifications, k, v);
      }
    },
    recent: () => (ring.length < size ? [...ring] : [...ring.slice(next), ...ring.slice(0, next)]),
    totals: () => ({
      total: totals.total,
      byOutcome: { ...totals.byOutcome },
      refusedByCode: { ...totals.refusedByCode },
      withheld: { ...totals.withheld },
      certifications: { ...totals.certifications },
    }),
  };
}
