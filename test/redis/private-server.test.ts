import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort, startPrivateRedis } from '../../connector/redis/private-server';

describe('private redis-server', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kh-private-redis-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs on its own loopback port, never 6379, and keeps acknowledged writes through a SIGKILL restart', async () => {
    const redis = await startPrivateRedis({ dir, appendfsync: 'always' });
    try {
      expect(redis.port).not.toBe(6379);
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      const before = new Redis(redis.url, { lazyConnect: true });
      await before.connect();
      await before.set('kh:test', 'kept');
      before.disconnect();
      const firstPid = redis.pid();
      await redis.restart(true);
      expect(redis.pid()).not.toBe(firstPid);
      const after = new Redis(redis.url, { lazyConnect: true });
      await after.connect();
      expect(await after.get('kh:test')).toBe('kept');
      after.disconnect();
    } finally {
      await redis.stop();
      await redis.stop();
    }
  });

  it('names the caller’s error code and how to install Redis when redis-server is missing', async () => {
    await expect(
      startPrivateRedis({ dir, errorCode: 'KH_DEMO_NO_REDIS', binary: join(dir, 'no-such-redis-server') }),
    ).rejects.toMatchObject({
      code: 'KH_DEMO_NO_REDIS',
      status: 503,
      message: expect.stringContaining('apt-get install -y redis-server'),
    });
  });
});

describe('freePort', () => {
  it('hands out a bindable port below the ephemeral range, so outgoing connections cannot take it meanwhile', async () => {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    for (let i = 0; i < 5; i += 1) {
      const port = await freePort();
      expect(port).toBeGreaterThanOrEqual(20000);
      expect(port).toBeLessThan(low);
      const srv = createServer();
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(port, '127.0.0.1', () => resolve());
      });
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});
