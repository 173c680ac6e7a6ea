/**
 * Follows the audit streams of both nodes (Redis `XREAD BLOCK`) and turns them into relay events: a record
 * version stored by the receiver (`receive`/`ok`), or refused anywhere on its way (sender `publish` or
 * `intake` or `disclose` refused, `send` dead-lettered; receiver `receive` refused). Reading the product's own audit
 * trail needs no hook in the node.
 */
import Redis from 'ioredis';
import { recordKey } from './publisher';

export type RelayEvent = { kind: 'stored'; key: string } | { kind: 'refused'; key: string; code: string };

/** The relay event an audit entry means, if any (pure). */
export function relayEventOf(
  side: 'sender' | 'receiver',
  fields: Record<string, string>,
): RelayEvent | undefined {
  if (fields.recordId === undefined || fields.version === undefined) return undefined;
  const key = recordKey(fields.recordId, fields.version);
  const code = fields.errorCode ?? 'unknown';
  if (side === 'receiver' && fields.action === 'receive') {
    if (fields.outcome === 'ok' && fields.errorCode !== 'duplicate') return { kind: 'stored', key };
    if (fields.outcome === 'refused') return { kind: 'refused', key, code };
    return undefined;
  }
  if (side === 'sender') {
    if (
      (fields.action === 'publish' || fields.action === 'intake' || fields.action === 'disclose') &&
      fields.outcome === 'refused'
    )
      return { kind: 'refused', key, code };
    if (fields.action === 'send' && fields.outcome === 'dead-lettered') return { kind: 'refused', key, code };
  }
  return undefined;
}

export function fieldsToObject(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
  return out;
}

export interface AuditWatcher {
  stop(): Promise<void>;
}

/** Calls `onEvent(event, atMs)` for each relay event, `atMs` taken (performance.now) when the entry is read. */
export function watchAudit(
  redisUrl: string,
  streams: { sender: string; receiver: string },
  onEvent: (e: RelayEvent, atMs: number) => void,
): AuditWatcher {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  redis.on('error', () => undefined);
  const last: Record<string, string> = { [streams.sender]: '0', [streams.receiver]: '0' };
  const sideOf = new Map<string, 'sender' | 'receiver'>([
    [streams.sender, 'sender'],
    [streams.receiver, 'receiver'],
  ]);
  let running = true;
  const loop = async (): Promise<void> => {
    while (running) {
      const keys = Object.keys(last);
      const reply = (await redis.xread(
        'COUNT',
        2000,
        'BLOCK',
        200,
        'STREAMS',
        ...keys,
        ...keys.map((k) => last[k]),
      )) as [string, [string, string[]][]][] | null;
      const at = performance.now();
      if (!reply) continue;
      for (const [stream, entries] of reply) {
        const side = sideOf.get(stream);
        for (const [id, flat] of entries) {
          last[stream] = id;
          const e = side === undefined ? undefined : relayEventOf(side, fieldsToObject(flat));
          if (e) onEvent(e, at);
        }
      }
    }
  };
  const done = loop().catch(() => undefined);
  return {
    stop: async () => {
      running = false;
      await done;
      redis.disconnect();
    },
  };
}
