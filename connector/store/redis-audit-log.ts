/**
 * `AuditLog` on a Redis stream (`XADD`): append-only, ordered by entry id. Each entry's fields:
 * `time`, `actor`, `action`, `outcome` and, when set, `recordId`, `version`, `policy`, `withheld`
 * (JSON array of `{ term, count }` — term names only, never values), `errorCode`, `durationMs`, `peerId`.
 */
import type { Redis } from 'ioredis';
import { KhError } from '../errors';
import type { Keyspace } from './keys';
import { fromJson, redisCall } from './redis-call';
import type { AuditEntry, AuditEntryInput, AuditLog, AuditOutcome, AuditQuery, WithheldTerm } from './types';

const OUTCOMES: readonly AuditOutcome[] = ['ok', 'refused', 'failed', 'retrying', 'dead-lettered'];
const MAX_LIMIT = 10000;
const BATCH = 500;

function invalid(what: string): KhError {
  return new KhError('KH_STORE_INVALID_INPUT', `audit entry ${what} is invalid`, {
    where: what,
    status: 400,
  });
}

function toFields(e: AuditEntryInput): string[] {
  if (typeof e.actor !== 'string' || e.actor === '') throw invalid('actor');
  if (typeof e.action !== 'string' || e.action === '') throw invalid('action');
  if (!OUTCOMES.includes(e.outcome)) throw invalid('outcome');
  const fields: string[] = ['time', e.time ?? new Date().toISOString(), 'actor', e.actor, 'action', e.action];
  fields.push('outcome', e.outcome);
  const optional: [string, string | number | undefined][] = [
    ['recordId', e.recordId],
    ['version', e.version],
    ['policy', e.policy],
    ['errorCode', e.errorCode],
    ['durationMs', e.durationMs],
    ['peerId', e.peerId],
  ];
  for (const [k, v] of optional) if (v !== undefined) fields.push(k, String(v));
  if (e.withheld !== undefined) {
    const ok =
      Array.isArray(e.withheld) &&
      e.withheld.every((w) => typeof w.term === 'string' && Number.isInteger(w.count) && w.count >= 0);
    if (!ok) throw invalid('withheld');
    // Only the term name and the count are kept, whatever else the caller's objects carry.
    fields.push('withheld', JSON.stringify(e.withheld.map((w) => ({ term: w.term, count: w.count }))));
  }
  return fields;
}

function fromFields(id: string, raw: string[]): AuditEntry {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) f.set(raw[i], raw[i + 1]);
  const entry: AuditEntry = {
    id,
    time: f.get('time') ?? '',
    actor: f.get('actor') ?? '',
    action: f.get('action') ?? '',
    outcome: (f.get('outcome') ?? 'failed') as AuditOutcome,
  };
  const str = ['recordId', 'version', 'policy', 'errorCode', 'peerId'] as const;
  for (const k of str) {
    const v = f.get(k);
    if (v !== undefined) entry[k] = v;
  }
  const d = f.get('durationMs');
  if (d !== undefined) entry.durationMs = Number(d);
  const w = f.get('withheld');
  if (w !== undefined) entry.withheld = fromJson<WithheldTerm[]>(w, 'withheld');
  return entry;
}

/** The XRANGE start for `since`: an entry id is exclusive, a time inclusive. */
function startOf(since: string | Date | undefined): string {
  if (since === undefined) return '-';
  if (since instanceof Date) return `${since.getTime()}-0`;
  if (/^\d+-\d+$/.test(since)) return `(${since}`;
  const ms = Date.parse(since);
  if (Number.isNaN(ms)) throw invalid('since');
  return `${ms}-0`;
}

export class RedisAuditLog implements AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keyspace,
  ) {}

  async append(entry: AuditEntryInput): Promise<string> {
    const fields = toFields(entry);
    const key = this.keys.audit();
    const id = await redisCall('audit append', () => this.redis.xadd(key, '*', ...fields));
    if (typeof id !== 'string')
      throw new KhError('KH_STORE_UNAVAILABLE', 'audit append returned no id', { status: 503 });
    return id;
  }

  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 100)), MAX_LIMIT);
    let start = startOf(query.since);
    const key = this.keys.audit();
    const out: AuditEntry[] = [];
    // Without a filter one XRANGE answers; with a recordId filter, read in batches until enough match.
    for (;;) {
      const count = query.recordId === undefined ? limit - out.length : BATCH;
      const batch = await redisCall('audit list', () => this.redis.xrange(key, start, '+', 'COUNT', count));
      for (const [id, raw] of batch) {
        const e = fromFields(id, raw);
        if (query.recordId === undefined || e.recordId === query.recordId) out.push(e);
        if (out.length >= limit) return out;
      }
      if (batch.length < count) return out;
      start = `(${batch[batch.length - 1][0]}`;
    }
  }
}
