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
    expect(ok.body.signed).toBeUndefined();
  });

  const passport = (version: string) => ({
    metadata: { passportIdentifier: 'urn:uuid:2', version, economicOperatorId: 'BPNL000000000001' },
  });
  const sdJwt = 'eyJhbGciOiJQUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln~WyJzYWx0IiwibmFtZSIsMV0~';

  it('accepts a signed publication { record, credential } on POST and PUT, and keeps the credential', async () => {
    const post = await request(sim.app)
      .post('/api/v1/passports')
      .set('X-Api-Key', 'bpn-key-1')
      .send({ record: passport('1'), credential: sdJwt });
    expect(post.status).toBe(201);
    expect(post.body).toMatchObject({ recordId: 'urn:uuid:2', version: '1', signed: true, created: true });
    const again = await request(sim.app)
      .post('/api/v1/passports')
      .set('X-Api-Key', 'bpn-key-1')
      .send({ record: passport('1'), credential: `${sdJwt}WyJvdGhlciJd~` });
    expect(again.status).toBe(200);
    const put = await request(sim.app)
      .put('/api/v1/passports/urn:uuid:2')
      .set('X-Api-Key', 'bpn-key-1')
      .send({ record: passport('2'), credential: sdJwt });
    expect(put.status).toBe(201);
    const got = await request(sim.app)
      .get('/api/v1/passports/urn:uuid:2?version=1')
      .set('X-Api-Key', 'bpn-key-1');
    expect(got.body).toMatchObject({ record: passport('1'), credential: sdJwt, signed: true });
    expect(sim.platform.changes(0).events.filter((e) => e.signed)).toHaveLength(2);
  });

  it('refuses a signed publication whose credential is not a compact SD-JWT', async () => {
    for (const credential of ['not a token', 42, `${sdJwt}eyJrYi1qd3QifQ.e30.c2ln`, 'a.b~']) {
      const res = await request(sim.app)
        .post('/api/v1/passports')
        .set('X-Api-Key', 'bpn-key-1')
        .send({ record: passport('3'), credential });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'KH_SIM_CREDENTIAL_MALFORMED', where: '/credential' });
    }
    expect(() => sim.platform.get('urn:uuid:2', '3')).toThrow(KhError);
  });
});

describe('simulator fetch of a publication as received', () => {
  const sim = createCatenaXSimulator({
    participants: [{ apiKey: 'bpn-key-9', participantId: 'BPNL000000000009', role: 'company' }],
    validateNative: requireField,
  });
  const sdJwt = 'eyJhbGciOiJQUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln~WyJzYWx0IiwibmFtZSIsMV0~';
  const record = {
    metadata: { passportIdentifier: 'urn:uuid:9', version: '1', economicOperatorId: 'BPNL000000000009' },
    note: 'Ünïcödé ✓ "quoted" \\ back',
    weight: 1.5,
  };

  it('answers GET with the same record and credential, whatever the published formatting', async () => {
    // Credential first, pretty-printed, surrounding whitespace: the answer still parses to the same members.
    const text = `\n  ${JSON.stringify({ credential: sdJwt, record }, null, 2)}\n`;
    const post = await request(sim.app)
      .post('/api/v1/passports')
      .set('X-Api-Key', 'bpn-key-9')
      .set('content-type', 'application/json')
      .send(text);
    expect(post.status).toBe(201);
    const got = await request(sim.app)
      .get('/api/v1/passports/urn:uuid:9?version=1&direction=published')
      .set('X-Api-Key', 'bpn-key-9');
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toMatch(/^application\/json/);
    expect(got.body).toEqual({
      recordId: 'urn:uuid:9',
      version: '1',
      publisher: 'BPNL000000000009',
      direction: 'published',
      storedAt: expect.any(String),
      signed: true,
      record,
      credential: sdJwt,
    });
  });

  it('answers GET of an unsigned publication with the record as published', async () => {
    const unsigned = { ...record, metadata: { ...record.metadata, version: '2' } };
    await request(sim.app)
      .post('/api/v1/passports')
      .set('X-Api-Key', 'bpn-key-9')
      .set('content-type', 'application/json')
      .send(` ${JSON.stringify(unsigned)}\r\n`)
      .expect(201);
    const got = await request(sim.app)
      .get('/api/v1/passports/urn:uuid:9?version=2')
      .set('X-Api-Key', 'bpn-key-9');
    expect(got.body).toMatchObject({ version: '2', record: unsigned });
    expect(got.body.credential).toBeUndefined();
    expect(got.body.signed).toBeUndefined();
  });
});

describe('platform client deliverReceived', () => {
  it('hands a received record over, idempotently, and maps refusals and an absent platform', async () => {
    const http = await import('node:http');
    const { createHttpPlatformClient } = await import('../../connector/node/platform-client');
    const sim = createOuranosSimulator({
      participants: [
        { apiKey: 'operator-key', participantId: 'ou-operator', role: 'operator' },
        { apiKey: 'company-key', participantId: 'op-1', role: 'company' },
      ],
      validateNative: requireField,
    });
    const server = http.createServer(sim.app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    const url = `http://127.0.0.1:${port}`;
    try {
      const client = createHttpPlatformClient({ platform: 'ouranos', url, apiKey: 'operator-key' });
      const verification = { verified: true, from: 'peer-x', receivedAt: '2026-01-01T00:00:00.000Z' };
      expect(await client.deliverReceived(ouRecord(7), verification)).toMatchObject({ created: true });
      expect(await client.deliverReceived(ouRecord(7), verification)).toMatchObject({ created: false });
      expect(sim.platform.get(ouRecord(7).recordId, '7', 'received').verification).toEqual(verification);
      const company = createHttpPlatformClient({ platform: 'ouranos', url, apiKey: 'company-key' });
      await expect(company.deliverReceived(ouRecord(8), verification)).rejects.toMatchObject({
        code: 'KH_PLATFORM_REJECTED',
        status: 403,
        details: { platformCode: 'KH_SIM_FORBIDDEN', platformStatus: 403 },
      });
      await expect(client.deliverReceived({ nothing: true }, verification)).rejects.toMatchObject({
        code: 'KH_PLATFORM_REJECTED',
        status: 400,
        where: '/recordId',
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    const gone = createHttpPlatformClient({ platform: 'ouranos', url, apiKey: 'operator-key' });
    await expect(
      gone.deliverReceived(ouRecord(9), { verified: true, from: 'p', receivedAt: 'now' }),
    ).rejects.toMatchObject({ code: 'KH_PLATFORM_UNAVAILABLE', status: 503 });
  });
});
