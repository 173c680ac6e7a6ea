/**
 * Writes that run twice: Redis runs a command, its reply is lost with the connection, and ioredis sends the
 * command again after reconnecting (`autoResendUnfulfilledCommands`). Every create-if-absent write of the
 * node must take its own second run for success, not for a taken key (a refused replay, a duplicate pid, a
 * record counted as a duplicate, a dead letter never reported). The reply is cut by a TCP proxy between
 * ioredis and the private redis-server: a real lost reply, no mock.
 */
import net from 'node:net';
import Redis from 'ioredis';
import {
  claimReplayKey,
  createRedisReplayCache,
  createRedisStores,
  type StoredNegotiation,
} from '../../connector/store';
import { RedisDeadLetterStore } from '../../connector/delivery/dead-letters';
import type { DeadLetter } from '../../connector/delivery/types';
import { startTestRedis, type TestRedis } from '../helpers/redis';

interface CuttingProxy {
  port: number;
  /**
   * Drop Redis's reply to the next command whose request contains `marker` (default: the next reply at all)
   * and close both connections: the command has run by then, its caller never hears of it.
   */
  cutNextReply(marker?: string): void;
  cuts: number;
  close(): Promise<void>;
}

function startCuttingProxy(host: string, port: number): Promise<CuttingProxy> {
  let armed: string | undefined;
  let cutPending = false;
  const sockets = new Set<net.Socket>();
  const state = { cuts: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      if (armed !== undefined && chunk.toString('latin1').toLowerCase().includes(armed)) {
        armed = undefined;
        cutPending = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (cutPending) {
        cutPending = false;
        state.cuts += 1;
        drop();
        return;
      }
      client.write(chunk);
    });
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      resolve({
        port: address.port,
        cutNextReply: (marker = '') => {
          if (marker === '') cutPending = true;
          else armed = marker.toLowerCase();
        },
        get cuts() {
          return state.cuts;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

describe('create-if-absent writes run twice', () => {
  let server: TestRedis;
  let direct: Redis;
  let proxy: CuttingProxy;
  let viaProxy: Redis;

  beforeAll(async () => {
    server = await startTestRedis();
    direct = new Redis(server.url);
    proxy = await startCuttingProxy(server.host, server.port);
    viaProxy = new Redis({ host: '127.0.0.1', port: proxy.port, retryStrategy: () => 20 });
    viaProxy.on('error', () => undefined);
    await viaProxy.ping();
  });

  afterAll(async () => {
    viaProxy.disconnect();
    await direct.quit();
    await proxy.close();
    await server.stop();
  });

  const expiry = () => Math.floor(Date.now() / 1000) + 60;

  test('a key is fresh once, then a replay, and expires with the JWT', async () => {
    const cache = createRedisReplayCache(direct, 'kh:t1:');
    const at = expiry();
    expect(await cache.remember('abc', at)).toBe(true);
    expect(await cache.remember('abc', at)).toBe(false);
    expect(await cache.remember('abd', at)).toBe(true);
    expect(await direct.expiretime('kh:t1:kb-replay:abc')).toBe(at);
  });

  test('the same claim run twice is fresh both times; another claim on the key is a replay', async () => {
    const at = expiry();
    expect(await claimReplayKey(direct, 'kh:t2:k', 'token-1', at)).toBe(true);
    expect(await claimReplayKey(direct, 'kh:t2:k', 'token-1', at)).toBe(true);
    expect(await claimReplayKey(direct, 'kh:t2:k', 'token-2', at)).toBe(false);
  });

  test('an expiry in the past still keeps the key for a second', async () => {
    expect(await claimReplayKey(direct, 'kh:t3:k', 't', 1)).toBe(true);
    const ttl = await direct.ttl('kh:t3:k');
    expect(ttl).toBeGreaterThanOrEqual(0);
    expect(ttl).toBeLessThanOrEqual(1);
  });

  test('the hazard: ioredis re-sends a SET NX whose reply was lost, and it then finds its own write', async () => {
    proxy.cutNextReply();
    const cutsBefore = proxy.cuts;
    const reply = await viaProxy.set('kh:t4:plain', '1', 'EX', 60, 'NX');
    expect(proxy.cuts).toBe(cutsBefore + 1);
    expect(reply).toBeNull();
  });

  test('a claim whose reply was lost and that ioredis re-sends is still a first sight', async () => {
    const cache = createRedisReplayCache(viaProxy, 'kh:t5:');
    proxy.cutNextReply();
    const cutsBefore = proxy.cuts;
    expect(await cache.remember('jwt-hash', expiry())).toBe(true);
    expect(proxy.cuts).toBe(cutsBefore + 1);
    // A real replay of the same JWT is still refused.
    expect(await cache.remember('jwt-hash', expiry())).toBe(false);
  });

  /** Run `write` with the reply to its write command (`EVAL`) cut, so ioredis runs that a second time. */
  async function withReplyCut<T>(write: () => Promise<T>): Promise<T> {
    proxy.cutNextReply('EVAL');
    const cutsBefore = proxy.cuts;
    const out = await write();
    expect(proxy.cuts).toBe(cutsBefore + 1);
    return out;
  }

  test('a stored record is created, not a duplicate; a later put of the version is one', async () => {
    const stores = createRedisStores(viaProxy, { nodeId: 'resend-records' });
    const record = {
      recordId: 'urn:uuid:00000000-0000-4000-8000-00000000000a',
      version: '1',
      provenance: { origin: 'peer' as const, peerId: 'cx-node' },
      nativeView: { id: 'a' },
      original: 'eyJhbGciOiJFUzI1NiJ9.e30.sig~',
    };
    expect(await withReplyCut(() => stores.records.putIfAbsent(record))).toEqual({ created: true });
    expect(await stores.records.putIfAbsent(record)).toEqual({ created: false });
    expect(await stores.records.listVersions(record.recordId)).toEqual(['1']);
    const got = await stores.records.get(record.recordId, '1');
    expect(got).toMatchObject({ recordId: record.recordId, original: record.original });
    expect(got).not.toHaveProperty('writeId');
  });

  test('a create or a move of a process run twice succeeds; a second create or the same move later is refused', async () => {
    const stores = createRedisStores(viaProxy, { nodeId: 'resend-processes' });
    const at = '2026-01-01T00:00:00.000Z';
    const n: StoredNegotiation = {
      localPid: 'urn:uuid:p-1',
      role: 'provider',
      peerId: 'cx-node',
      providerPid: 'urn:uuid:p-1',
      consumerPid: 'urn:uuid:c-1',
      state: 'REQUESTED',
      callbackAddress: 'https://cx.example/dsp',
      createdAt: at,
      updatedAt: at,
    };
    await withReplyCut(() => stores.negotiations.create(n));
    await expect(stores.negotiations.create(n)).rejects.toMatchObject({ code: 'KH_STORE_EXISTS' });
    const moved = await withReplyCut(() =>
      stores.negotiations.transition(n.localPid, 'REQUESTED', 'AGREED', { agreementId: 'urn:a' }),
    );
    expect(moved.state).toBe('AGREED');
    await expect(stores.negotiations.transition(n.localPid, 'REQUESTED', 'AGREED')).rejects.toMatchObject({
      code: 'KH_STORE_CONFLICT',
    });
  });

  test('a dead letter written once is reported written; another entry for the id is not', async () => {
    const store = new RedisDeadLetterStore(viaProxy, 'kh-bull:resend:dead-letters');
    const entry = (deadAt: string): DeadLetter => ({
      id: 'job-1',
      peerId: 'ou-node',
      data: {} as DeadLetter['data'],
      reason: { code: 'KH_DELIVERY_STALLED', message: 'stalled' },
      permanent: false,
      attemptsMade: 1,
      deadAt,
    });
    expect(await withReplyCut(() => store.putIfAbsent(entry('2026-01-01T00:00:00.000Z')))).toBe(true);
    expect(await store.putIfAbsent(entry('2026-01-01T00:00:01.000Z'))).toBe(false);
    expect((await store.list()).map((e) => e.deadAt)).toEqual(['2026-01-01T00:00:00.000Z']);
  });
});
