/**
 * Issuance: canonical record → signed SD-JWT VC exactly as the sending node issues it (`issueAsNode`:
 * product frame, pooled salts and decoys, `x5c`, holder binding), one record after another on one
 * thread — so records per second per core.
 */
import { elapsedSeconds, startClock } from './clock';
import { issueAsNode } from './product-issue';
import { signerFor, type Workload } from './workload';

export interface IssuanceResult {
  records: number;
  seconds: number;
  recordsPerSecondPerCore: number;
  /** The issued SD-JWT VCs, in record order (input to the floor). */
  issued: string[];
}

export function issueOne(workload: Workload, index: number): string {
  const record = workload.canonicals[index];
  return issueAsNode(record, signerFor(workload, record), workload.holder.publicJwk);
}

/** Issue the first `count` records of the workload (a few untimed first, to warm the code paths). */
export function measureIssuance(workload: Workload, count: number): IssuanceResult {
  const n = Math.min(count, workload.canonicals.length);
  for (let i = 0; i < Math.min(n, 20); i += 1) issueOne(workload, i);
  const issued: string[] = new Array<string>(n);
  const clock = startClock();
  for (let i = 0; i < n; i += 1) issued[i] = issueOne(workload, i);
  const seconds = elapsedSeconds(clock);
  return { records: n, seconds, recordsPerSecondPerCore: n / seconds, issued };
}
