/**
 * The defects the hostile-input corpus found (test/corpus/known-defects/), each replayed against the real
 * HTTPS stack (mutual TLS, both nodes, Redis): every one is refused with a typed 4xx, audited, nothing is
 * stored, and the node stays healthy.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import axios from 'axios';
import { startTestRedis, TestRedis } from '../helpers/redis';
import { issueSdJwtVc, presentSdJwtVc } from '../../certs/sd-jwt';
import { catenaXAdapter } from '../../adapters/catena-x';
import type { Federation } from '../../connector/node/demo/federation';
import { createCompanyKeyReader } from '../../connector/node/company-keys';
import { federation, protocolClient, seeds } from '../e2e/world';

jest.setTimeout(120000);

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');
const catalogRequest = (): Record<string, unknown> =>
  JSON.parse(
    readFileSync(
      path.join(FIXTURES, 'dsp/DataspaceProtocol/catalog/example/catalog-request-message.json'),
      'utf8',
    ),
  ) as Record<string, unknown>;

describe('hostile inputs found by the corpus are refused with typed 4xx answers', () => {
  let redis: TestRedis;
  let fed: Federation;
  let transfer: { agreementId: string; providerPid: string; consumerPid: string };
  const cx = seeds('catena-x');
  let seq = 5000;

  beforeAll(async () => {
    redis = await startTestRedis();
    fed = await federation(redis.url);
    await fed.negotiateBoth();
    const ts = (await fed.sides.ouranos.node.handlers.listTransfers()) as {
      role: string;
      agreementId: string;
      providerPid: string;
      consumerPid: string;
    }[];
    transfer = ts.find((t) => t.role === 'consumer') as typeof transfer;
  });
  afterAll(async () => {
    await fed?.stop();
    await redis?.stop();
  });

  const cxNode = () => fed.sides['catena-x'].nodeIdentity;
  const client = () => protocolClient(fed, 'ouranos', cxNode());
  const ou = () => fed.sides.ouranos.node;

  /** A delivery as the CX node makes it: signed by the seed's company, bound to the OU node and transfer. */
  function delivery(credential: Record<string, unknown>) {
    const keys = createCompanyKeyReader(path.join(fed.sides['catena-x'].dir, 'company-keys'));
    const company = keys(String(credential.issuer).split(':').pop() as string);
    const holderPublicJwk = createPublicKey(cxNode().privateKey).export({ format: 'jwk' });
    const sdJwt = issueSdJwtVc(credential, {
      privateKey: company.privateKey,
      x5c: company.x5c,
      holderPublicJwk,
    });
    const sequence = ++seq;
    const presentation = presentSdJwtVc(sdJwt, {
      keep: () => true,
      keyBinding: {
        privateKey: cxNode().privateKey,
        audience: 'ou-node-1',
        nonce: `${transfer.consumerPid}#${sequence}`,
      },
    });
    return { ...transfer, sequence, presentation, certifications: [] };
  }
  const credential = (n: number) =>
    catenaXAdapter.toCanonical(cx[n].record) as unknown as Record<string, unknown> & {
      credentialSubject: Record<string, Record<string, unknown>> & {
        provenance: { recordId: string };
      };
    };

  const auditOf = async (code: string) =>
    (
      (await ou().handlers.audit(1000)) as { outcome: string; errorCode?: string; recordId?: string }[]
    ).filter((a) => a.outcome === 'refused' && a.errorCode === code);

  it('refuses a validly signed credential that is not a canonical record: 400 KH_SCHEMA_INVALID, audited, nothing stored', async () => {
    const c = credential(5);
    c.credentialSubject.identification = { ...c.credentialSubject.identification, chemistry: 42 };
    const recordId = c.credentialSubject.provenance.recordId;
    const r = await client().post('/data/records', delivery(c));
    expect(r.status).toBe(400);
    expect(r.data.code).toBe('KH_SCHEMA_INVALID');
    expect((await auditOf('KH_SCHEMA_INVALID')).some((a) => a.recordId === recordId)).toBe(true);
    await expect(ou().handlers.getRecord(recordId)).rejects.toMatchObject({ code: 'KH_NODE_UNKNOWN_RECORD' });
    expect(fed.sides.ouranos.simulator.list('received')).toHaveLength(0);
  });

  it('refuses a credential whose subject is the wrong shape altogether, never with a 500', async () => {
    const c = credential(6);
    (c as Record<string, unknown>).credentialSubject = {
      ...c.credentialSubject,
      identification: 'not an object',
    };
    const r = await client().post('/data/records', delivery(c));
    expect(r.status).toBe(400);
    expect(r.data.code).toBe('KH_SCHEMA_INVALID');
  });

  it('refuses a credential with a term no context defines (compiled check), before the canonical schema', async () => {
    const c = credential(7);
    c.credentialSubject.identification = { ...c.credentialSubject.identification, notAKakehashiTerm: 'x' };
    const r = await client().post('/data/records', delivery(c));
    expect(r.status).toBe(400);
    expect(r.data.code).toBe('KH_JSONLD_UNDEFINED_TERM');
  });

  it('still accepts a well-made delivery', async () => {
    const r = await client().post('/data/records', delivery(credential(1)));
    expect(r.status).toBe(201);
  });

  it('refuses a DSP message naming a context it does not hold: 400 KH_DSP_SCHEMA_INVALID', async () => {
    const ok = await client().post('/dsp/catalog/request', catalogRequest());
    expect(ok.status).toBe(200);
    const r = await client().post('/dsp/catalog/request', {
      ...catalogRequest(),
      '@context': ['https://w3id.org/dspace/2025/1/context.jsonld', 'https://evil.example/more.jsonld'],
    });
    expect(r.status).toBe(400);
    expect(r.data).toMatchObject({ code: 'KH_DSP_SCHEMA_INVALID', where: '/@context/1' });
    expect(JSON.stringify(r.data)).not.toContain('evil.example');
  });

  it('refuses a catalog request with a 100,000-item filter and unknown properties: 400 KH_DSP_SCHEMA_INVALID', async () => {
    const huge = {
      '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
      '@type': 'CatalogRequestMessage',
      filter: Array.from({ length: 100000 }, (_, i) => i),
      extra: { x: 1 },
    };
    const r = await client().post('/dsp/catalog/request', huge);
    expect(r.status).toBe(400);
    expect(r.data).toMatchObject({ code: 'KH_DSP_SCHEMA_INVALID', where: '/filter' });
    const extra = await client().post('/dsp/catalog/request', { ...catalogRequest(), extra: { x: 1 } });
    expect(extra.status).toBe(400);
    expect(extra.data).toMatchObject({ code: 'KH_DSP_SCHEMA_INVALID', where: '/extra' });
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    const nested = await client().post('/dsp/catalog/request', { ...catalogRequest(), filter: [deep] });
    expect(nested.status).toBe(400);
    expect(nested.data.code).toBe('KH_DSP_SCHEMA_INVALID');
  });

  it('is still healthy after every refusal, and audited the protocol refusals', async () => {
    const health = await axios.get(`${ou().managementUrl}/health`, { proxy: false });
    expect(health.data.status).toBe('ok');
    expect((await auditOf('KH_DSP_SCHEMA_INVALID')).length).toBeGreaterThanOrEqual(4);
    const all = (await ou().handlers.audit(1000)) as { errorCode?: string }[];
    expect(all.filter((a) => a.errorCode === 'KH_INTERNAL')).toEqual([]);
  });
});
