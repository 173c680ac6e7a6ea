import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createCachingStatusListResolver } from '../../certs/certification';
import { createPlatformPki, createTrustStore } from '../../certs/pki';
import {
  evaluateCertifications,
  GeneralJws,
  inspectMra,
  signMra,
  VerifiedMra,
  verifyMra,
} from '../../policies/mra';
import { createWorld, DAY, T0, World } from '../certification/world';
import { sampleAgreement } from './agreement';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

let w: World;
let signed: GeneralJws;
let mra: VerifiedMra;

beforeAll(() => {
  w = createWorld();
  const first = signMra(sampleAgreement(), { ...w.ouAuthority, platform: 'ouranos' });
  signed = signMra(JSON.parse(JSON.stringify(first)), { ...w.cxAuthority, platform: 'catena-x' });
  mra = verifyMra(signed, { trust: w.trust, now: T0 });
});

describe('mutual-recognition agreement signatures', () => {
  it('is one general-JSON JWS: payload once, one signature per platform authority with x5c', () => {
    expect(Object.keys(signed).sort()).toEqual(['payload', 'signatures']);
    expect(signed.signatures).toHaveLength(2);
    const headers = signed.signatures.map((s) =>
      JSON.parse(Buffer.from(s.protected, 'base64url').toString()),
    );
    expect(headers[0].x5c).toEqual(w.ouAuthority.x5c);
    expect(headers[1].x5c).toEqual(w.cxAuthority.x5c);
    expect(headers.every((h) => h.alg === 'PS256')).toBe(true);
    expect(mra.agreementId).toBe('urn:kakehashi:mra:ouranos-catena-x:2026-1');
    expect(mra.signers.map((s) => s.platform).sort()).toEqual(['catena-x', 'ouranos']);
  });

  it('is not honoured with one signature missing', () => {
    const one = { payload: signed.payload, signatures: [signed.signatures[0]] };
    expect(codeOf(() => verifyMra(one, { trust: w.trust, now: T0 }))).toBe('KH_MRA_SIGNATURE_MISSING');
    const inspection = inspectMra(one, { trust: w.trust, now: T0 });
    expect(inspection.honoured).toBe(false);
    expect(inspection.signatures[0].valid).toBe(true);
  });

  it('is not honoured when two authorities of the same platform sign', () => {
    const second = w.ou.issue('authority', 'ouranos-authority-2', { days: 3650 });
    const one = { payload: signed.payload, signatures: [signed.signatures[0]] };
    // signMra refuses a second signature of the same platform; forge it by relabelling the platform.
    expect(codeOf(() => signMra(one, { ...second, platform: 'ouranos' }))).toBe('KH_MRA_SIGNATURE_EXISTS');
    const sneaky = signMra(one, { ...second, platform: 'catena-x' });
    expect(codeOf(() => verifyMra(sneaky, { trust: w.trust, now: T0 }))).toBe('KH_MRA_SIGNATURE_MISSING');
  });

  it('is not honoured when a signature is invalid', () => {
    const sigs = signed.signatures.map((s) => ({ ...s }));
    const bytes = Buffer.from(sigs[1].signature, 'base64url');
    bytes[10] ^= 0xff;
    sigs[1].signature = bytes.toString('base64url');
    expect(
      codeOf(() => verifyMra({ payload: signed.payload, signatures: sigs }, { trust: w.trust, now: T0 })),
    ).toBe('KH_MRA_SIGNATURE_INVALID');
  });

  it('is not honoured when the payload is changed after signing', () => {
    const agreement = JSON.parse(Buffer.from(signed.payload, 'base64url').toString());
    agreement.recognitions[0].schemes.push('ANY-SCHEME');
    const payload = Buffer.from(JSON.stringify(agreement)).toString('base64url');
    expect(codeOf(() => verifyMra({ ...signed, payload }, { trust: w.trust, now: T0 }))).toBe(
      'KH_MRA_SIGNATURE_INVALID',
    );
  });

  it('is not honoured when a signer is not an authority, or chains to an untrusted root', () => {
    const byCompany = signMra(
      { payload: signed.payload, signatures: [signed.signatures[0]] },
      { ...w.ouCompany, platform: 'catena-x' },
    );
    expect(codeOf(() => verifyMra(byCompany, { trust: w.trust, now: T0 }))).toBe('KH_MRA_SIGNATURE_INVALID');
    const rogue = createPlatformPki({ platform: 'catena-x', now: new Date(T0.getTime() - DAY) });
    const rogueAuthority = rogue.issue('authority', 'catena-x-authority');
    const byRogue = signMra(
      { payload: signed.payload, signatures: [signed.signatures[0]] },
      { ...rogueAuthority, platform: 'catena-x' },
    );
    expect(codeOf(() => verifyMra(byRogue, { trust: w.trust, now: T0 }))).toBe('KH_MRA_SIGNATURE_INVALID');
    const onlyOu = createTrustStore({ roots: [w.ou.rootCertificatePem] });
    expect(codeOf(() => verifyMra(signed, { trust: onlyOu, now: T0 }))).toBe('KH_MRA_SIGNATURE_INVALID');
  });

  it('is not honoured outside its effective window, nor with a malformed payload', () => {
    expect(codeOf(() => verifyMra(signed, { trust: w.trust, now: new Date('2029-01-01T00:00:00Z') }))).toBe(
      'KH_MRA_NOT_EFFECTIVE',
    );
    const bad = sampleAgreement();
    (bad as unknown as { recognitions: unknown[] }).recognitions = [];
    expect(codeOf(() => signMra(bad, { ...w.ouAuthority, platform: 'ouranos' }))).toBe('KH_MRA_MALFORMED');
    expect(codeOf(() => verifyMra('{"payload":"x"}', { trust: w.trust, now: T0 }))).toBe('KH_MRA_MALFORMED');
  });

  it('the schema under schemas/mra accepts the sample agreement file of the docs', () => {
    const doc = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../schemas/mra/example-agreement.json'), 'utf8'),
    );
    expect(() => signMra(doc, { ...w.ouAuthority, platform: 'ouranos' })).not.toThrow();
  });
});

