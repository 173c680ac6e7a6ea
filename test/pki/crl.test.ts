import { generateKeyPairSync } from 'node:crypto';
import {
  createPlatformPki,
  createTrustStore,
  parseCrl,
  validateChain,
  verifyCrlSignature,
} from '../../certs/pki';
import { parseCertificate } from '../../certs/pki/der';
import { pemToX5c } from '../../certs/pki/pem';
import { KhError } from '../../connector/errors';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof KhError ? err.code : 'not-a-KhError';
  }
  return undefined;
}

describe('X.509 v2 CRL', () => {
  const pki = createPlatformPki({ platform: 'ouranos' });
  const other = createPlatformPki({ platform: 'ouranos' });
  const rootKey = () => parseCertificate(pemToX5c(pki.rootCertificatePem)[0]).publicKey;

  it('builds an empty, signed CRL naming its issuer', () => {
    const crl = parseCrl(pki.crlPem());
    expect(crl.pem).toContain('-----BEGIN X509 CRL-----');
    expect(crl.revoked.size).toBe(0);
    const root = parseCertificate(pemToX5c(pki.rootCertificatePem)[0]);
    expect(crl.issuerHex).toBe(root.subjectHex);
    expect(crl.akiHex).toBe(root.skiHex);
    expect(crl.nextUpdate && crl.nextUpdate.getTime()).toBeGreaterThan(crl.thisUpdate.getTime());
    expect(verifyCrlSignature(crl, rootKey())).toBe(true);
  });

  it('lists revoked serials and numbers CRLs increasingly', () => {
    const a = pki.issue('company', 'OU-A');
    const b = pki.issue('company', 'OU-B');
    const first = parseCrl(pki.crlPem());
    pki.revoke(a.serialHex);
    const second = parseCrl(pki.crlPem());
    expect([...second.revoked.keys()]).toEqual([a.serialHex]);
    expect(second.revoked.has(b.serialHex)).toBe(false);
    expect(second.crlNumber).toBeGreaterThan(first.crlNumber as number);
    expect(verifyCrlSignature(second, rootKey())).toBe(true);
    expect(codeOf(() => pki.revoke('abcdef'))).toBe('KH_PKI_NOT_FOUND');
  });

  it('does not verify with another key, nor once tampered', () => {
    const crl = parseCrl(pki.crlPem());
    const otherKey = parseCertificate(pemToX5c(other.rootCertificatePem)[0]).publicKey;
    expect(verifyCrlSignature(crl, otherKey)).toBe(false);
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(verifyCrlSignature(crl, publicKey)).toBe(false);
    const tbs = Buffer.from(crl.tbsDer);
    tbs[tbs.length - 1] ^= 0x01;
    expect(verifyCrlSignature({ ...crl, tbsDer: tbs }, rootKey())).toBe(false);
  });

  it('is refused by a trust store when signed by another CA with the same name', () => {
    // `other` has the same root name as `pki` but another key: its CRL must not pass as pki's
    const forgedPem = other.crlPem();
    const forged = parseCrl(forgedPem);
    expect(forged.issuerHex).toBe(parseCrl(pki.crlPem()).issuerHex);
    // the store matches CRLs by authority key id, so the forged one is not applied to pki's chains ...
    const store = createTrustStore({
      roots: [pki.rootCertificatePem, other.rootCertificatePem],
      crls: [forgedPem],
    });
    const leaf = pki.issue('company', 'OU-C');
    expect(validateChain(leaf.x5c, store).subjectId).toBe('OU-C');
    // ... and a CRL whose signature does not verify with its root is refused outright
    const body = Buffer.from(
      pki
        .crlPem()
        .replace(/-----[^-]+-----/g, '')
        .replace(/\s+/g, ''),
      'base64',
    );
    body[body.length - 1] ^= 0xff; // flip signature bits
    const pem = `-----BEGIN X509 CRL-----\n${body.toString('base64')}\n-----END X509 CRL-----\n`;
    expect(codeOf(() => createTrustStore({ roots: [pki.rootCertificatePem], crls: [pem] }))).toBe(
      'KH_PKI_CRL_BAD_SIGNATURE',
    );
  });

  it('rejects a CRL that is not one', () => {
    expect(codeOf(() => parseCrl('-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n'))).toBe(
      'KH_PKI_MALFORMED',
    );
    expect(codeOf(() => parseCrl(pki.rootCertificatePem))).toBe('KH_PKI_MALFORMED');
  });

  it('keeps the newest CRL of an issuer', () => {
    const leaf = pki.issue('company', 'OU-D');
    const store = createTrustStore({ roots: [pki.rootCertificatePem] });
    const before = pki.crlPem();
    pki.revoke(leaf.serialHex, new Date(Date.now() - 1000));
    const after = pki.crlPem();
    store.addCrl(after);
    const revision = store.revision;
    // an older CRL does not undo a revocation (CRL numbers decide, even within one second)
    store.addCrl(before);
    expect(codeOf(() => validateChain(leaf.x5c, store))).toBe('KH_PKI_REVOKED');
    expect(store.revision).toBeGreaterThanOrEqual(revision);
  });
});
