import Redis from 'ioredis';
import { startTestRedis, TestRedis } from '../helpers/redis';
import { createChangeFeed } from '../../connector/node/change-feed';
import { createLogger } from '../../connector/node/logger';
import type { PlatformChange, PlatformClient } from '../../connector/node/platform-client';
import { KhError } from '../../connector/errors';

describe('platform change feed', () => {
  let server: TestRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    await redis.quit();
    await server.stop();
  });

  const logger = createLogger({ nodeId: 't', level: 'silent' });
  const platformOf = (events: PlatformChange[]) =>
    ({
      platform: 'ouranos',
      changes: async (after: number) => {
        const e = events.filter((x) => x.seq > after);
        return { events: e, next: e.length ? e[e.length - 1].seq : after };
      },
    }) as unknown as PlatformClient;
  const tick = () => new Promise<void>((r) => setImmediate(r));

  const events: PlatformChange[] = [1, 2, 3, 4].map((seq) => ({
    seq,
    recordId: `r${seq}`,
    version: '1',
    publisher: 'c',
  }));

  it('advances past refused records, stops at transient failures and takes them up again (one at a time)', async () => {
    const handled: string[] = [];
    let platformDown = true;
    const feed = createChangeFeed({
      redis,
      cursorKey: 'test:cursor',
      platform: platformOf(events),
      intervalMs: 1000,
      logger,
      concurrency: 1,
      handle: async (e) => {
        if (e.seq === 2) throw new KhError('KH_SCHEMA_INVALID', 'refused for good');
        if (e.seq === 3 && platformDown) throw new KhError('KH_PLATFORM_UNAVAILABLE', 'try again');
        handled.push(e.recordId);
      },
    });
    expect(await feed.pollOnce()).toBe(2);
    expect(await redis.get('test:cursor')).toBe('2');
    platformDown = false;
    expect(await feed.pollOnce()).toBe(2);
    expect(handled).toEqual(['r1', 'r3', 'r4']);
    expect(await redis.get('test:cursor')).toBe('4');
    expect(await feed.pollOnce()).toBe(0);
  });

  it('handles a page concurrently, never more than the bound, and keeps the versions of one record in order', async () => {
    const page: PlatformChange[] = [];
    let seq = 0;
    for (let v = 1; v <= 3; v++) {
      for (let r = 1; r <= 6; r++)
        page.push({ seq: ++seq, recordId: `rec${r}`, version: String(v), publisher: 'c' });
    }
    let active = 0;
    let maxActive = 0;
    const order = new Map<string, string[]>();
    const feed = createChangeFeed({
      redis,
      cursorKey: 'test:cursor:concurrent',
      platform: platformOf(page),
      intervalMs: 1000,
      logger,
      concurrency: 4,
      handle: async (e) => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        // the first version of each record is the slowest: a later version must still wait for it
        for (let i = 0; i < (e.version === '1' ? 5 : 1); i++) await tick();
        order.set(e.recordId, [...(order.get(e.recordId) ?? []), e.version]);
        active -= 1;
      },
    });
    expect(await feed.pollOnce()).toBe(page.length);
    expect(maxActive).toBeGreaterThan(1);
    expect(maxActive).toBeLessThanOrEqual(4);
    for (let r = 1; r <= 6; r++) expect(order.get(`rec${r}`)).toEqual(['1', '2', '3']);
    expect(await redis.get('test:cursor:concurrent')).toBe(String(page.length));
  });

  it('never moves the cursor past a transient failure, even when later changes finished first', async () => {
    const page: PlatformChange[] = [1, 2, 3, 4, 5, 6].map((s) => ({
      seq: s,
      recordId: s === 5 ? 'a' : `x${s}`,
      version: s === 5 ? '2' : '1',
      publisher: 'c',
    }));
    page[1] = { seq: 2, recordId: 'a', version: '1', publisher: 'c' };
    let down = true;
    const seen: string[] = [];
    const feed = createChangeFeed({
      redis,
      cursorKey: 'test:cursor:transient',
      platform: platformOf(page),
      intervalMs: 1000,
      logger,
      concurrency: 8,
      handle: async (e) => {
        await tick();
        if (e.recordId === 'a' && e.version === '1' && down)
          throw new KhError('KH_STORE_UNAVAILABLE', 'redis is down');
        seen.push(`${e.recordId}@${e.version}`);
      },
    });
    expect(await feed.pollOnce()).toBe(1);
    expect(await redis.get('test:cursor:transient')).toBe('1');
    // the later version of the failed record did not run before it
    expect(seen).not.toContain('a@2');
    down = false;
    seen.length = 0;
    expect(await feed.pollOnce()).toBe(5);
    expect(seen.indexOf('a@1')).toBeLessThan(seen.indexOf('a@2'));
    expect(await redis.get('test:cursor:transient')).toBe('6');
  });

  it('fails the round (cursor unmoved) when the cursor cannot be written', async () => {
    const broken = {
      get: async () => null,
      set: async () => {
        throw new KhError('KH_STORE_UNAVAILABLE', 'down');
      },
    } as unknown as Redis;
    const feed = createChangeFeed({
      redis: broken,
      cursorKey: 'k',
      platform: platformOf(events),
      intervalMs: 1000,
      logger,
      handle: async () => undefined,
    });
    await expect(feed.pollOnce()).rejects.toMatchObject({ code: 'KH_STORE_UNAVAILABLE' });
  });
});
