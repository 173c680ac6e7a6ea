/**
 * Signed intake: a company publishes a record with the SD-JWT VC it issued itself; the node verifies it
 * (chain, signer = publisher, provenance = the published version, cnf = the node's key, terms and canonical
 * schema) and relays it without mapping or issuing anything. Real keys and certificates, made at run time.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPlatformPki, createTrustStore, type IssuedIdentity } from '../../certs/pki';
import { issueSdJwtVc, openSdJwt } from '../../certs/sd-jwt';
import { batteryRecordFrame, loadShippedPolicy } from '../../policies';
import { createOuranosSimulator, identifyOuranosRecord } from '../../adapters/ouranos/simulator';
import { adapterWithDirectory } from '../../connector/node/directory';
import { seedDirectoryFile } from '../../connector/node/demo/seed-directory';
import { createIntakeVerifier, signPublication } from '../../connector/node/intake';
import {
  discloseWithPolicy,
  runOutbound,
  type OutboundDeps,
  type Publication,
} from '../../connector/node/pipeline/outbound';
import type { DeliveryJob } from '../../connector/node/pipeline/types';
import { fakeDeliveryPort } from './fake-delivery-port';
import { createHttpPlatformClient } from '../../connector/node/platform-client';
import { KhError } from '../../connector/errors';
import { main } from '../../connector/cli/main';

type Json = Record<string, unknown>;

const dir = mkdtempSync(path.join(tmpdir(), 'kh-signed-intake-'));
writeFileSync(path.join(dir, 'directory.json'), JSON.stringify(seedDirectoryFile()));
const adapter = adapterWithDirectory('ouranos', path.join(dir, 'directory.json'));
const SEEDS = path.resolve(__dirname, '../../seeds/records/ouranos');
const seedFiles = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.json'))
  .sort();
const record = JSON.parse(readFileSync(path.join(SEEDS, seedFiles[0]), 'utf8')) as Json;
const id = identifyOuranosRecord(record);
const publisher = id.publisher as string;
const change = { recordId: id.recordId, version: id.version, publisher };

const ou = createPlatformPki({ platform: 'ouranos' });
const cx = createPlatformPki({ platform: 'catena-x' });
const stranger = createPlatformPki({ platform: 'ouranos' });
const node = ou.issue('node', 'ou-node-1');
const nodePublicJwk = createPublicKey(node.privateKey).export({ format: 'jwk' });
const company = ou.issue('company', publisher);
const otherCompany = ou.issue('company', 'some-other-operator');
const cxCompany = cx.issue('company', publisher);
const strangerCompany = stranger.issue('company', publisher);
const trust = createTrustStore({
  roots: [
    { pem: ou.rootCertificatePem, roles: ['company', 'node'] },
    { pem: cx.rootCertificatePem, roles: ['company', 'node'] },
  ],
});
const policy = loadShippedPolicy('ouranos', 'catena-x');
const peer = {
  id: 'cx-node-1',
  platform: 'catena-x' as const,
  baseUrl: 'https://cx',
  certificateSubject: 'cx-node-1',
};

const signAs = (who: IssuedIdentity, holder = nodePublicJwk, rec: unknown = record): string =>
  signPublication(rec, { adapter, privateKey: who.privateKey, x5c: who.x5c, nodePublicJwk: holder })
    .credential;

const custodyOnly = (name: string) => () => {
  throw new Error(`${name} must not run for a signed publication`);
};

function deps(publication: Publication, over: Partial<OutboundDeps> = {}) {
  const queued: DeliveryJob[] = [];
  const stored: { native: unknown; original: string }[] = [];
  const audited: { action: string; outcome: string; errorCode?: string }[] = [];
  const refused: string[] = [];
  const tokens: unknown[] = [];
  const d: OutboundDeps = {
    platform: 'ouranos',
    nodeId: 'ou-node-1',
    fetchNative: async () => publication.record,
    fetchPublication: async () => publication,
    intake: createIntakeVerifier({ trust, platform: 'ouranos', nodePublicJwk }),
    validateNative: custodyOnly('validateNative'),
    toCanonical: custodyOnly('toCanonical'),
    companyKey: custodyOnly('companyKey'),
    issue: custodyOnly('issue'),
    receivedFrom: async () => undefined,
    storeOwn: async (_r, _v, native, original) => void stored.push({ native, original }),
    startedTransfers: async () => [
      { peer, agreementId: 'agr-1', providerPid: 'p-1', consumerPid: 'c-1', endpoint: 'https://cx/data' },
    ],
    certifications: async () => ({ passed: [], outcomes: {} }),
    disclose: (token) => {
      tokens.push(token);
      return discloseWithPolicy(token, policy);
    },
    queue: fakeDeliveryPort(queued),
    audit: async (e) => void audited.push(e),
    onRefused: (code) => void refused.push(code),
    ...over,
  };
  return { d, queued, stored, audited, refused, tokens };
}

async function refusedWith(publication: Publication, code: string, c = change) {
  const t = deps(publication);
  const err = await runOutbound(t.d, c).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(KhError);
  expect(err).toMatchObject({ code });
  expect(t.queued).toEqual([]);
  expect(t.stored).toEqual([]);
  expect(t.refused).toEqual([code]);
  expect(t.audited).toEqual([
    expect.objectContaining({ action: 'intake', outcome: 'refused', errorCode: code }),
  ]);
  return err as KhError;
}

describe('signed intake (outbound pipeline)', () => {
  const credential = signAs(company);

  it('relays the company credential: no native validation, mapping or issuing; stored as the original; audited intake', async () => {
    const t = deps({ record, credential });
    const out = await runOutbound(t.d, change);
    expect(out).toEqual([expect.objectContaining({ peerId: 'cx-node-1', outcome: 'queued' })]);
    expect(t.stored).toEqual([{ native: record, original: credential }]);
    expect(t.audited.map((a) => `${a.action}:${a.outcome}`)).toEqual(['intake:ok', 'disclose:ok']);
    // the presentation is the company's own Issuer-signed JWT with the Disclosures the policy kept, unbound
    const presentation = t.queued[0].presentation;
    expect(presentation.split('~')[0]).toBe(credential.split('~')[0]);
    expect(presentation.endsWith('~')).toBe(true);
    const kept = openSdJwt(presentation).disclosures.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(openSdJwt(credential).disclosures.length);
    // the policy step gets the token the verifier already opened, not a string to decode again
    expect(t.tokens).toHaveLength(1);
    expect(typeof t.tokens[0]).toBe('object');
    expect((t.tokens[0] as { jwt: string }).jwt).toBe(credential.split('~')[0]);
  });

  it('refuses a credential signed by another company than the publisher', async () => {
    // the record names the publisher as issuer, the certificate is another company's
    const other = await refusedWith(
      { record, credential: signAs(otherCompany) },
      'KH_NODE_INTAKE_SIGNER_MISMATCH',
    );
    expect(other.details).toEqual({ reason: 'KH_SDJWT_ISSUER_MISMATCH' });
    // a consistent credential of one company, published (feed) by another
    await refusedWith({ record, credential }, 'KH_NODE_INTAKE_SIGNER_MISMATCH', {
      ...change,
      publisher: 'some-other-operator',
    });
  });

  it("refuses a credential of the publisher's namesake on the other platform", async () => {
    await refusedWith({ record, credential: signAs(cxCompany) }, 'KH_NODE_INTAKE_SIGNER_MISMATCH');
  });

  it('refuses a bad signature, and a chain to a root the node does not trust', async () => {
    const [jwt, ...rest] = credential.split('~');
    const [h, p, sig] = jwt.split('.');
    const flipped = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    const bad = await refusedWith(
      { record, credential: [`${h}.${p}.${flipped}`, ...rest].join('~') },
      'KH_NODE_INTAKE_UNVERIFIED',
    );
    expect(bad.details).toEqual({ reason: 'KH_SDJWT_BAD_SIGNATURE' });
    const untrusted = await refusedWith(
      { record, credential: signAs(strangerCompany) },
      'KH_NODE_INTAKE_UNVERIFIED',
    );
    expect(String((untrusted.details as { reason: string }).reason)).toMatch(/^KH_PKI_/);
  });

  it('refuses a credential bound (cnf) to another key than this node', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    await refusedWith({ record, credential: signAs(company, other) }, 'KH_NODE_INTAKE_HOLDER_MISMATCH');
  });

  it('refuses a verified credential that is not a valid battery record: schema, undefined term', async () => {
    const signOver = (patch: (c: Json) => void): string => {
      const canonical = JSON.parse(JSON.stringify(adapter.toCanonical(record))) as Json;
      patch(canonical);
      return issueSdJwtVc(canonical, {
        privateKey: company.privateKey,
        x5c: company.x5c,
        holderPublicJwk: nodePublicJwk,
        frame: batteryRecordFrame,
      });
    };
    const subject = (c: Json) => c.credentialSubject as Json;
    const schema = await refusedWith(
      {
        record,
        credential: signOver((c) => void ((subject(c).identification as Json).chemistry = 42)),
      },
      'KH_NODE_INTAKE_INVALID',
    );
    expect(schema.status).toBe(422);
    expect(schema.details).toEqual({ reason: 'KH_SCHEMA_INVALID' });
    expect(schema.where).toMatch(/^\/credential\/credentialSubject\/identification/);
    const term = await refusedWith(
      { record, credential: signOver((c) => void (subject(c).notInAnyContext = 'x')) },
      'KH_NODE_INTAKE_INVALID',
    );
    expect(String((term.details as { reason: string }).reason)).toMatch(/^KH_JSONLD_/);
    expect(term.where).toContain('notInAnyContext');
  });

  it('refuses a credential over another record id or version than the published one', async () => {
    await refusedWith({ record, credential }, 'KH_NODE_INTAKE_RECORD_MISMATCH', {
      ...change,
      version: '999',
    });
    const second = JSON.parse(readFileSync(path.join(SEEDS, seedFiles[1]), 'utf8')) as Json;
    const secondId = identifyOuranosRecord(second);
    const signer =
      secondId.publisher === publisher ? company : ou.issue('company', String(secondId.publisher));
    await refusedWith(
      { record, credential: signAs(signer, nodePublicJwk, second) },
      secondId.publisher === publisher ? 'KH_NODE_INTAKE_RECORD_MISMATCH' : 'KH_NODE_INTAKE_SIGNER_MISMATCH',
    );
  });

  it('refuses a signed publication when the node has no intake verifier', async () => {
    const t = deps({ record, credential }, { intake: undefined });
    await expect(runOutbound(t.d, change)).rejects.toMatchObject({ code: 'KH_NODE_INTAKE_UNVERIFIED' });
    expect(t.queued).toEqual([]);
  });

  it('keeps the custody path for a native-only publication (validate, map, issue; audited sign)', async () => {
    const calls: string[] = [];
    const t = deps(
      { record },
      {
        validateNative: (n) => {
          calls.push('validate');
          adapter.validateNative(n);
        },
        toCanonical: (n) => {
          calls.push('map');
          return adapter.toCanonical(n);
        },
        companyKey: () => {
          calls.push('key');
          return { privateKey: company.privateKey, x5c: company.x5c };
        },
        issue: (_credential, key) => {
          calls.push('issue');
          return signPublication(record, { adapter, ...key, nodePublicJwk }).credential;
        },
        intake: () => {
          throw new Error('intake must not run for a native publication');
        },
      },
    );
    expect((await runOutbound(t.d, change))[0].outcome).toBe('queued');
    expect(calls).toEqual(['validate', 'map', 'key', 'issue']);
    expect(t.audited.map((a) => `${a.action}:${a.outcome}`)).toEqual(['sign:ok', 'disclose:ok']);
  });
});

const third = JSON.parse(readFileSync(path.join(SEEDS, seedFiles[2]), 'utf8')) as Json;

describe('platform client and simulator, signed publication over HTTP', () => {
  let server: Server;
  let url = '';
  const sim = createOuranosSimulator({
    participants: [
      { apiKey: 'company-key', participantId: publisher, role: 'company' },
      { apiKey: 'third-key', participantId: String(identifyOuranosRecord(third).publisher), role: 'company' },
      { apiKey: 'operator-key', participantId: 'ou-operator', role: 'operator' },
    ],
    validateNative: (r) => void adapter.validateNative(r),
  });
  beforeAll(async () => {
    server = await new Promise<Server>((resolve) => {
      const s = sim.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('publishes signed, feeds signed: true, and fetches the record with its credential', async () => {
    const companyClient = createHttpPlatformClient({ platform: 'ouranos', url, apiKey: 'company-key' });
    const operator = createHttpPlatformClient({ platform: 'ouranos', url, apiKey: 'operator-key' });
    const credential = signAs(company);
    expect(await companyClient.publishSigned(record, credential)).toMatchObject({
      recordId: id.recordId,
      version: id.version,
      created: true,
    });
    const second = JSON.parse(readFileSync(path.join(SEEDS, seedFiles[1]), 'utf8')) as Json;
    const nativeOnly = {
      ...second,
      operatorModel: { ...(second.operatorModel as Json), operatorId: publisher },
    };
    const plain = await companyClient.publish(nativeOnly);
    expect(plain.created).toBe(true);
    const { events } = await operator.changes(0);
    expect(events).toEqual([
      expect.objectContaining({ recordId: id.recordId, signed: true }),
      expect.not.objectContaining({ signed: expect.anything() }),
    ]);
    expect(await operator.fetchPublication(id.recordId, id.version)).toEqual({ record, credential });
    expect(await operator.fetchPublication(plain.recordId, plain.version)).toEqual({ record: nativeOnly });
    expect(await operator.fetchRecord(id.recordId, id.version, 'published')).toEqual(record);
  });

  it('kakehashi publish --sign issues the company credential and publishes it; the node intake accepts it', async () => {
    const thirdId = identifyOuranosRecord(third);
    const signer = ou.issue('company', String(thirdId.publisher));
    const files = mkdtempSync(path.join(tmpdir(), 'kh-publish-sign-'));
    const at = (name: string, text: string): string => {
      writeFileSync(path.join(files, name), text);
      return path.join(files, name);
    };
    const recordsDir = path.join(files, 'records');
    mkdirSync(recordsDir);
    writeFileSync(path.join(recordsDir, 'third.json'), JSON.stringify(third));
    let out = '';
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    let code: number;
    try {
      code = await main([
        'node',
        'kakehashi',
        'publish',
        '--platform',
        'ouranos',
        '--company',
        String(thirdId.publisher),
        '--url',
        url,
        '--token',
        'third-key',
        '--sign',
        '--key',
        at('company.key.pem', signer.privateKeyPem),
        '--chain',
        at('company.chain.pem', signer.chainPem.join('\n')),
        '--holder',
        at('node.cert.pem', node.certificatePem),
        '--directory',
        path.join(dir, 'directory.json'),
        '--json',
        recordsDir,
      ]);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ recordId: thirdId.recordId, created: true })]);
    const operator = createHttpPlatformClient({ platform: 'ouranos', url, apiKey: 'operator-key' });
    const publication = await operator.fetchPublication(thirdId.recordId, thirdId.version);
    expect(typeof publication.credential).toBe('string');
    const verify = createIntakeVerifier({ trust, platform: 'ouranos', nodePublicJwk });
    const { canonical } = await verify(publication.credential as string, {
      recordId: thirdId.recordId,
      version: thirdId.version,
      publisher: String(thirdId.publisher),
    });
    expect(canonical.credentialSubject?.provenance?.recordId).toBe(thirdId.recordId);
  });

  it('maps platform refusals and an unreachable platform to the platform error codes', async () => {
    const operator = createHttpPlatformClient({ platform: 'ouranos', url, apiKey: 'operator-key' });
    await expect(operator.fetchPublication('no-such-record', '1')).rejects.toMatchObject({
      code: 'KH_PLATFORM_REJECTED',
      status: 404,
      details: { platformCode: 'KH_SIM_NOT_FOUND', platformStatus: 404 },
    });
    const wrongKey = createHttpPlatformClient({ platform: 'ouranos', url, apiKey: 'nope' });
    await expect(wrongKey.changes(0)).rejects.toMatchObject({ code: 'KH_PLATFORM_REJECTED', status: 401 });
    const closed = createHttpPlatformClient({ platform: 'ouranos', url: 'http://127.0.0.1:1', apiKey: 'x' });
    await expect(closed.changes(0)).rejects.toMatchObject({ code: 'KH_PLATFORM_UNAVAILABLE' });
  });
});
