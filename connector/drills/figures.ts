/**
 * A drill's figures, computed (purely) from what the drill observed on both sides once the run settled:
 * every published record version stored exactly once and verified at the receiver, dead letters left on
 * the sender, and whether the audit streams account for every record (a `send` ok on the sender and a
 * `receive` ok on the receiver for each record version). Record versions the sender refused before sending
 * (a policy or leak-guard refusal, audited with its code) are counted apart as `refused`, not as lost.
 */
export interface AuditView {
  action: string;
  outcome: string;
  recordId?: string;
  version?: string;
  errorCode?: string;
}

export interface DrillObservation {
  /** `recordId@version` of every record published on the sending platform. */
  published: string[];
  /** Versions per received record id, in the order the receiving store holds them (repeats = duplicates). */
  storedVersions: Map<string, string[]>;
  /** Received records the receiving platform holds with `verified: true`, counted by `platformRecordKey`. */
  verifiedOnPlatform: Map<string, number>;
  senderAudit: AuditView[];
  receiverAudit: AuditView[];
  deadLetters: number;
}

export interface DrillFigures {
  name: string;
  published: number;
  /** Record versions the sender refused before sending (policy, leak guard), with the refusal audited. */
  refused: number;
  stored: number;
  duplicates: number;
  lost: number;
  deadLetters: number;
  recoverSeconds: number;
  /** Record versions the audit streams do not account for (no send ok or no receive ok). */
  unaudited: number;
  /** Extra checks a drill makes (e.g. certifications before and after a revocation); empty when all held. */
  failures: string[];
  passed: boolean;
}

export const key = (recordId: string, version: string): string => `${recordId}@${version}`;

/**
 * A record id as both platforms spell it: the receiving platform may carry a `urn:uuid:` id as a bare,
 * lower-case UUID (OU does), so ids are compared without the prefix and case.
 */
export function platformRecordKey(recordId: string): string {
  return (recordId.startsWith('urn:uuid:') ? recordId.slice('urn:uuid:'.length) : recordId).toLowerCase();
}

function okKeys(audit: AuditView[], action: string): Set<string> {
  const out = new Set<string>();
  for (const e of audit) {
    if (e.action === action && e.outcome === 'ok' && e.recordId !== undefined && e.version !== undefined) {
      out.add(key(e.recordId, e.version));
    }
  }
  return out;
}

export function computeFigures(
  name: string,
  obs: DrillObservation,
  recoverSeconds: number,
  extraFailures: string[] = [],
): DrillFigures {
  const stored = new Set<string>();
  let duplicates = 0;
  for (const [recordId, versions] of obs.storedVersions) {
    const seen = new Set<string>();
    for (const v of versions) {
      if (seen.has(v)) duplicates += 1;
      seen.add(v);
      stored.add(key(recordId, v));
    }
  }
  const published = new Set(obs.published);
  const sent = okKeys(obs.senderAudit, 'send');
  const received = okKeys(obs.receiverAudit, 'receive');
  // A record the sending node refused (policy, leak guard) is not owed to the peer; its refusal must be audited.
  const refusedKeys = new Set<string>();
  for (const e of obs.senderAudit) {
    if (e.outcome === 'refused' && e.recordId !== undefined && e.version !== undefined) {
      const k = key(e.recordId, e.version);
      if (published.has(k) && !sent.has(k)) refusedKeys.add(k);
    }
  }
  const owed = [...published].filter((k) => !refusedKeys.has(k));
  const perId = new Map<string, number>();
  for (const k of owed) {
    if (!stored.has(k)) continue;
    const id = platformRecordKey(k.slice(0, k.lastIndexOf('@')));
    perId.set(id, (perId.get(id) ?? 0) + 1);
  }
  let storedAndVerified = 0;
  for (const [id, n] of perId) storedAndVerified += Math.min(n, obs.verifiedOnPlatform.get(id) ?? 0);
  const unaudited = owed.filter((k) => !sent.has(k) || !received.has(k)).length;
  const unexpected = [...stored].filter((k) => !published.has(k) || refusedKeys.has(k)).length;
  const failures = [...extraFailures];
  if (unexpected > 0)
    failures.push(`${unexpected} stored record versions were never published or were refused`);
  const lost = owed.length - storedAndVerified;
  return {
    name,
    published: published.size,
    refused: refusedKeys.size,
    stored: storedAndVerified,
    duplicates,
    lost,
    deadLetters: obs.deadLetters,
    recoverSeconds: Math.round(recoverSeconds * 10) / 10,
    unaudited,
    failures,
    passed:
      lost === 0 && duplicates === 0 && obs.deadLetters === 0 && unaudited === 0 && failures.length === 0,
  };
}
