/** Reading what a drill needs to judge from both sides: the receiving store and platform, both audit streams. */
import type { AuditLog } from '../store';
import { platformRecordKey, type AuditView, type DrillObservation } from './figures';
import { RECEIVER, SENDER, type DrillFederation } from './federation';

export async function readAudit(log: AuditLog): Promise<AuditView[]> {
  const out: AuditView[] = [];
  let since: string | undefined;
  for (;;) {
    const page = await log.list({ limit: 10000, ...(since ? { since } : {}) });
    for (const e of page) {
      out.push({
        action: e.action,
        outcome: e.outcome,
        ...(e.recordId ? { recordId: e.recordId } : {}),
        ...(e.version ? { version: e.version } : {}),
        ...(e.errorCode ? { errorCode: e.errorCode } : {}),
      });
    }
    if (page.length < 10000) return out;
    since = page[page.length - 1].id;
  }
}

/** Records the receiving platform holds as received and verified, counted per `platformRecordKey`. */
export function verifiedOnPlatform(fed: DrillFederation): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of fed.sides[RECEIVER].simulator.list('received')) {
    if (r.verification?.verified !== true) continue;
    const k = platformRecordKey(r.recordId);
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

export function verifiedCount(fed: DrillFederation): number {
  return fed.sides[RECEIVER].simulator.list('received').filter((r) => r.verification?.verified === true)
    .length;
}

export async function observe(fed: DrillFederation, published: string[]): Promise<DrillObservation> {
  const recv = fed.sides[RECEIVER].stores;
  const storedVersions = new Map<string, string[]>();
  for (const id of await recv.records.listRecordIds('peer'))
    storedVersions.set(id, await recv.records.listVersions(id));
  const { deadLetters } = await fed.management<{ deadLetters: unknown[] }>(SENDER, '/api/v1/dead-letters');
  return {
    published,
    storedVersions,
    verifiedOnPlatform: verifiedOnPlatform(fed),
    senderAudit: await readAudit(fed.sides[SENDER].stores.audit),
    receiverAudit: await readAudit(recv.audit),
    deadLetters: deadLetters.length,
  };
}

/** Record versions the sending node refused before sending (and never sent), from its audit stream. */
export async function refusedOnSender(fed: DrillFederation): Promise<number> {
  const audit = await readAudit(fed.sides[SENDER].stores.audit);
  const sent = new Set(
    audit.filter((e) => e.action === 'send' && e.outcome === 'ok').map((e) => `${e.recordId}@${e.version}`),
  );
  return new Set(
    audit
      .filter((e) => e.outcome === 'refused' && e.recordId !== undefined)
      .map((e) => `${e.recordId}@${e.version}`)
      .filter((k) => !sent.has(k)),
  ).size;
}
