import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { startTestRedis, TestRedis } from '../helpers/redis';
import { createPlatformPki } from '../../certs/pki';
import { issueSdJwtVc, presentSdJwtVc } from '../../certs/sd-jwt';
import { createDeliveryQueue, type DeliveryQueue } from '../../connector/delivery';
import { createDeliveryPort } from '../../connector/node/delivery-port';
import { createMetrics } from '../../connector/node/metrics';
import type { NodeConfig } from '../../connector/node/config';
import type { PeerClient } from '../../connector/node/peer-client';
import type { DeliveryJob, DeliveryPort } from '../../connector/node/pipeline/types';

jest.setTimeout(60000);

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
});

async function waitFor(cond: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the delivery port', () => {
  let port: DeliveryPort;
  const jobStateCalls: string[] = [];
  const sent: unknown[] = [];

  const pki = createPlatformPki({ platform: 'catena-x' });
  const company = pki.issue('company', 'BPNL000000000001');
  const nodeKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const sdJwt = issueSdJwtVc(
    { '@context': ['https://www.w3.org/ns/credentials/v2'], credentialSubject: { id: 'urn:x', a: 1 } },
    {
      privateKey: company.privateKey,
      x5c: company.x5c,
      holderPublicJwk: createPublicKey(nodeKey).export({ format: 'jwk' }),
    },
  );
  const presentation = presentSdJwtVc(sdJwt, { keep: () => true });
  const job = (n: number): DeliveryJob => ({
    jobId: '',
    peerId: 'ou',
    recordId: `urn:uuid:rec-${n}`,
    version: '1',
    agreementId: 'urn:uuid:agr',
    providerPid: 'urn:uuid:prov',
    consumerPid: 'urn:uuid:cons',
    endpoint: 'https://ou.example:8443/data/records',
    presentation,
    certifications: [],
    policyId: 'p',
  });

  beforeAll(() => {
    const cfg = {
      nodeId: 'cx-node',
      redis: { url: redis.url, keyPrefix: `kh:port-${process.pid}:` },
      peers: [
        {
          id: 'ou',
          platform: 'ouranos',
          baseUrl: 'https://ou.example:8443',
          certificateSubject: 'ou-node',
        },
      ],
      delivery: { attempts: 2, backoffMs: 10, concurrency: 2, timeoutMs: 1000 },
    } as unknown as NodeConfig;
    const peerClient: PeerClient = {
      post: async <T>(_peer: unknown, _path: string, body: unknown) => {
        sent.push(body);
        return {} as T;
      },
      get: async <T>() => ({}) as T,
      reachable: async () => true,
    };
    let seq = 0;
    port = createDeliveryPort({
      cfg,
      peerClient,
      nodeKey,
      nextSequence: async () => ++seq,
      metrics: createMetrics(),
      logger: pino({ level: 'silent' }),
      audit: async () => undefined,
      createQueue: (opts) => {
        const q = createDeliveryQueue(opts);
        const wrapped: DeliveryQueue = {
          ...q,
          jobState: (id) => {
            jobStateCalls.push(id);
            return q.jobState(id);
          },
        };
        return wrapped;
      },
    });
  });
  afterAll(async () => {
    await port?.close();
  });

  it('counts delivered jobs once, and stops asking Redis about them', async () => {
    for (const n of [1, 2, 3]) expect(await port.add(job(n))).toEqual({ added: true });
    await waitFor(() => port.idle(), 'the three deliveries');
    expect(await port.deadLetters()).toEqual([]);
    expect(sent).toHaveLength(3);
    expect(await port.counts()).toEqual({ completed: 3 });
    const asked = jobStateCalls.length;
    expect(await port.counts()).toEqual({ completed: 3 });
    expect(await port.idle()).toBe(true);
    // Delivered is final: no more per-job lookups for them.
    expect(jobStateCalls.length).toBe(asked);
    // A re-publish is not added again, nor counted twice.
    expect(await port.add(job(2))).toEqual({ added: false });
    expect(await port.counts()).toEqual({ completed: 3 });
    expect(await port.add(job(4))).toEqual({ added: true });
    await waitFor(() => port.idle(), 'the fourth delivery');
    expect(await port.counts()).toEqual({ completed: 4 });
    expect(sent).toHaveLength(4);
  });
});
