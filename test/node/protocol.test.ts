import { createPublicKey } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import axios from 'axios';
import { startTestRedis, TestRedis } from '../helpers/redis';
import { createPlatformPki, createTrustStore, validateChain } from '../../certs/pki';
import { issueSdJwtVc, presentSdJwtVc } from '../../certs/sd-jwt';
import { catenaXAdapter } from '../../adapters/catena-x';
import { getAdapter } from '../../adapters';
import { KhError } from '../../connector/errors';
import type { PeerConfig } from '../../connector/node/config';
import { createPeerClient } from '../../connector/node/peer-client';
import { createPeerAuthenticator, type ClientLeaf } from '../../connector/node/http/client-certificate';
import { nativeRecordId, rememberFinalizedAgreements } from '../../connector/node/pipeline/inbound';
import { adapterWithDirectory } from '../../connector/node/directory';
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

  /** A peer client as the CX node, towards the OU node (`subject`: the certificate subject it expects). */
  function peerClientToOu(opts: { subject?: string; timeoutMs?: number } = {}) {
    const id = cxNode();
    const trust = createTrustStore({
      roots: [
        { pem: fed.pkis.ouranos.rootCertificatePem },
        { pem: fed.pkis['catena-x'].rootCertificatePem },
      ] as Parameters<typeof createTrustStore>[0]['roots'],
    });
    const client = createPeerClient({
      certificatePem: id.certificatePem,
      chainPem: id.chainPem.slice(1),
      privateKeyPem: id.privateKeyPem,
      rootsPem: [fed.pkis.ouranos.rootCertificatePem, fed.pkis['catena-x'].rootCertificatePem],
      timeoutMs: opts.timeoutMs ?? 20000,
      validateNodeChain: (x5c) => validateChain(x5c, trust, { role: 'node' }),
    });
    const peer: PeerConfig = {
      id: 'ou-node-1',
      platform: 'ouranos',
      baseUrl: fed.sides.ouranos.node.protocolUrl,
      certificateSubject: opts.subject ?? fed.sides.ouranos.nodeIdentity.subjectId,
    };
    return { client, peer };
  }
  const failure = async (p: Promise<unknown>): Promise<KhError> => {
    try {
      await p;
    } catch (err) {
      return err as KhError;
    }
    throw new Error('expected a failure');
  };

  it('peer client: a refusal is KH_PEER_REJECTED with the peer code, status and permanence', async () => {
    const { client: pc, peer } = peerClientToOu();
    expect(await pc.reachable(peer)).toBe(true);
    const bad = await failure(pc.post(peer, '/dsp/catalog/request', { '@type': 'CatalogRequestMessage' }));
    expect(bad).toBeInstanceOf(KhError);
    expect(bad.code).toBe('KH_PEER_REJECTED');
    expect(bad.details).toMatchObject({
      permanent: true,
      peerCode: 'KH_DSP_SCHEMA_INVALID',
      peerStatus: 400,
    });
    // The same keep-alive connection carries the next request.
    const missing = await failure(pc.get(peer, '/dsp/negotiations/urn:uuid:nope'));
    expect(missing.code).toBe('KH_PEER_REJECTED');
    expect(missing.details).toMatchObject({ peerCode: 'KH_DSP_UNKNOWN_PROCESS', peerStatus: 404 });
  });

  it('peer client: a server certificate naming another node, no listener or no answer is KH_PEER_UNAVAILABLE', async () => {
    const { client: wrong, peer: wrongPeer } = peerClientToOu({ subject: 'cx-node-1' });
    const named = await failure(wrong.get(wrongPeer, '/dsp/negotiations/urn:uuid:nope'));
    expect(named.code).toBe('KH_PEER_UNAVAILABLE');
    expect(await wrong.reachable(wrongPeer)).toBe(false);

    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const { client: pc, peer } = peerClientToOu();
    const refused = await failure(pc.get({ ...peer, baseUrl: `https://127.0.0.1:${closedPort}` }, '/dsp/x'));
    expect(refused.code).toBe('KH_PEER_UNAVAILABLE');
    expect(refused.details).toMatchObject({ reason: 'ECONNREFUSED' });

    // A listener that accepts the connection and never answers: the request times out.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const { client: slow, peer: slowPeer } = peerClientToOu({ timeoutMs: 200 });
      const port = (silent.address() as AddressInfo).port;
      const timedOut = await failure(
        slow.get({ ...slowPeer, baseUrl: `https://127.0.0.1:${port}` }, '/dsp/x'),
      );
      expect(timedOut.code).toBe('KH_PEER_UNAVAILABLE');
      expect(timedOut.details).toMatchObject({ reason: 'ECONNABORTED' });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
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

  it('refuses a delivery at once once its transfer is terminated (the transfer check is never cached)', async () => {
    const before = await client().post('/data/records', delivery(credential(5)));
    expect(before.status).toBe(201);
    const term = await client().post(
      `/dsp/callback/transfers/${encodeURIComponent(transfer.consumerPid)}/termination`,
      {
        '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
        '@type': 'TransferTerminationMessage',
        providerPid: transfer.providerPid,
        consumerPid: transfer.consumerPid,
      },
    );
    expect(term.status).toBeLessThan(300);
    const after = await client().post('/data/records', delivery(credential(6)));
    expect(after.status).toBe(403);
    expect(after.data.code).toBe('KH_NODE_NO_AGREEMENT');
  });
});

