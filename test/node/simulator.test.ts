import request from 'supertest';
import { createOuranosSimulator } from '../../adapters/ouranos/simulator';
import { createCatenaXSimulator } from '../../adapters/catena-x/simulator';
import { KhError } from '../../connector/errors';

const requireField = (record: unknown): void => {
  if (!record || typeof record !== 'object' || !('recordId' in record || 'metadata' in record)) {
    throw new KhError('KH_OU_SCHEMA_INVALID', 'bad record', { where: '/' });
  }
};

const ouRecord = (version: number, extra = 'a') => ({
  recordId: '3f0a1a52-8c1d-4b5e-9a55-0d5b6f0f0001',
  recordVersion: version,
  operatorModel: { operatorId: 'op-1' },
  extra,
});

describe('Ouranos-style simulator', () => {
  const sim = createOuranosSimulator({
    participants: [
      { apiKey: 'company-key-1', participantId: 'op-1', role: 'company' },
      { apiKey: 'company-key-2', participantId: 'op-2', role: 'company' },
      { apiKey: 'operator-key', participantId: 'ou-operator', role: 'operator' },
    ],
    validateNative: requireField,
  });

  it('authenticates with the apiKey header', async () => {
    const res = await request(sim.app).get('/api/v1/batteryRecords');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('KH_AUTH_API_KEY');
  });

  it('publishes, is idempotent per version, refuses changed content and other companies', async () => {
    const a = await request(sim.app)
      .post('/api/v1/batteryRecords')
      .set('apiKey', 'company-key-1')
      .send(ouRecord(1));
    expect(a.status).toBe(201);
    const again = await request(sim.app)
      .post('/api/v1/batteryRecords')
      .set('apiKey', 'company-key-1')
      .send(ouRecord(1));
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    const changed = await request(sim.app)
      .post('/api/v1/batteryRecords')
      .set('apiKey', 'company-key-1')
      .send(ouRecord(1, 'b'));
    expect(changed.body.code).toBe('KH_SIM_VERSION_CONFLICT');
    const other = await request(sim.app)
      .post('/api/v1/batteryRecords')
      .set('apiKey', 'company-key-2')
      .send(ouRecord(2));
    expect(other.body.code).toBe('KH_SIM_FORBIDDEN');
    const v2 = await request(sim.app)
      .put(`/api/v1/batteryRecords/${ouRecord(2).recordId}`)
      .set('apiKey', 'company-key-1')
      .send(ouRecord(2));
    expect(v2.status).toBe(201);
  });

  it('validates with the native validator', async () => {
    const res = await request(sim.app)
      .post('/api/v1/batteryRecords')
      .set('apiKey', 'company-key-1')
      .send({ x: 1 });
    expect(res.body.code).toBe('KH_OU_SCHEMA_INVALID');
  });

  it('feeds changes to the operator only, and stores received records with their status', async () => {
    const denied = await request(sim.app).get('/api/v1/changes').set('apiKey', 'company-key-1');
    expect(denied.body.code).toBe('KH_SIM_FORBIDDEN');
    const feed = await request(sim.app).get('/api/v1/changes?after=0').set('apiKey', 'operator-key');
    expect(feed.body.events.map((e: { version: string }) => e.version)).toEqual(['1', '2']);
    expect(feed.body.next).toBe(2);
    const later = await request(sim.app).get('/api/v1/changes?after=2').set('apiKey', 'operator-key');
    expect(later.body.events).toEqual([]);
    const rec = { ...ouRecord(1), recordId: 'received-1' };
    const recv = await request(sim.app)
      .post('/api/v1/received')
      .set('apiKey', 'operator-key')
      .send({
        record: rec,
        verification: { verified: true, from: 'cx-node', receivedAt: new Date().toISOString() },
      });
    expect(recv.status).toBe(201);
    const got = await request(sim.app)
      .get('/api/v1/batteryRecords/received-1?direction=received')
      .set('apiKey', 'company-key-2');
    expect(got.body.verification.verified).toBe(true);
    expect(got.body.record).toEqual(rec);
  });
});

describe('Catena-X-style simulator', () => {
  const sim = createCatenaXSimulator({
    participants: [{ apiKey: 'bpn-key-1', participantId: 'BPNL000000000001', role: 'company' }],
    validateNative: requireField,
  });
  it('authenticates with X-Api-Key and identifies passports by metadata', async () => {
    const body = {
      metadata: {
        passportIdentifier: 'urn:uuid:1',
        version: '1.0.0',
        economicOperatorId: 'BPNL000000000001',
      },
    };
    expect(
      (await request(sim.app).post('/api/v1/passports').set('apiKey', 'bpn-key-1').send(body)).status,
    ).toBe(401);
    const ok = await request(sim.app).post('/api/v1/passports').set('X-Api-Key', 'bpn-key-1').send(body);
    expect(ok.status).toBe(201);
    expect(ok.body.recordId).toBe('urn:uuid:1');
  });
});
