import axios from 'axios';
import { startTestRedis, TestRedis } from '../helpers/redis';
import type { Federation } from '../../connector/node/demo/federation';
import { federation, publish, seeds, waitUntil } from './world';

jest.setTimeout(180000);

describe('delivery survives a peer outage; exhausted deliveries are dead-lettered and can be retried', () => {
  let redis: TestRedis;
  let fed: Federation;
  const cx = seeds('catena-x');

  beforeAll(async () => {
    redis = await startTestRedis();
    fed = await federation(redis.url, { attempts: 6, backoffMs: 250 });
    await fed.negotiateBoth();
  });
  afterAll(async () => {
    await fed?.stop();
    await redis?.stop();
  });

  const receivedAtOu = () =>
    fed.sides.ouranos.simulator.list('received').filter((r) => r.verification?.verified).length;
  const sendAudit = async (outcome: string) =>
    ((await fed.sides['catena-x'].node.handlers.audit(1000)) as { action: string; outcome: string }[]).filter(
      (a) => a.action === 'send' && a.outcome === outcome,
    ).length;

  it('retries while the peer is down and delivers once it is back', async () => {
    await fed.stopNode('ouranos');
    expect((await publish(fed, cx[0])).status).toBe(201);
    await waitUntil('a failed attempt', async () => (await sendAudit('retrying')) >= 1);
    await fed.restartNode('ouranos');
    await waitUntil('the passport at OU', () => receivedAtOu() === 1, 30000);
    // the sender has its acknowledgement too (nothing left in flight)
    await waitUntil('the acknowledged send', async () => (await sendAudit('ok')) === 1);
    expect(await fed.sides['catena-x'].node.handlers.listDeadLetters()).toEqual([]);
  });

  it('dead-letters after the last attempt, and delivers on an operator retry', async () => {
    await fed.stopNode('ouranos');
    expect((await publish(fed, cx[1])).status).toBe(201);
    const cxSide = fed.sides['catena-x'];
    await waitUntil(
      'a dead letter',
      async () => (await cxSide.node.handlers.listDeadLetters()).length === 1,
      60000,
    );
    const mgmt = axios.create({
      baseURL: cxSide.node.managementUrl,
      headers: { authorization: `Bearer ${cxSide.config.management.token}` },
      validateStatus: () => true,
      proxy: false,
    });
    const list = await mgmt.get('/api/v1/dead-letters');
    expect(list.data.deadLetters).toHaveLength(1);
    expect(list.data.deadLetters[0]).toMatchObject({
      peerId: 'ou-node-1',
      recordId: cx[1].recordId,
      attempts: 6,
      reason: 'KH_PEER_UNAVAILABLE',
    });
    await fed.restartNode('ouranos');
    const retry = await mgmt.post(
      `/api/v1/dead-letters/${encodeURIComponent(list.data.deadLetters[0].id)}/retry`,
    );
    expect(retry.status).toBe(202);
    await waitUntil('the second passport at OU', () => receivedAtOu() === 2, 30000);
    await waitUntil('the acknowledged send', async () => (await sendAudit('ok')) === 2);
    expect((await mgmt.get('/api/v1/dead-letters')).data.deadLetters).toEqual([]);
    const unknown = await mgmt.post('/api/v1/dead-letters/nope/retry');
    expect(unknown.status).toBe(404);
  });
});
