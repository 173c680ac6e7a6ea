import Redis from 'ioredis';
import { startTestRedis, TestRedis } from '../helpers/redis';
import { createRedisStores } from '../../connector/store';

let server: TestRedis;

beforeAll(async () => {
  server = await startTestRedis();
});

afterAll(async () => {
  await server.stop();
});

describe('durability (AOF on the server)', () => {
  it('an acknowledged record, process and audit entry survive a Redis restart', async () => {
    const before = new Redis(server.url, { maxRetriesPerRequest: 3 });
    const s1 = createRedisStores(before, { nodeId: 'ou-node' });
    const rec = {
      recordId: 'urn:uuid:durable',
      version: '3',
      provenance: { origin: 'peer' as const, peerId: 'cx-node' },
      nativeView: { id: 'B-9' },
      original: 'eyJhbGciOiJSUzI1NiJ9.e30.sig~WyJzYWx0IiwiYSIsMV0~',
    };
    expect(await s1.records.putIfAbsent(rec)).toEqual({ created: true });
    const id = await s1.audit.append({
      actor: 'ou-node',
      action: 'store',
      recordId: rec.recordId,
      outcome: 'ok',
    });
    await s1.transfers.create({
      localPid: 'urn:t',
      role: 'consumer',
      peerId: 'cx-node',
      consumerPid: 'urn:t',
      state: 'STARTED',
      agreementId: 'urn:a',
      createdAt: 'x',
      updatedAt: 'x',
    });
    await before.quit();

    await server.restart();

    const after = new Redis(server.url, { maxRetriesPerRequest: 3 });
    try {
      const s2 = createRedisStores(after, { nodeId: 'ou-node' });
      const got = await s2.records.get(rec.recordId, '3');
      expect(got).toMatchObject({ ...rec });
      expect(await s2.records.putIfAbsent(rec)).toEqual({ created: false });
      expect((await s2.audit.list({ recordId: rec.recordId })).map((e) => e.id)).toEqual([id]);
      expect((await s2.transfers.findByAgreement('urn:a')).map((t) => t.state)).toEqual(['STARTED']);
    } finally {
      await after.quit();
    }
  });
});
