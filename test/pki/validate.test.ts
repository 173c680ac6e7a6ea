import forge from 'node-forge';
import {
  createPlatformPki,
  createTrustStore,
  validateChain,
  pemToX5c,
  type IssuedIdentity,
  type TrustStore,
} from '../../certs/pki';
import { KhError } from '../../connector/errors';

function failure(fn: () => unknown): KhError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KhError) return err;
    throw err;
  }
  throw new Error('expected a KhError');
}

const DAY = 86_400_000;

describe('validateChain', () => {
  const cx = createPlatformPki({ platform: 'catena-x' });
  const ou = createPlatformPki({ platform: 'ouranos', intermediate: true });
  const stranger = createPlatformPki({ platform: 'catena-x' }); // same names as cx, other keys
  let company: IssuedIdentity;
  let node: IssuedIdentity;
  let ouCompany: IssuedIdentity;
  let trust: TrustStore;

  beforeAll(() => {
    company = cx.issue('company', 'BPNL000000000001');
    node = cx.issue('node', 'cx-node');
    ouCompany = ou.issue('company', 'OU-0001');
    trust = createTrustStore({ roots: [cx.rootCertificatePem, ou.rootCertificatePem] });
  });

  it('accepts a valid chain and returns the leaf identity and key', () => {
    const leaf = validateChain(company.x5c, trust, { role: 'company', platform: 'catena-x' });
    expect(leaf).toMatchObject({
      subjectId: 'BPNL000000000001',
      subjectIri: 'urn:kakehashi:participant:catena-x:BPNL000000000001',
      role: 'company',
      platform: 'catena-x',
      serialHex: company.serialHex,
    });
    expect(leaf.publicKey.asymmetricKeyType).toBe('rsa');
    expect(leaf.certificatePem).toContain('BEGIN CERTIFICATE');
  });

  it('accepts a chain through an intermediate, and a trailing copy of the root', () => {
    expect(validateChain(ouCompany.x5c, trust).platform).toBe('ouranos');
    const withRoot = [...ouCompany.x5c, ...pemToX5c(ou.rootCertificatePem)];
    expect(validateChain(withRoot, trust, { role: 'company' }).subjectId).toBe('OU-0001');
  });

  it('refuses an expired certificate (and the same chain checked after its notAfter)', () => {
    const old = cx.issue('company', 'BPNL00000000OLD1', {
      notBefore: new Date(Date.now() - 10 * DAY),
      days: 1,
    });
    const err = failure(() => validateChain(old.x5c, trust));
    expect(err.code).toBe('KH_PKI_EXPIRED');
    expect(err.status).toBe(401);
    expect(
      failure(() => validateChain(company.x5c, trust, { at: new Date(Date.now() + 400 * DAY) })).code,
    ).toBe('KH_PKI_EXPIRED');
    // validity is re-checked on a cached chain: the same x5c is fine today
    expect(validateChain(company.x5c, trust).subjectId).toBe('BPNL000000000001');
  });

  it('refuses a certificate that is not yet valid', () => {
    const future = cx.issue('company', 'BPNL00000000NEW1', { notBefore: new Date(Date.now() + 2 * DAY) });
    expect(failure(() => validateChain(future.x5c, trust)).code).toBe('KH_PKI_NOT_YET_VALID');
    expect(validateChain(future.x5c, trust, { at: new Date(Date.now() + 3 * DAY) }).subjectId).toBe(
      'BPNL00000000NEW1',
    );
  });

  it('refuses the wrong role', () => {
    const err = failure(() => validateChain(node.x5c, trust, { role: 'company' }));
    expect(err.code).toBe('KH_PKI_WRONG_ROLE');
    expect(err.status).toBe(401);
    expect(failure(() => validateChain(company.x5c, trust, { role: 'certifier' })).code).toBe(
      'KH_PKI_WRONG_ROLE',
    );
    expect(validateChain(node.x5c, trust, { role: 'node' }).role).toBe('node');
  });

  it('honours a role restriction on a root', () => {
    const nodesOnly = createTrustStore({ roots: [{ pem: cx.rootCertificatePem, roles: ['node'] }] });
    expect(validateChain(node.x5c, nodesOnly).role).toBe('node');
    expect(failure(() => validateChain(company.x5c, nodesOnly)).code).toBe('KH_PKI_WRONG_ROLE');
  });

  it('refuses the wrong platform', () => {
    expect(failure(() => validateChain(company.x5c, trust, { platform: 'ouranos' })).code).toBe(
      'KH_PKI_WRONG_PLATFORM',
    );
  });

  it('refuses a chain from an unknown root, even one with the same names', () => {
    const foreign = stranger.issue('company', 'BPNL000000000001');
    const err = failure(() => validateChain(foreign.x5c, trust));
    expect(err.code).toBe('KH_PKI_UNKNOWN_ROOT');
    expect(err.status).toBe(401);
    const onlyOu = createTrustStore({ roots: [ou.rootCertificatePem] });
    expect(failure(() => validateChain(company.x5c, onlyOu)).code).toBe('KH_PKI_UNKNOWN_ROOT');
    // a self-signed root presented in x5c is not trusted because it is there
    const withStrangerRoot = [...foreign.x5c, ...pemToX5c(stranger.rootCertificatePem)];
    expect(failure(() => validateChain(withStrangerRoot, trust)).code).toBe('KH_PKI_UNKNOWN_ROOT');
  });

  it('refuses a revoked certificate once the CRL is known, also for a chain checked before', () => {
    const victim = cx.issue('company', 'BPNL00000000REV1');
    const store = createTrustStore({ roots: [cx.rootCertificatePem], crls: [cx.crlPem()] });
    expect(validateChain(victim.x5c, store).serialHex).toBe(victim.serialHex); // cached now
    cx.revoke(victim.serialHex);
    store.addCrl(cx.crlPem());
    const err = failure(() => validateChain(victim.x5c, store));
    expect(err.code).toBe('KH_PKI_REVOKED');
    expect(err.status).toBe(401);
    expect(validateChain(company.x5c, store).subjectId).toBe('BPNL000000000001');
  });

  it('refuses a leaf revoked by an intermediate CA', () => {
    const victim = ou.issue('certifier', 'OU-CERT-9');
    ou.revoke(victim.serialHex);
    const store = createTrustStore({ roots: [ou.rootCertificatePem], crls: ou.crlPems() });
    expect(failure(() => validateChain(victim.x5c, store)).code).toBe('KH_PKI_REVOKED');
  });

  it('can require revocation information', () => {
    const noCrl = createTrustStore({ roots: [cx.rootCertificatePem] });
    expect(failure(() => validateChain(company.x5c, noCrl, { requireCrl: true })).code).toBe(
      'KH_PKI_CRL_MISSING',
    );
  });

  it('a CRL past its nextUpdate still revokes, fails a check that requires revocation information, and says so', () => {
    const victim = cx.issue('company', 'BPNL00000000STL1');
    cx.revoke(victim.serialHex);
    const store = createTrustStore({ roots: [cx.rootCertificatePem], crls: [cx.crlPem()] });
    const [now] = store.crlStatus();
    expect(now).toMatchObject({ issuer: expect.any(String), revoked: expect.any(Number), stale: false });
    expect(now.revoked).toBeGreaterThanOrEqual(1);
    expect(Date.parse(now.nextUpdate as string)).toBeGreaterThan(Date.parse(now.thisUpdate));
    const later = new Date(Date.parse(now.nextUpdate as string) + DAY);
    expect(store.crlStatus(later)[0].stale).toBe(true);
    // Current: required or not, a listed certificate is revoked and an unlisted one passes.
    expect(validateChain(company.x5c, store, { requireCrl: true }).subjectId).toBe('BPNL000000000001');
    // Stale: what it lists is still revoked; relying on it as complete is refused.
    expect(failure(() => validateChain(victim.x5c, store, { at: later })).code).toBe('KH_PKI_REVOKED');
    expect(validateChain(company.x5c, store, { at: later }).subjectId).toBe('BPNL000000000001');
    const stale = failure(() => validateChain(company.x5c, store, { at: later, requireCrl: true }));
    expect(stale.code).toBe('KH_PKI_CRL_STALE');
    expect(stale.status).toBe(401);
    expect(stale.where).toBe('x5c/0');
  });

  it('refuses a chain in the wrong order', () => {
    expect(failure(() => validateChain([...ouCompany.x5c].reverse(), trust)).code).toBe(
      'KH_PKI_CHAIN_BROKEN',
    );
    expect(failure(() => validateChain([company.x5c[0], node.x5c[0]], trust)).code).toBe(
      'KH_PKI_CHAIN_BROKEN',
    );
    expect(failure(() => validateChain([], trust)).code).toBe('KH_PKI_CHAIN_BROKEN');
  });

  it('refuses a tampered certificate', () => {
    const der = Buffer.from(company.x5c[0], 'base64');
    const at = der.indexOf(Buffer.from('BPNL000000000001'));
    expect(at).toBeGreaterThan(0);
    der[at + 15] = '2'.charCodeAt(0); // ...0001 → ...0002
    const err = failure(() => validateChain([der.toString('base64')], trust));
    expect(err.code).toBe('KH_PKI_BAD_SIGNATURE');
    expect(err.status).toBe(401);
  });

  it('refuses a leaf used as a CA', () => {
    const issuer = forge.pki.certificateFromPem(company.certificatePem);
    const signer = forge.pki.privateKeyFromPem(company.privateKeyPem);
    const keys = forge.pki.rsa.generateKeyPair({ bits: 512, e: 0x10001 });
    const forged = forge.pki.createCertificate();
    forged.serialNumber = '01';
    forged.publicKey = keys.publicKey;
    forged.validity.notBefore = new Date(Date.now() - DAY);
    forged.validity.notAfter = new Date(Date.now() + DAY);
    forged.setSubject([{ name: 'commonName', value: 'BPNL00000000FAKE' }]);
    forged.setIssuer(issuer.subject.attributes);
    forged.setExtensions([{ name: 'keyUsage', digitalSignature: true }]);
    forged.sign(signer, forge.md.sha256.create());
    const b64 = forge.util.encode64(forge.asn1.toDer(forge.pki.certificateToAsn1(forged)).getBytes());
    expect(failure(() => validateChain([b64, company.x5c[0]], trust)).code).toBe('KH_PKI_BASIC_CONSTRAINTS');
  });

  it('refuses a CA certificate presented as the leaf', () => {
    expect(failure(() => validateChain(pemToX5c(ou.intermediatePems[0]), trust)).code).toBe(
      'KH_PKI_BASIC_CONSTRAINTS',
    );
  });

  it('refuses malformed input', () => {
    expect(failure(() => validateChain(['not base64!'], trust)).code).toBe('KH_PKI_MALFORMED');
    expect(failure(() => validateChain([Buffer.from('garbage').toString('base64')], trust)).code).toBe(
      'KH_PKI_MALFORMED',
    );
    expect(failure(() => validateChain(company.x5c, {} as TrustStore)).code).toBe('KH_PKI_BAD_OPTION');
  });

  it('refuses a trust root that is not a self-signed CA', () => {
    expect(failure(() => createTrustStore({ roots: [company.certificatePem] })).code).toBe('KH_PKI_BAD_ROOT');
    expect(failure(() => createTrustStore({ roots: [ou.intermediatePems[0]] })).code).toBe('KH_PKI_BAD_ROOT');
  });

  it('returns a fresh leaf object on cache hits', () => {
    const a = validateChain(company.x5c, trust);
    a.subjectId = 'mutated';
    expect(validateChain(company.x5c, trust).subjectId).toBe('BPNL000000000001');
  });
});
