import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import {
  KAKEHASHI_ARC,
  ROLE_POLICY_OIDS,
  ROLES,
  createPlatformPki,
  createTrustStore,
  validateChain,
  type IssuedIdentity,
  type Role,
} from '../../certs/pki';
import { parseCertificate } from '../../certs/pki/der';
import { derBytesToOid, oidToDerBytes } from '../../certs/pki/oids';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('certificate issuance', () => {
  const cx = createPlatformPki({ platform: 'catena-x' });
  const issued = new Map<Role, IssuedIdentity>();

  beforeAll(() => {
    issued.set('company', cx.issue('company', 'BPNL000000000001', { name: 'Cell Maker GmbH' }));
    issued.set('certifier', cx.issue('certifier', 'BPNL00000000CERT'));
    issued.set('authority', cx.issue('authority', 'BPNL00000000AUTH'));
    issued.set(
      'node',
      cx.issue('node', 'cx-node-1', { dnsNames: ['cx.kakehashi.test'], ipAddresses: ['10.0.0.7'] }),
    );
  });

  it('the arc is a UUID OID and survives DER encoding', () => {
    expect(KAKEHASHI_ARC).toMatch(/^2\.25\.\d{30,39}$/);
    for (const oid of Object.values(ROLE_POLICY_OIDS)) expect(derBytesToOid(oidToDerBytes(oid))).toBe(oid);
    expect(derBytesToOid(oidToDerBytes('1.2.840.113549.1.1.11'))).toBe('1.2.840.113549.1.1.11');
  });

  it.each(ROLES.map((r) => [r]))(
    'issues a %s certificate carrying its role, platform and identifier',
    (role) => {
      const id = issued.get(role) as IssuedIdentity;
      expect(id.role).toBe(role);
      expect(id.platform).toBe('catena-x');
      expect(id.x5c).toHaveLength(1);
      expect(id.chainPem).toEqual([id.certificatePem]);
      const parsed = parseCertificate(id.x5c[0]);
      expect(parsed.policies).toEqual([ROLE_POLICY_OIDS[role]]);
      expect(parsed.isCa).toBe(false);
      expect(parsed.keyUsage?.digitalSignature).toBe(true);
      expect(parsed.keyUsage?.keyCertSign).toBe(false);
      const expectedIri =
        role === 'node'
          ? `urn:kakehashi:node:catena-x:${id.subjectId}`
          : `urn:kakehashi:participant:catena-x:${id.subjectId}`;
      expect(parsed.sanUris).toEqual([expectedIri]);
      expect(id.subjectIri).toBe(expectedIri);
      const x509 = new X509Certificate(id.certificatePem);
      expect(x509.subject).toContain(`CN=${id.subjectId}`);
      expect(x509.subject).toContain(`serialNumber=${id.subjectId}`);
      expect(x509.subject).toContain('OU=catena-x');
      expect(x509.subject).toContain(`OU=${role}`);
      expect(x509.checkPrivateKey(id.privateKey)).toBe(true);
      expect(id.privateKeyPem).toContain('BEGIN PRIVATE KEY');
      expect(x509.serialNumber.toLowerCase()).toBe(id.serialHex);
      // node-forge (used by other areas) can still read the certificate
      expect(forge.pki.certificateFromPem(id.certificatePem).subject.getField('CN').value).toBe(id.subjectId);
      // the identity validates for its own role
      const trust = createTrustStore({ roots: [cx.rootCertificatePem] });
      expect(validateChain(id.x5c, trust, { role }).role).toBe(role);
    },
  );

  it('gives signer certificates the documentSigning EKU and node certificates TLS server+client', () => {
    const company = parseCertificate((issued.get('company') as IssuedIdentity).x5c[0]);
    expect(company.extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.36']);
    const node = parseCertificate((issued.get('node') as IssuedIdentity).x5c[0]);
    expect(node.extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    const x509 = new X509Certificate((issued.get('node') as IssuedIdentity).certificatePem);
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkHost('cx.kakehashi.test')).toBe('cx.kakehashi.test');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkIP('10.0.0.7')).toBe('10.0.0.7');
    expect(x509.checkHost('evil.test')).toBeUndefined();
  });

  it('makes the root a self-signed CA for keyCertSign and cRLSign, naming its platform', () => {
    const root = parseCertificate(new X509Certificate(cx.rootCertificatePem).raw.toString('base64'));
    expect(root.isCa).toBe(true);
    expect(root.selfIssued).toBe(true);
    expect(root.keyUsage).toMatchObject({ keyCertSign: true, cRLSign: true, digitalSignature: false });
    expect(root.sanUris).toEqual(['urn:kakehashi:platform:catena-x']);
    expect(root.skiHex).toBeDefined();
    expect(parseCertificate((issued.get('company') as IssuedIdentity).x5c[0]).akiHex).toBe(root.skiHex);
  });

  it('uses 2048-bit RSA keys by default and refuses smaller ones', () => {
    const id = issued.get('company') as IssuedIdentity;
    expect(id.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(codeOf(() => createPlatformPki({ platform: 'ouranos', keyBits: 1024 }))).toBe(
      'KH_PKI_UNSUPPORTED_KEY',
    );
  });

  it('records every issuance in the index, with unique serials', () => {
    const entries = cx.issued();
    expect(entries.map((e) => e.role)).toEqual(['ca', 'company', 'certifier', 'authority', 'node']);
    expect(new Set(entries.map((e) => e.serialHex)).size).toBe(entries.length);
  });

  it.each([['../etc'], ['..'], ['a/b'], [''], ['x'.repeat(200)], ['a b'], ['.hidden']])(
    'refuses the unsafe subject id %j',
    (subject) => {
      expect(codeOf(() => cx.issue('company', subject))).toBe('KH_PKI_BAD_SUBJECT');
    },
  );

  it('refuses bad options', () => {
    expect(codeOf(() => cx.issue('node', 'n2', { dnsNames: ['bad name'] }))).toBe('KH_PKI_BAD_OPTION');
    expect(codeOf(() => cx.issue('node', 'n2', { ipAddresses: ['300.1.1.1'] }))).toBe('KH_PKI_BAD_OPTION');
    expect(codeOf(() => cx.issue('company', 'c2', { days: 0 }))).toBe('KH_PKI_BAD_OPTION');
    expect(codeOf(() => cx.issue('admin' as Role, 'c2'))).toBe('KH_PKI_BAD_OPTION');
    expect(codeOf(() => createPlatformPki({ platform: 'mars' as 'ouranos' }))).toBe('KH_PKI_BAD_OPTION');
  });

  it('puts an issuing intermediate CA in the chain when asked', () => {
    const ou = createPlatformPki({ platform: 'ouranos', intermediate: true });
    const id = ou.issue('company', 'OU-COMPANY-0001');
    expect(id.x5c).toHaveLength(2);
    expect(id.chainPem).toHaveLength(2);
    expect(ou.intermediatePems).toHaveLength(1);
    const inter = parseCertificate(id.x5c[1]);
    expect(inter.isCa).toBe(true);
    expect(inter.pathLen).toBe(0);
    const trust = createTrustStore({ roots: [ou.rootCertificatePem], crls: ou.crlPems() });
    expect(
      validateChain(id.x5c, trust, { role: 'company', platform: 'ouranos', requireCrl: true }).subjectIri,
    ).toBe('urn:kakehashi:participant:ouranos:OU-COMPANY-0001');
  });
});
