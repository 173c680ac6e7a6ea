/**
 * Issue → present → verify over canonical records (seed records when present, else the sample record),
 * with X.509 chains from a throwaway PKI.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  InMemoryReplayCache,
  issueSdJwtVc,
  listDisclosures,
  presentSdJwtVc,
  verifySdJwtVc,
  type DisclosureView,
} from '../../certs/sd-jwt';
import { codeOf } from './helpers';
import { FIXED_NOW, makePkiFixture, type SdJwtPkiFixture } from './pki-fixture';
import { sampleRecord, SUPPLIER_ID, SUPPLIER_NAME } from './sample-record';

type Json = Record<string, unknown>;
const SENSITIVE = new Set(['supplierName', 'supplierIdentifier', 'procurementVolume']);
const withholdSensitive = (d: DisclosureView) =>
  !d.path.some((p) => typeof p === 'string' && SENSITIVE.has(p));

/** Canonical records under seeds/records/** (JSON files holding a BatteryPassportCredential). */
function seedRecords(): Json[] {
  const root = path.resolve(__dirname, '../../seeds/records');
  if (!fs.existsSync(root)) return [];
  const out: Json[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) {
        const value: unknown = JSON.parse(fs.readFileSync(full, 'utf8'));
        const isCanonical = (v: unknown): v is Json =>
          typeof v === 'object' &&
          v !== null &&
          Array.isArray((v as Json).type) &&
          ((v as Json).type as unknown[]).includes('BatteryPassportCredential');
        if (isCanonical(value)) out.push(value);
      }
    }
  };
  walk(root);
  return out.slice(0, 20);
}

let pki: SdJwtPkiFixture;
beforeAll(() => {
  pki = makePkiFixture();
});

function issue(record: object, opts: { holder?: boolean; alg?: 'PS256' | 'RS256' } = {}): string {
  return issueSdJwtVc(record, {
    privateKey: pki.company.privateKey,
    x5c: pki.company.x5c,
    now: FIXED_NOW,
    ...(opts.alg === undefined ? {} : { alg: opts.alg }),
    ...(opts.holder === false
      ? {}
      : { holderPublicJwk: pki.nodeIdentity.privateKey.export({ format: 'jwk' }) }),
  });
}

