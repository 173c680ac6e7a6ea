/**
 * The platform change-feed poller: reads publications after the cursor kept in Redis, runs the outbound
 * pipeline for each, and advances the cursor. A record the pipeline refuses for good (invalid, onward
 * transfer, …) is passed; a transient failure (platform, Redis or queue unavailable) stops the round
 * without advancing, so the record is taken up again on the next one.
 */
import type { Redis } from 'ioredis';
import { isKhError } from '../errors';
import type { Logger } from './logger';
import type { PlatformChange, PlatformClient } from './platform-client';

const TRANSIENT = new Set(['KH_PLATFORM_UNAVAILABLE', 'KH_STORE_UNAVAILABLE', 'KH_DELIVERY_UNAVAILABLE']);

export interface ChangeFeed {
  /** One round; returns the number of changes handled. */
  pollOnce(): Promise<number>;
  start(): void;
  stop(): void;
}

export function createChangeFeed(deps: {
  redis: Redis;
  cursorKey: string;
  platform: PlatformClient;
  intervalMs: number;
  logger: Logger;
  handle(change: PlatformChange): Promise<unknown>;
}): ChangeFeed {
  let polling = false;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const pollOnce = async (): Promise<number> => {
    if (polling) return 0;
    polling = true;
    try {
      const after = Number((await deps.redis.get(deps.cursorKey)) ?? 0);
      const { events, next } = await deps.platform.changes(after);
      let handled = 0;
      for (const e of events) {
        try {
          await deps.handle(e);
        } catch (err) {
          const code = isKhError(err) ? err.code : 'KH_INTERNAL';
          deps.logger.warn({ code, recordId: e.recordId, version: e.version }, 'published record not sent');
          if (TRANSIENT.has(code)) break;
        }
        await deps.redis.set(deps.cursorKey, String(e.seq));
        handled += 1;
      }
      if (events.length === 0 && next !== after) await deps.redis.set(deps.cursorKey, String(next));
      return handled;
    } finally {
      polling = false;
    }
  };
  const tick = (): void => {
    pollOnce()
      .catch((err) =>
        deps.logger.warn({ code: isKhError(err) ? err.code : 'KH_INTERNAL' }, 'change feed poll failed'),
      )
      .finally(() => {
        if (running) timer = setTimeout(tick, deps.intervalMs);
      });
  };
  return {
    pollOnce,
    start: () => {
      running = true;
      timer = setTimeout(tick, deps.intervalMs);
    },
    stop: () => {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
