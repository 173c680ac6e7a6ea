/**
 * The platform change-feed poller: reads a page of publications after the cursor kept in Redis and runs the
 * outbound pipeline for them with bounded concurrency (`concurrency`, default 8), so platform fetches,
 * Redis writes and the queue overlap with the CPU work of other records.
 *
 * Guarantees:
 * - **per record, in order**: the versions of one record are handled one after the other, in feed order;
 *   different records run side by side;
 * - **durable cursor**: the cursor only moves past a change once it and every change before it were handled
 *   (queued, or refused for good and audited by the pipeline). A transient failure (platform, Redis or queue
 *   unavailable) stops the round: nothing new starts, the cursor stays before the failed change, and the
 *   changes after it (even those that finished meanwhile) are taken up again on the next round — the
 *   pipeline is idempotent (job id `recordId:version:agreementId`, `putIfAbsent` in the record store).
 *   A crash loses nothing: at worst a few changes are run twice.
 * - a change says `signed: true` when the company published its own credential; the pipeline decides by what
 *   it fetches (`fetchPublication`), so the flag is informative only.
 * - cursor writes are coalesced: one `SET` in flight at a time, always of the latest safe position.
 */
import type { Redis } from 'ioredis';
import { isKhError } from '../errors';
import type { Logger } from './logger';
import type { PlatformChange, PlatformClient } from './platform-client';
import { isTransient } from './transient';

/** Default number of changes handled at the same time. */
export const DEFAULT_FEED_CONCURRENCY = 8;

export interface ChangeFeed {
  /** One round; returns the number of changes the cursor moved past. */
  pollOnce(): Promise<number>;
  start(): void;
  stop(): void;
}

export interface ChangeFeedDeps {
  redis: Pick<Redis, 'get' | 'set'>;
  cursorKey: string;
  platform: Pick<PlatformClient, 'changes'>;
  intervalMs: number;
  logger: Logger;
  /** Changes handled at the same time (default 8; 1 = strictly one after the other). */
  concurrency?: number;
  handle(change: PlatformChange): Promise<unknown>;
}

/** Writes the latest value given to it, one `SET` at a time; `settle` waits for the last one. */
function cursorWriter(deps: Pick<ChangeFeedDeps, 'redis' | 'cursorKey'>, start: number) {
  let written = start;
  let wanted = start;
  let writing: Promise<void> | undefined;
  let failure: unknown;
  const flush = async (): Promise<void> => {
    while (written !== wanted) {
      const v = wanted;
      await deps.redis.set(deps.cursorKey, String(v));
      written = v;
    }
  };
  const run = (): Promise<void> =>
    flush()
      .catch((err: unknown) => {
        failure ??= err;
      })
      .finally(() => {
        writing = undefined;
      });
  return {
    advance(to: number): void {
      wanted = to;
      if (!writing && failure === undefined) writing = run();
    },
    async settle(): Promise<void> {
      while (writing) await writing;
      if (failure === undefined && written !== wanted) await run();
      if (failure !== undefined) throw failure;
    },
  };
}

export function createChangeFeed(deps: ChangeFeedDeps): ChangeFeed {
  const concurrency = Math.max(1, Math.floor(deps.concurrency ?? DEFAULT_FEED_CONCURRENCY));
  let polling = false;
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const runPage = async (after: number, events: PlatformChange[]): Promise<number> => {
    const cursor = cursorWriter(deps, after);
    const done: boolean[] = events.map(() => false);
    const tails = new Map<string, Promise<boolean>>();
    let prefix = 0;
    let nextIndex = 0;
    let stopped = false;

    const finished = (index: number): void => {
      done[index] = true;
      const before = prefix;
      while (prefix < events.length && done[prefix]) prefix += 1;
      if (prefix > before) cursor.advance(events[prefix - 1].seq);
    };

    /** Handle one change; resolves true when it may count as handled (not transient). */
    const one = async (e: PlatformChange): Promise<boolean> => {
      try {
        await deps.handle(e);
        return true;
      } catch (err) {
        const code = isKhError(err) ? err.code : 'KH_INTERNAL';
        deps.logger.warn({ code, recordId: e.recordId, version: e.version }, 'published record not sent');
        return !isTransient(code);
      }
    };

    const lane = async (): Promise<void> => {
      while (!stopped && nextIndex < events.length) {
        const index = nextIndex++;
        const e = events[index];
        const previous = tails.get(e.recordId);
        let settle: (ok: boolean) => void = () => undefined;
        tails.set(
          e.recordId,
          new Promise<boolean>((resolve) => {
            settle = resolve;
          }),
        );
        // An earlier version of the same record is always already running (lanes take changes in order).
        const previousOk = previous ? await previous : true;
        if (!previousOk || stopped) {
          settle(false);
          continue;
        }
        const ok = await one(e);
        if (ok) finished(index);
        else stopped = true;
        settle(ok);
      }
    };

    await Promise.all(Array.from({ length: Math.min(concurrency, events.length) }, () => lane()));
    await cursor.settle();
    return prefix;
  };

  const pollOnce = async (): Promise<number> => {
    if (polling) return 0;
    polling = true;
    try {
      const after = Number((await deps.redis.get(deps.cursorKey)) ?? 0);
      const { events, next } = await deps.platform.changes(after);
      if (events.length === 0) {
        if (next !== after) await deps.redis.set(deps.cursorKey, String(next));
        return 0;
      }
      return await runPage(after, events);
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
