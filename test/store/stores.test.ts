import Redis from 'ioredis';
import { startTestRedis, TestRedis } from '../helpers/redis';
import {
  createKeyspace,
  createRedisStores,
  nodePrefix,
  RedisStores,
  StoredNegotiation,
  StoredTransfer,
} from '../../connector/store';
import { KhError } from '../../connector/errors';

let server: TestRedis;
let redis: Redis;
let ou: RedisStores;
let cx: RedisStores;

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof KhError ? e.code : `not a KhError: ${String(e)}`;
  }
  return undefined;
}

beforeAll(async () => {
  server = await startTestRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: 3 });
  ou = createRedisStores(redis, { nodeId: 'ou-node' });
  cx = createRedisStores(redis, { nodeId: 'cx-node', prefix: 'test:cx:' });
});

afterAll(async () => {
  await redis.quit();
  await server.stop();
});

const record = (version: string, original = `eyJhbGciOiJSUzI1NiJ9.e30.sig~disc${version}~`) => ({
  recordId: 'urn:uuid:7c1c6a52-0000-4000-8000-000000000001',
  version,
  provenance: { origin: 'own' as const },
  nativeView: { batteryId: 'B-1', chemistry: 'NMC811', nested: { a: [1, 2] } },
  original,
});

describe('RecordStore', () => {
  it('putIfAbsent stores once and reports whether it was new', async () => {
    expect(await ou.records.has(record('1').recordId, '1')).toBe(false);
    expect(await ou.records.putIfAbsent(record('1'))).toEqual({ created: true });
    expect(await ou.records.has(record('1').recordId, '1')).toBe(true);
    expect(await ou.records.has(record('1').recordId, '2')).toBe(false);
    expect(await ou.records.putIfAbsent(record('1', 'different~'))).toEqual({ created: false });
    const got = await ou.records.get('urn:uuid:7c1c6a52-0000-4000-8000-000000000001', '1');
    expect(got?.original).toBe(record('1').original);
    expect(got?.nativeView).toEqual(record('1').nativeView);
    expect(got?.provenance).toEqual({ origin: 'own' });
    expect(typeof got?.storedAt).toBe('string');
    expect(await ou.records.listVersions(record('1').recordId)).toEqual(['1']);
  });
  it('keeps versions in order and answers the latest', async () => {
    await ou.records.putIfAbsent(record('2'));
    await ou.records.putIfAbsent(record('10'));
    expect(await ou.records.listVersions(record('1').recordId)).toEqual(['1', '2', '10']);
    expect((await ou.records.getLatest(record('1').recordId))?.version).toBe('10');
    expect(await ou.records.get(record('1').recordId, '99')).toBeUndefined();
    expect(await ou.records.getLatest('urn:none')).toBeUndefined();
  });
  it('indexes by origin; received records carry their peer', async () => {
    await ou.records.putIfAbsent({
      ...record('1'),
      recordId: 'cx-rec-1',
      provenance: { origin: 'peer', peerId: 'cx-node' },
    });
    expect(await ou.records.listRecordIds('own')).toEqual([record('1').recordId]);
    expect(await ou.records.listRecordIds('peer')).toEqual(['cx-rec-1']);
    expect((await ou.records.get('cx-rec-1', '1'))?.provenance).toEqual({
      origin: 'peer',
      peerId: 'cx-node',
    });
  });
  it('concurrent putIfAbsent of the same version creates exactly one', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => ou.records.putIfAbsent(record('race'))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await ou.records.listVersions(record('1').recordId)).filter((v) => v === 'race')).toHaveLength(1);
  });
  it('refuses malformed input without writing anything', async () => {
    expect(await codeOf(ou.records.putIfAbsent({ ...record('x'), recordId: '' }))).toBe(
      'KH_STORE_INVALID_INPUT',
    );
    expect(await codeOf(ou.records.putIfAbsent({ ...record('x'), original: '' }))).toBe(
      'KH_STORE_INVALID_INPUT',
    );
    expect(
      await codeOf(ou.records.putIfAbsent({ ...record('x'), provenance: { origin: 'peer', peerId: '' } })),
    ).toBe('KH_STORE_INVALID_INPUT');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await codeOf(ou.records.putIfAbsent({ ...record('x'), nativeView: cyclic }))).toBe(
      'KH_STORE_INVALID_INPUT',
    );
    expect(await ou.records.get(record('1').recordId, 'x')).toBeUndefined();
  });
  it('corrupt stored JSON is reported, not returned', async () => {
    await ou.records.putIfAbsent(record('corrupt'));
    await redis.hset(ou.keys.record(record('1').recordId, 'corrupt'), 'nativeView', '{not json');
    expect(await codeOf(ou.records.get(record('1').recordId, 'corrupt'))).toBe('KH_STORE_CORRUPT');
  });
  it('two nodes sharing a Redis do not see each other', async () => {
    expect(await cx.records.get(record('1').recordId, '1')).toBeUndefined();
    expect(await cx.records.putIfAbsent(record('1'))).toEqual({ created: true });
    expect(ou.keys.prefix).toBe('kh:ou-node:');
    expect(cx.keys.prefix).toBe('test:cx:');
  });
  it('ids containing ":" cannot collide', () => {
    const k = createKeyspace('p:');
    expect(k.record('a:v:b', 'c')).not.toBe(k.record('a', 'b:v:c'));
    expect(k.process('cn', 'all')).not.toBe(k.processIndex('cn'));
    expect(() => createKeyspace('no-colon')).toThrow(KhError);
    expect(nodePrefix('ou node/1')).toBe('kh:ou_node_1:');
  });
});

