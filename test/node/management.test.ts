import request from 'supertest';
import { createManagementApp } from '../../connector/node/http/apps';
import { createMetrics } from '../../connector/node/metrics';
import { createLogger } from '../../connector/node/logger';
import type { ManagementHandlers } from '../../connector/node/management/handlers';
import { KhError } from '../../connector/errors';

const TOKEN = 'operator-token-0123456789';

function app(overrides: Partial<ManagementHandlers> = {}) {
  const audited: { code: string }[] = [];
  const handlers: ManagementHandlers = {
    ready: async () => ({ ready: true, checks: { redis: true } }),
    publish: async (i) => ({ outcomes: [{ recordId: i.recordId, outcome: 'queued' }] }),
    listRecords: async () => [],
    getRecord: async () => {
      throw new KhError('KH_NODE_UNKNOWN_RECORD', 'no such record', { status: 404, where: '/recordId' });
    },
    listTransfers: async () => [],
    listAgreements: async () => [],
    negotiate: async () => ({}),
    listDeadLetters: async () => [],
    retryDeadLetter: async (id) => ({ id, requeued: true }),
    listPolicies: () => [],
    describeTrust: () => ({ roots: [] }),
    audit: async () => [],
    ...overrides,
  };
  const a = createManagementApp({
    nodeId: 'ou-node-1',
    logger: createLogger({ nodeId: 'ou-node-1', level: 'silent' }),
    metrics: createMetrics(),
    audit: async (e) => void audited.push(e),
    bodyLimitBytes: 2048,
    token: TOKEN,
    handlers,
  });
  return { app: a, audited };
}

const auth = { authorization: `Bearer ${TOKEN}` };

describe('management API', () => {
  it('serves health, readiness and an OpenAPI 3.1 document without a token', async () => {
    const { app: a } = app();
    expect((await request(a).get('/health')).body).toEqual({ status: 'ok', node: 'ou-node-1' });
    expect((await request(a).get('/ready')).status).toBe(200);
    const notReady = app({ ready: async () => ({ ready: false, checks: { redis: false } }) });
    expect((await request(notReady.app).get('/ready')).status).toBe(503);
    const doc = (await request(a).get('/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/publish',
      '/api/v1/records',
      '/api/v1/transfers',
      '/api/v1/agreements',
      '/api/v1/dead-letters',
      '/api/v1/dead-letters/{id}/retry',
      '/api/v1/policies',
      '/api/v1/trust',
      '/health',
      '/ready',
    ]) {
      expect(doc.paths).toHaveProperty([p]);
    }
    expect(doc.components.securitySchemes.operatorToken).toEqual({ type: 'http', scheme: 'bearer' });
    const metrics = await request(a).get('/metrics');
    expect(metrics.text).toContain('kakehashi_verification_seconds');
  });

  it('needs the operator token, and audits the refusal', async () => {
    const { app: a, audited } = app();
    const none = await request(a).get('/api/v1/transfers');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('KH_AUTH_TOKEN');
    const wrong = await request(a).get('/api/v1/transfers').set('authorization', 'Bearer nope');
    expect(wrong.body.code).toBe('KH_AUTH_TOKEN');
    expect(audited.map((e) => e.code)).toEqual(['KH_AUTH_TOKEN', 'KH_AUTH_TOKEN']);
    expect((await request(a).get('/api/v1/transfers').set(auth)).body).toEqual({ transfers: [] });
  });

  it('answers every failure with a typed JSON body', async () => {
    const { app: a } = app({
      listAgreements: async () => {
        throw new Error('boom with internal detail');
      },
    });
    const missing = await request(a).get('/api/v1/records/x').set(auth);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      code: 'KH_NODE_UNKNOWN_RECORD',
      message: 'no such record',
      where: '/recordId',
    });
    const internal = await request(a).get('/api/v1/agreements').set(auth);
    expect(internal.status).toBe(500);
    expect(internal.body).toEqual({ code: 'KH_INTERNAL', message: 'internal error' });
    const nowhere = await request(a).get('/nowhere');
    expect(nowhere.body.code).toBe('KH_HTTP_NOT_FOUND');
    const malformed = await request(a)
      .post('/api/v1/publish')
      .set(auth)
      .set('content-type', 'application/json')
      .send('{"recordId":');
    expect(malformed.body.code).toBe('KH_INPUT_MALFORMED_JSON');
    const big = await request(a)
      .post('/api/v1/publish')
      .set(auth)
      .send({ recordId: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('KH_HTTP_TOO_LARGE');
    const text = await request(a)
      .post('/api/v1/publish')
      .set(auth)
      .set('content-type', 'text/plain')
      .send('x');
    expect(text.status).toBe(415);
    const invalid = await request(a).post('/api/v1/publish').set(auth).send({ recordId: 42 });
    expect(invalid.body).toMatchObject({ code: 'KH_INPUT_INVALID', where: '/recordId' });
    const ok = await request(a).post('/api/v1/publish').set(auth).send({ recordId: 'r1' });
    expect(ok.status).toBe(202);
    expect((await request(a).post('/api/v1/dead-letters/abc/retry').set(auth)).body).toEqual({
      id: 'abc',
      requeued: true,
    });
  });
});
