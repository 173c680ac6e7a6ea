import { createPublicKey } from 'node:crypto';
import axios from 'axios';
import { startTestRedis, TestRedis } from '../helpers/redis';
import { createPlatformPki } from '../../certs/pki';
import { issueSdJwtVc, presentSdJwtVc } from '../../certs/sd-jwt';
import { catenaXAdapter } from '../../adapters/catena-x';
import type { Federation } from '../../connector/node/demo/federation';
import { createCompanyKeyReader } from '../../connector/node/company-keys';
import { federation, protocolClient, seeds } from '../e2e/world';
import path from 'node:path';

jest.setTimeout(120000);

describe('the mutual-TLS protocol API refuses what it must, and stays up', () => {
  let redis: TestRedis;
  let fed: Federation;
  let transfer: { agreementId: string; providerPid: string; consumerPid: string };
  const cx = seeds('catena-x');
  let seq = 1000;

  beforeAll(async () => {
    redis = await startTestRedis();
    fed = await federation(redis.url, { configPatch: { ouranos: { limits: { bodyBytes: 200000 } } } });
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

  /** A delivery as the CX node would make it, from `credential` (signed by the seed's company). */
  function delivery(
    credential: Record<string, unknown>,
    opts: { sequence?: number; agreementId?: string } = {},
  ) {
    const keys = createCompanyKeyReader(path.join(fed.sides['catena-x'].dir, 'company-keys'));
    const publisher = String(credential.issuer).split(':').pop() as string;
    const company = keys(publisher);
    const holderPublicJwk = createPublicKey(cxNode().privateKey).export({ format: 'jwk' });
    const sdJwt = issueSdJwtVc(credential, {
      privateKey: company.privateKey,
      x5c: company.x5c,
      holderPublicJwk,
    });
    const sequence = opts.sequence ?? ++seq;
    const presentation = presentSdJwtVc(sdJwt, {
      keep: () => true,
      keyBinding: {
        privateKey: cxNode().privateKey,
        audience: 'ou-node-1',
        nonce: `${transfer.consumerPid}#${sequence}`,
      },
    });
    return {
      ...transfer,
      ...(opts.agreementId ? { agreementId: opts.agreementId } : {}),
      sequence,
      presentation,
      certifications: [],
    };
  }
  const credential = (n = 1) =>
    catenaXAdapter.toCanonical(cx[n].record) as unknown as Record<string, unknown>;

  it('refuses a client without a certificate, or with one from an untrusted CA, at the TLS handshake', async () => {
    await expect(protocolClient(fed, 'ouranos').post('/data/records', {})).rejects.toThrow();
    const foreign = createPlatformPki({ platform: 'catena-x' });
    const rogue = foreign.issue('node', 'cx-node-1');
    await expect(
      protocolClient(fed, 'ouranos', rogue, [foreign.rootCertificatePem]).post('/data/records', {}),
    ).rejects.toThrow();
  });

  it('answers 401 KH_TLS_CLIENT_CERT to a trusted node certificate of no registered peer; refuses other roles', async () => {
    const unknownNode = fed.pkis['catena-x'].issue('node', 'cx-node-9');
    const r1 = await protocolClient(fed, 'ouranos', unknownNode).post('/dsp/catalog/request', {});
    expect(r1.status).toBe(401);
    expect(r1.data).toEqual({ code: 'KH_TLS_CLIENT_CERT', message: expect.any(String) });
    // A company certificate is not even a TLS client certificate: the handshake already fails.
    const company = fed.pkis['catena-x'].issue('company', 'cx-node-1');
    await expect(protocolClient(fed, 'ouranos', company).post('/data/records', {})).rejects.toThrow();
  });

  it('accepts a well-made delivery, then refuses its replay', async () => {
    const d = delivery(credential(1));
    const first = await client().post('/data/records', d);
    expect(first.status).toBe(201);
    const replay = await client().post('/data/records', d);
    expect(replay.data.code).toBe('KH_SDJWT_KB_REPLAY');
  });

  it('refuses a delivery under no agreement, or with a nonce of another sequence', async () => {
    const r = await client().post(
      '/data/records',
      delivery(credential(2), { agreementId: 'urn:uuid:00000000-0000-4000-8000-000000000000' }),
    );
    expect(r.status).toBe(403);
    expect(r.data.code).toBe('KH_NODE_NO_AGREEMENT');
    const d = delivery(credential(2));
    const wrongNonce = await client().post('/data/records', { ...d, sequence: d.sequence + 1 });
    expect(wrongNonce.data.code).toBe('KH_SDJWT_KB_NONCE');
  });

  it('refuses a presentation bound to another key than the TLS client certificate', async () => {
    const other = fed.pkis['catena-x'].issue('node', 'cx-node-1');
    const keys = createCompanyKeyReader(path.join(fed.sides['catena-x'].dir, 'company-keys'));
    const c = credential(4);
    const company = keys(String(c.issuer).split(':').pop() as string);
    const holderPublicJwk = createPublicKey(other.privateKey).export({ format: 'jwk' });
    const sequence = ++seq;
    const presentation = presentSdJwtVc(
      issueSdJwtVc(c, { privateKey: company.privateKey, x5c: company.x5c, holderPublicJwk }),
      {
        keep: () => true,
        keyBinding: {
          privateKey: other.privateKey,
          audience: 'ou-node-1',
          nonce: `${transfer.consumerPid}#${sequence}`,
        },
      },
    );
    const r = await client().post('/data/records', {
      ...transfer,
      sequence,
      presentation,
      certifications: [],
    });
    expect(r.status).toBe(401);
    expect(r.data.code).toBe('KH_NODE_KEY_BINDING_MISMATCH');
  });

  it('refuses a credential with a remote @context', async () => {
    const c = credential(3);
    c['@context'] = [...(c['@context'] as string[]), 'https://evil.example/context.jsonld'];
    const r = await client().post('/data/records', delivery(c));
    expect(r.data.code).toBe('KH_JSONLD_REMOTE_CONTEXT');
  });

  it('refuses oversized, malformed and non-JSON bodies with typed errors', async () => {
    const big = await client().post('/data/records', { pad: 'x'.repeat(300000) });
    expect(big.status).toBe(413);
    expect(big.data.code).toBe('KH_HTTP_TOO_LARGE');
    const bad = await client().post('/data/records', '{"agreementId": ', {
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.code).toBe('KH_INPUT_MALFORMED_JSON');
    const text = await client().post('/data/records', 'hello', { headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.data.code).toBe('KH_HTTP_UNSUPPORTED_MEDIA_TYPE');
    const shape = await client().post('/data/records', { agreementId: 1 });
    expect(shape.data).toMatchObject({ code: 'KH_INPUT_INVALID', where: '/agreementId' });
  });

  it('refuses DSP messages that break the schema or the protocol state', async () => {
    const invalid = await client().post('/dsp/catalog/request', { '@type': 'CatalogRequestMessage' });
    expect(invalid.status).toBe(400);
    expect(invalid.data.code).toBe('KH_DSP_SCHEMA_INVALID');
    const start = {
      '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
      '@type': 'TransferStartMessage',
      providerPid: transfer.providerPid,
      consumerPid: transfer.consumerPid,
    };
    const again = await client().post(
      `/dsp/callback/transfers/${encodeURIComponent(transfer.consumerPid)}/start`,
      start,
    );
    expect(again.status).toBe(409);
    expect(again.data.code).toBe('KH_DSP_ILLEGAL_STATE');
    const unknown = await client().get('/dsp/negotiations/urn:uuid:nope');
    expect(unknown.status).toBe(404);
    expect(unknown.data.code).toBe('KH_DSP_UNKNOWN_PROCESS');
  });

  it('is still healthy, counted the refusals and audited them', async () => {
    const side = fed.sides.ouranos;
    expect((await axios.get(`${side.node.managementUrl}/health`, { proxy: false })).data.status).toBe('ok');
    const ready = await axios.get(`${side.node.managementUrl}/ready?peers=true`, { proxy: false });
    expect(ready.data).toEqual({
      ready: true,
      checks: { redis: true, policies: true, platform: true, 'peer:cx-node-1': true },
    });
    const metrics = (await axios.get(`${side.node.managementUrl}/metrics`, { proxy: false })).data as string;
    expect(metrics).toMatch(/kakehashi_http_errors_total\{code="KH_TLS_CLIENT_CERT"\} \d+/);
    expect(metrics).toMatch(/kakehashi_records_received_total\{peer="cx-node-1"\} 1/);
    const audit = (await side.node.handlers.audit(1000)) as { outcome: string; errorCode?: string }[];
    expect(audit.some((a) => a.outcome === 'refused' && a.errorCode === 'KH_SDJWT_KB_REPLAY')).toBe(true);
    expect(audit.some((a) => a.outcome === 'refused' && a.errorCode === 'KH_TLS_CLIENT_CERT')).toBe(true);
  });
});