const now = '2025-01-01T00:00:00.000Z';
const negotiation = (pid: string): StoredNegotiation => ({
  localPid: pid,
  role: 'provider',
  peerId: 'cx-node',
  providerPid: pid,
  consumerPid: 'urn:c',
  state: 'REQUESTED',
  callbackAddress: 'https://cx.example/dsp',
  createdAt: now,
  updatedAt: now,
});

describe('NegotiationStore / TransferStore', () => {
  it('creates, refuses a duplicate pid, reads back', async () => {
    await ou.negotiations.create(negotiation('urn:p1'));
    expect(await codeOf(ou.negotiations.create(negotiation('urn:p1')))).toBe('KH_STORE_EXISTS');
    expect(await ou.negotiations.get('urn:p1')).toEqual(negotiation('urn:p1'));
    expect(await ou.negotiations.get('urn:none')).toBeUndefined();
  });
  it('transition is compare-and-set', async () => {
    const next = await ou.negotiations.transition('urn:p1', 'REQUESTED', 'AGREED', { agreementId: 'urn:a1' });
    expect(next.state).toBe('AGREED');
    expect((await ou.negotiations.get('urn:p1'))?.agreementId).toBe('urn:a1');
    expect(await codeOf(ou.negotiations.transition('urn:p1', 'REQUESTED', 'OFFERED'))).toBe(
      'KH_STORE_CONFLICT',
    );
    expect(await codeOf(ou.negotiations.transition('urn:none', 'REQUESTED', 'OFFERED'))).toBe(
      'KH_STORE_NOT_FOUND',
    );
    expect((await ou.negotiations.get('urn:p1'))?.state).toBe('AGREED');
  });
  it('of two racing transitions from the same state exactly one wins', async () => {
    await ou.negotiations.create(negotiation('urn:race'));
    const results = await Promise.allSettled([
      ou.negotiations.transition('urn:race', 'REQUESTED', 'AGREED'),
      ou.negotiations.transition('urn:race', 'REQUESTED', 'TERMINATED'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
  it('lists processes, and transfers by agreement', async () => {
    expect((await ou.negotiations.list()).map((p) => p.localPid)).toEqual(['urn:p1', 'urn:race']);
    const t = (pid: string, agreementId: string): StoredTransfer => ({
      localPid: pid,
      role: 'provider',
      peerId: 'cx-node',
      providerPid: pid,
      consumerPid: 'urn:c',
      state: 'STARTED',
      agreementId,
      createdAt: now,
      updatedAt: now,
    });
    await ou.transfers.create(t('urn:t1', 'urn:a1'));
    await ou.transfers.create(t('urn:t2', 'urn:a2'));
    expect((await ou.transfers.findByAgreement('urn:a1')).map((x) => x.localPid)).toEqual(['urn:t1']);
    expect(await ou.transfers.list()).toHaveLength(2);
    expect(await cx.transfers.list()).toHaveLength(0);
  });
});

describe('AgreementStore', () => {
  const agreement = {
    agreementId: 'urn:a1',
    peerId: 'cx-node',
    role: 'provider' as const,
    providerPid: 'urn:p1',
    consumerPid: 'urn:c',
    target: 'urn:dataset',
    policy: { '@type': 'Agreement', prohibition: [{ action: 'odrl:distribute' }] },
    createdAt: now,
  };
  it('puts once, gets, lists by peer', async () => {
    expect(await ou.agreements.put(agreement)).toEqual({ created: true });
    expect(await ou.agreements.put({ ...agreement, target: 'other' })).toEqual({ created: false });
    expect(await ou.agreements.get('urn:a1')).toEqual(agreement);
    expect(await ou.agreements.listByPeer('cx-node')).toEqual([agreement]);
    expect(await ou.agreements.listByPeer('nobody')).toEqual([]);
    expect(await ou.agreements.get('urn:none')).toBeUndefined();
  });
});

describe('AuditLog', () => {
  it('appends entries and lists them in order with every field', async () => {
    const id1 = await ou.audit.append({
      actor: 'ou-node',
      action: 'disclose',
      recordId: 'r1',
      version: '1',
      policy: 'urn:policy:ou-to-cx',
      withheld: [
        { term: 'https://w3id.org/kakehashi/vocab#supplier', count: 2 },
        { term: 'https://w3id.org/kakehashi/vocab#procurementVolume', count: 1 },
      ],
      outcome: 'ok',
      durationMs: 12,
      peerId: 'cx-node',
    });
    const id2 = await ou.audit.append({
      actor: 'ou-node',
      action: 'send',
      recordId: 'r2',
      outcome: 'failed',
      errorCode: 'KH_X',
    });
    const all = await ou.audit.list();
    expect(all.map((e) => e.id)).toEqual([id1, id2]);
    expect(all[0]).toMatchObject({
      actor: 'ou-node',
      action: 'disclose',
      recordId: 'r1',
      version: '1',
      policy: 'urn:policy:ou-to-cx',
      outcome: 'ok',
      durationMs: 12,
      peerId: 'cx-node',
    });
    expect(all[0].withheld).toEqual([
      { term: 'https://w3id.org/kakehashi/vocab#supplier', count: 2 },
      { term: 'https://w3id.org/kakehashi/vocab#procurementVolume', count: 1 },
    ]);
    expect(Number.isNaN(Date.parse(all[0].time))).toBe(false);
    expect(all[1].errorCode).toBe('KH_X');
  });
  it('keeps only term names and counts in withheld', async () => {
    const leaky = [{ term: 'supplier', count: 1, value: 'ACME Cells KK' }];
    await ou.audit.append({
      actor: 'a',
      action: 'disclose',
      recordId: 'leak',
      outcome: 'ok',
      withheld: leaky,
    });
    const [e] = await ou.audit.list({ recordId: 'leak' });
    expect(e.withheld).toEqual([{ term: 'supplier', count: 1 }]);
    const raw = JSON.stringify(await redis.xrange(ou.keys.audit(), '-', '+'));
    expect(raw).not.toContain('ACME');
  });
  it('filters by recordId, since (id or time) and limit', async () => {
    for (let i = 0; i < 30; i++)
      await ou.audit.append({
        actor: 'a',
        action: 'send',
        recordId: i % 3 === 0 ? 'r3' : 'rx',
        outcome: 'ok',
      });
    expect(await ou.audit.list({ recordId: 'r3' })).toHaveLength(10);
    expect(await ou.audit.list({ recordId: 'r3', limit: 4 })).toHaveLength(4);
    const all = await ou.audit.list({ limit: 1000 });
    expect(all).toHaveLength(33);
    const after = await ou.audit.list({ since: all[30].id });
    expect(after.map((e) => e.id)).toEqual([all[31].id, all[32].id]);
    expect(await ou.audit.list({ since: new Date(Date.now() + 60000) })).toEqual([]);
    expect((await ou.audit.list({ since: '2000-01-01T00:00:00Z', limit: 5 })).map((e) => e.id)).toEqual(
      all.slice(0, 5).map((e) => e.id),
    );
    expect(await codeOf(ou.audit.list({ since: 'yesterday-ish' }))).toBe('KH_STORE_INVALID_INPUT');
  });
  it('refuses malformed entries', async () => {
    expect(await codeOf(ou.audit.append({ actor: '', action: 'x', outcome: 'ok' }))).toBe(
      'KH_STORE_INVALID_INPUT',
    );
    expect(
      await codeOf(
        ou.audit.append({ actor: 'a', action: 'x', outcome: 'ok', withheld: [{ term: 't', count: -1 }] }),
      ),
    ).toBe('KH_STORE_INVALID_INPUT');
    expect(await codeOf(ou.audit.append({ actor: 'a', action: 'x', outcome: 'maybe' as 'ok' }))).toBe(
      'KH_STORE_INVALID_INPUT',
    );
  });
});

describe('an unreachable Redis', () => {
  it('is KH_STORE_UNAVAILABLE', async () => {
    const dead = new Redis({
      port: 1,
      host: '127.0.0.1',
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    try {
      const stores = createRedisStores(dead, { nodeId: 'x' });
      expect(await codeOf(stores.records.get('r', '1'))).toBe('KH_STORE_UNAVAILABLE');
    } finally {
      dead.disconnect();
    }
  });
});
