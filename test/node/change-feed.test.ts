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

  const events: PlatformChange[] = [1, 2, 3, 4].map((seq) => ({
    seq,
    recordId: `r${seq}`,
    version: '1',
    publisher: 'c',
  }));
  const platform = {
    platform: 'ouranos',
    changes: async (after: number) => {
      const e = events.filter((x) => x.seq > after);
      return { events: e, next: e.length ? e[e.length - 1].seq : after };
    },
  } as unknown as PlatformClient;

  it('advances past refused records, stops at transient failures and takes them up again', async () => {
    const handled: string[] = [];
    let platformDown = true;
    const feed = createChangeFeed({
      redis,
      cursorKey: 'test:cursor',
      platform,
      intervalMs: 1000,
      logger: createLogger({ nodeId: 't', level: 'silent' }),
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
});