describe('the client certificate is checked once per TLS connection', () => {
  const leafOf = (name: string): ClientLeaf => ({
    subjectId: name,
    publicKey: createPublicKey(createPlatformPki({ platform: 'catena-x' }).issue('node', name).privateKey),
  });
  function fakeSocket(fingerprint: string) {
    return {
      authorized: true,
      getPeerCertificate: jest.fn(() => ({
        raw: Buffer.from(fingerprint),
        fingerprint256: fingerprint,
        issuerCertificate: undefined,
      })),
      disableRenegotiation: jest.fn(),
    };
  }
  const peers: PeerConfig[] = [
    { id: 'cx', platform: 'catena-x', baseUrl: 'https://cx.example', certificateSubject: 'cx-node-1' },
  ];
  const good = leafOf('cx-node-1');

  it('validates a socket once, remembers it, and checks a new socket (with another certificate) afresh', () => {
    const validate = jest.fn((x5c: string[]) => {
      const name = Buffer.from(x5c[0], 'base64').toString();
      if (name === 'good') return good;
      if (name === 'stranger') return { ...good, subjectId: 'cx-node-9' };
      throw new Error('does not validate');
    });
    const authenticate = createPeerAuthenticator(validate, peers);
    const first = fakeSocket('good');
    const a = authenticate(first as unknown as TLSSocket);
    const b = authenticate(first as unknown as TLSSocket);
    expect(a.peer.id).toBe('cx');
    expect(b).toBe(a);
    expect(validate).toHaveBeenCalledTimes(1);
    expect(first.getPeerCertificate).toHaveBeenCalledTimes(1);
    // Renegotiation could swap the certificate under the remembered identity: it is switched off.
    expect(first.disableRenegotiation).toHaveBeenCalled();

    const other = fakeSocket('stranger');
    expect(() => authenticate(other as unknown as TLSSocket)).toThrow(
      expect.objectContaining({ code: 'KH_TLS_CLIENT_CERT' }),
    );
    expect(validate).toHaveBeenCalledTimes(2);
    const broken = fakeSocket('broken');
    for (let i = 0; i < 2; i++) {
      expect(() => authenticate(broken as unknown as TLSSocket)).toThrow(
        expect.objectContaining({ code: 'KH_TLS_CLIENT_CERT' }),
      );
    }
    // A refusal is not remembered: each attempt is checked again.
    expect(validate).toHaveBeenCalledTimes(4);
    const unauthorized = { ...fakeSocket('good'), authorized: false };
    expect(() => authenticate(unauthorized as unknown as TLSSocket)).toThrow(
      expect.objectContaining({ code: 'KH_TLS_CLIENT_CERT' }),
    );
  });
});

describe('the local id of a received record is read off its native form, as the mapping gives it', () => {
  it.each(['catena-x', 'ouranos'] as const)(
    '%s: same id as toCanonical, on seeds and their round trip',
    (p) => {
      const adapter = adapterWithDirectory(p, path.resolve(__dirname, '../../seeds/directory.json'));
      for (const s of seeds(p).slice(0, 5)) {
        const expected = adapter.toCanonical(s.record).credentialSubject.provenance?.recordId;
        expect(expected).toBeDefined();
        expect(nativeRecordId(p, s.record)).toBe(expected);
      }
      // What the receiving node has: a record of the other platform mapped to this one.
      const other = p === 'catena-x' ? 'ouranos' : 'catena-x';
      const mapped = seeds(other)
        .slice(0, 5)
        .map((s) => adapter.fromCanonical(getAdapter(other).toCanonical(s.record)));
      for (const native of mapped) {
        expect(nativeRecordId(p, native)).toBe(
          adapter.toCanonical(native).credentialSubject.provenance?.recordId,
        );
      }
      expect(nativeRecordId(p, null)).toBeUndefined();
      expect(nativeRecordId(p, [])).toBeUndefined();
      expect(nativeRecordId(p, { recordId: 7, metadata: { passportIdentifier: 7 } })).toBeUndefined();
    },
  );

  it('catena-x: reads the batteryPass of a record with a supply-chain companion', () => {
    expect(
      nativeRecordId('catena-x', { batteryPass: { metadata: { passportIdentifier: 'urn:uuid:x' } } }),
    ).toBe('urn:uuid:x');
    const onProto = Object.create({ batteryPass: { metadata: { passportIdentifier: 'urn:uuid:evil' } } });
    expect(nativeRecordId('catena-x', onProto)).toBeUndefined();
  });
});

describe('the finalized-agreement check remembers only what cannot change', () => {
  it('remembers a finalized consumer agreement (and its peer), looks anything else up every time', async () => {
    const table = new Map<string, { peerId: string; role: string; finalized: boolean }>([
      ['agr-final', { peerId: 'cx', role: 'consumer', finalized: true }],
      ['agr-pending', { peerId: 'cx', role: 'consumer', finalized: false }],
      ['agr-provider', { peerId: 'cx', role: 'provider', finalized: true }],
    ]);
    const lookup = jest.fn(async (id: string) => table.get(id));
    const finalized = rememberFinalizedAgreements(lookup);
    expect(await finalized('agr-final', 'cx')).toBe(true);
    expect(await finalized('agr-final', 'cx')).toBe(true);
    // Remembered with its peer: another peer is refused without a lookup.
    expect(await finalized('agr-final', 'other')).toBe(false);
    expect(lookup).toHaveBeenCalledTimes(1);

    expect(await finalized('agr-pending', 'cx')).toBe(false);
    expect(await finalized('agr-provider', 'cx')).toBe(false);
    expect(await finalized('agr-unknown', 'cx')).toBe(false);
    // Not remembered: once the negotiation finalizes, the next delivery is accepted.
    table.set('agr-pending', { peerId: 'cx', role: 'consumer', finalized: true });
    expect(await finalized('agr-pending', 'cx')).toBe(true);
    expect(lookup).toHaveBeenCalledTimes(5);
  });
});