describe('evaluateCertifications', () => {
  const base = () => ({
    mra,
    trust: w.trust,
    statusResolver: w.resolver,
    now: T0,
  });

  it('passes an accepted certification, translated to the target scheme, with the original attached', async () => {
    const { token, id } = w.certify(w.ouCertifier);
    const r = await evaluateCertifications({
      ...base(),
      credentials: [token],
      sourcePlatform: 'ouranos',
      targetPlatform: 'catena-x',
    });
    expect(r.dropped).toEqual([]);
    expect(r.passed).toHaveLength(1);
    expect(r.passed[0]).toMatchObject({
      credentialId: id,
      credential: token,
      schemeOnSource: { schemeId: 'OU-CFP-VERIFICATION' },
      schemeOnTarget: { schemeId: 'CX-0029', name: 'PCF Rulebook v3.0' },
      agreementId: mra.agreementId,
    });
    const back = await evaluateCertifications({
      ...base(),
      credentials: [w.certify(w.cxCertifier).token],
      sourcePlatform: 'catena-x',
      targetPlatform: 'ouranos',
    });
    expect(back.passed[0].schemeOnTarget).toEqual({
      schemeId: 'OU-CFP-VERIFICATION',
      name: 'Ouranos battery CFP verification',
      schemeVersion: '1.0',
    });
  });

  it('drops each failing certification with its reason and code', async () => {
    const ok = w.certify(w.ouCertifier);
    const otherScheme = w.certify(w.ouCertifier, {
      scheme: { schemeId: 'OU-WATER-FOOTPRINT', schemeVersion: '1.0' },
    });
    const otherVersion = w.certify(w.ouCertifier, {
      scheme: { schemeId: 'OU-CFP-VERIFICATION', schemeVersion: '2.0' },
    });
    const unknownBody = w.certify(w.ouCertifier, {
      accreditation: {
        accreditationId: 'X-1',
        body: { id: 'urn:kakehashi:accreditation-body:ouranos:unknown' },
      },
    });
    const unlisted = {
      identity: w.ou.issue('certifier', 'cert-unlisted', { days: 3650 }),
      state: {
        ...w.ouCertifier.state,
        url: 'https://status.example/ouranos/cert-unlisted',
        allocations: {},
        revoked: [],
      },
    };
    unlisted.state.issuer = unlisted.identity.subjectIri;
    const byUnlisted = w.certify(unlisted);
    const expired = w.certify(w.ouCertifier, {
      validFrom: new Date(T0.getTime() - 400 * DAY),
      validUntil: new Date(T0.getTime() - DAY),
    });
    const revoked = w.certify(w.ouCertifier);
    w.revoke(w.ouCertifier, revoked.id);
    const fromWrongSide = w.certify(w.cxCertifier);
    const r = await evaluateCertifications({
      ...base(),
      credentials: [
        ok.token,
        otherScheme.token,
        otherVersion.token,
        unknownBody.token,
        byUnlisted.token,
        expired.token,
        revoked.token,
        fromWrongSide.token,
        'not-a-jwt',
      ],
      sourcePlatform: 'ouranos',
      targetPlatform: 'catena-x',
    });
    expect(r.passed.map((p) => p.credentialId)).toEqual([ok.id]);
    const byId = Object.fromEntries(r.dropped.map((d) => [d.credentialId, [d.reason, d.code]]));
    expect(byId[otherScheme.id]).toEqual(['scheme-not-accepted', 'KH_MRA_SCHEME_NOT_ACCEPTED']);
    expect(byId[otherVersion.id]).toEqual(['scheme-not-accepted', 'KH_MRA_SCHEME_NOT_ACCEPTED']);
    expect(byId[unknownBody.id]).toEqual(['certifier-not-accredited', 'KH_MRA_CERTIFIER_NOT_ACCREDITED']);
    expect(byId[byUnlisted.id]).toEqual(['certifier-not-accredited', 'KH_MRA_CERTIFIER_NOT_ACCREDITED']);
    expect(byId[expired.id]).toEqual(['expired', 'KH_CERT_EXPIRED']);
    expect(byId[revoked.id]).toEqual(['revoked', 'KH_CERT_REVOKED']);
    expect(byId[fromWrongSide.id]).toEqual(['certifier-not-accredited', 'KH_MRA_CERTIFIER_NOT_ACCREDITED']);
    const junk = r.dropped.find((d) => d.credentialId.startsWith('sha256:'));
    expect(junk).toMatchObject({ reason: 'invalid-credential', code: 'KH_CERT_MALFORMED' });
    expect(r.dropped).toHaveLength(8);
  });

  it('drops a certification revoked after an earlier evaluation once the cache is past its bound', async () => {
    const cache = createCachingStatusListResolver(w.resolver, { maxAgeSeconds: 120 });
    const { token, id } = w.certify(w.ouCertifier);
    const run = (now: Date) =>
      evaluateCertifications({
        ...base(),
        statusResolver: cache,
        now,
        credentials: [token],
        sourcePlatform: 'ouranos',
        targetPlatform: 'catena-x',
      });
    expect((await run(T0)).passed).toHaveLength(1);
    w.revoke(w.ouCertifier, id);
    const later = await run(new Date(T0.getTime() + 121_000));
    expect(later.passed).toEqual([]);
    expect(later.dropped).toEqual([{ credentialId: id, reason: 'revoked', code: 'KH_CERT_REVOKED' }]);
  });

  it('drops as status-unavailable when the status list cannot be had', async () => {
    const { token, id } = w.certify(w.ouCertifier);
    const r = await evaluateCertifications({
      ...base(),
      statusResolver: { resolve: async () => Promise.reject(new Error('ECONNREFUSED')) },
      credentials: [token],
      sourcePlatform: 'ouranos',
      targetPlatform: 'catena-x',
    });
    expect(r.dropped).toEqual([
      { credentialId: id, reason: 'status-unavailable', code: 'KH_CERT_STATUS_UNAVAILABLE' },
    ]);
  });

  it('refuses an agreement that verifyMra did not return, and equal platforms', async () => {
    const fake = { ...mra };
    await expect(
      evaluateCertifications({
        ...base(),
        mra: fake,
        credentials: [],
        sourcePlatform: 'ouranos',
        targetPlatform: 'catena-x',
      }),
    ).rejects.toMatchObject({ code: 'KH_MRA_NOT_VERIFIED' });
    await expect(
      evaluateCertifications({
        ...base(),
        credentials: [],
        sourcePlatform: 'ouranos',
        targetPlatform: 'ouranos',
      }),
    ).rejects.toMatchObject({ code: 'KH_MRA_INPUT_INVALID' });
  });
});