describe('round trip on the sample canonical record', () => {
  test('fully disclosed: the verifier gets the record back exactly', () => {
    const record = sampleRecord();
    for (const alg of ['PS256', 'RS256'] as const) {
      const token = issue(record, { alg });
      const result = verifySdJwtVc(token, { trust: pki.trust, requireRole: 'company', now: FIXED_NOW });
      expect(result.credential).toEqual(record);
      expect(result.issuer.subjectIri).toBe(record.issuer);
      expect(result.undisclosedDigests.length).toBeGreaterThan(0); // decoys only
    }
  });

  test('the envelope and credentialSubject id/type stay in clear; the rest is disclosable', () => {
    const token = issue(sampleRecord());
    const payload = JSON.parse(
      Buffer.from(token.split('~')[0].split('.')[1], 'base64url').toString(),
    ) as Json;
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as Json;
    expect(header).toMatchObject({ alg: 'PS256', typ: 'vc+sd-jwt', cty: 'vc', x5c: pki.company.x5c });
    expect(payload).toMatchObject({
      issuer: sampleRecord().issuer,
      validFrom: '2026-01-01T00:00:00Z',
      _sd_alg: 'sha-256',
    });
    const subject = payload.credentialSubject as Json;
    expect(Object.keys(subject).sort()).toEqual(['_sd', 'id', 'type']);
    expect(JSON.stringify(payload)).not.toContain('supplyChain');
    const views = listDisclosures(token);
    const paths = views.map((v) => v.path.join('.'));
    expect(paths).toContain('credentialSubject.supplyChain.suppliers.0.supplierName');
    expect(paths).toContain('credentialSubject.supplyChain.suppliers.1');
    expect(paths).toContain('credentialSubject.sustainability.carbonFootprint.0.value');
    for (const v of views)
      expect(Buffer.from(v.encoded, 'base64url').toString()).toMatch(/^\["[A-Za-z0-9_-]{22}",/);
  });

  test('withheld supplier claims leave no trace but digests', () => {
    const record = sampleRecord();
    const presented = presentSdJwtVc(issue(record), {
      keep: withholdSensitive,
      keyBinding: {
        privateKey: pki.nodeIdentity.privateKey,
        audience: 'urn:kakehashi:node:ouranos:ou-node-1',
        nonce: 'transfer-42',
        now: FIXED_NOW,
      },
    });
    expect(presented).not.toContain(Buffer.from(SUPPLIER_NAME).toString('base64url').slice(0, 12));
    const result = verifySdJwtVc(presented, {
      trust: pki.trust,
      requireRole: 'company',
      audience: 'urn:kakehashi:node:ouranos:ou-node-1',
      nonce: 'transfer-42',
      requireKeyBinding: true,
      replayCache: new InMemoryReplayCache(() => Math.floor(FIXED_NOW.getTime() / 1000)),
      now: FIXED_NOW,
    });
    const text = JSON.stringify(result);
    expect(text).not.toContain(SUPPLIER_NAME);
    expect(text).not.toContain(SUPPLIER_ID);
    expect(text).not.toContain('1250.5');
    const suppliers = ((result.credential.credentialSubject as Json).supplyChain as Json).suppliers as Json[];
    expect(suppliers[0]).toEqual({
      tier: 1,
      suppliedMaterial: 'cathode active material',
      materialOrigin: { originCountry: 'JP', originSiteType: 'refinery' },
    });
    expect(result.keyBinding).toEqual({
      audience: 'urn:kakehashi:node:ouranos:ou-node-1',
      nonce: 'transfer-42',
      issuedAt: FIXED_NOW.getTime() / 1000,
    });
  });

  test('dropping a parent drops every Disclosure nested in it', () => {
    const token = issue(sampleRecord(), { holder: false });
    const nestedCount = listDisclosures(token).filter((v) => v.path[1] === 'supplyChain').length;
    expect(nestedCount).toBeGreaterThan(5);
    const presented = presentSdJwtVc(token, {
      keep: (d) => !(d.path.length === 2 && d.path[1] === 'supplyChain'),
    });
    expect(listDisclosures(presented).filter((v) => v.path[1] === 'supplyChain')).toHaveLength(0);
    const result = verifySdJwtVc(presented, { trust: pki.trust, now: FIXED_NOW });
    expect((result.credential.credentialSubject as Json).supplyChain).toBeUndefined();
    expect((result.credential.credentialSubject as Json).provenance).toEqual(
      sampleRecord().credentialSubject.provenance,
    );
  });

  test('an array element withheld disappears from the disclosed array', () => {
    const token = issue(sampleRecord(), { holder: false });
    const presented = presentSdJwtVc(token, {
      keep: (d) => d.path.join('.') !== 'credentialSubject.supplyChain.suppliers.0',
    });
    const result = verifySdJwtVc(presented, { trust: pki.trust, now: FIXED_NOW });
    const suppliers = ((result.credential.credentialSubject as Json).supplyChain as Json).suppliers as Json[];
    expect(suppliers).toHaveLength(1);
    expect(suppliers[0].tier).toBe(2);
  });

  test('decoys: the number of digests varies between issuances of the same record', () => {
    const counts = new Set<number>();
    for (let i = 0; i < 6; i += 1) {
      const payload = JSON.parse(
        Buffer.from(issue(sampleRecord(), { holder: false }).split('.')[1], 'base64url').toString(),
      ) as Json;
      counts.add(((payload.credentialSubject as Json)._sd as string[]).length);
    }
    expect(counts.size).toBeGreaterThan(1);
  });

  test('presenting with a key other than cnf is refused', () => {
    expect(
      codeOf(() =>
        presentSdJwtVc(issue(sampleRecord()), {
          keep: () => true,
          keyBinding: { privateKey: pki.receivingNode.privateKey, audience: 'x', nonce: 'n', now: FIXED_NOW },
        }),
      ),
    ).toBe('KH_SDJWT_KB_KEY_MISMATCH');
  });
});

const seeds = seedRecords();
const records: Json[] = seeds.length > 0 ? seeds : [sampleRecord() as unknown as Json];

describe(`round trip on ${seeds.length > 0 ? 'the seed records' : 'the sample record (no seeds/records yet)'}`, () => {
  test.each(records.map((r, i) => [String(r.id ?? i), r]))('%s', (_id, record) => {
    const issuerIri = typeof record.issuer === 'string' ? record.issuer : String((record.issuer as Json).id);
    const m = /^urn:kakehashi:participant:(ouranos|catena-x):(.+)$/.exec(issuerIri);
    const company = m === null ? pki.company : (m[1] === 'ouranos' ? pki.ou : pki.cx).issue('company', m[2]);
    const token = issueSdJwtVc(record, { privateKey: company.privateKey, x5c: company.x5c, now: FIXED_NOW });
    expect(verifySdJwtVc(token, { trust: pki.trust, now: FIXED_NOW }).credential).toEqual(record);
    const presented = presentSdJwtVc(token, { keep: withholdSensitive });
    const result = verifySdJwtVc(presented, { trust: pki.trust, now: FIXED_NOW, requireRole: 'company' });
    expect(JSON.stringify(result.credential)).not.toMatch(
      /supplierName|supplierIdentifier|procurementVolume/,
    );
    expect((result.credential.credentialSubject as Json).provenance).toEqual(
      (record.credentialSubject as Json).provenance,
    );
  });
});
