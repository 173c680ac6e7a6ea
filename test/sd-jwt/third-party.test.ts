/**
 * A standard SD-JWT VC from outside Kakehashi (`typ: dc+sd-jwt`, no Kakehashi role or IRI in its
 * certificate) verifies when its x5c chain ends at a given root; the role is only checked on request.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { createTrustStore } from '../../certs/pki';
import { conceal, verifySdJwtVc } from '../../certs/sd-jwt';
import { signCompact } from '../../certs/sd-jwt/jws';
import { codeOf } from './helpers';

const NOW = new Date('2026-03-01T12:00:00Z');

function rsa() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return { privateKey, forgeKey, forgePublic: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

function cert(opts: {
  subject: string;
  issuer: string;
  publicKey: forge.pki.PublicKey;
  signer: forge.pki.PrivateKey;
  ca: boolean;
  serial: string;
}) {
  const c = forge.pki.createCertificate();
  c.publicKey = opts.publicKey;
  c.serialNumber = opts.serial;
  c.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  c.validity.notAfter = new Date('2027-01-01T00:00:00Z');
  c.setSubject([{ name: 'commonName', value: opts.subject }]);
  c.setIssuer([{ name: 'commonName', value: opts.issuer }]);
  c.setExtensions([
    { name: 'basicConstraints', cA: opts.ca, critical: true },
    opts.ca
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, critical: true },
  ]);
  c.sign(opts.signer as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return c;
}

const der = (c: forge.pki.Certificate) =>
  forge.util.encode64(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes());

describe('third-party SD-JWT VC', () => {
  let token: string;
  let rootPem: string;
  beforeAll(() => {
    const rootKey = rsa();
    const leafKey = rsa();
    const root = cert({
      subject: 'Example Root',
      issuer: 'Example Root',
      publicKey: rootKey.forgePublic,
      signer: rootKey.forgeKey,
      ca: true,
      serial: '01',
    });
    const leaf = cert({
      subject: 'Example Issuer',
      issuer: 'Example Root',
      publicKey: leafKey.forgePublic,
      signer: rootKey.forgeKey,
      ca: false,
      serial: '02',
    });
    rootPem = forge.pki.certificateToPem(root);
    const { payload, disclosures } = conceal(
      {
        iss: 'https://issuer.example',
        vct: 'https://credentials.example/identity',
        given_name: 'Erika',
        nationalities: ['DE', 'FR'],
      },
      { disclosable: (p) => p[0] === 'given_name' || p[0] === 'nationalities' },
    );
    payload._sd_alg = 'sha-256';
    payload.iat = Math.floor(NOW.getTime() / 1000);
    const jwt = signCompact({ typ: 'dc+sd-jwt', x5c: [der(leaf)] }, payload, leafKey.privateKey, 'RS256');
    token = `${[jwt, ...disclosures].join('~')}~`;
  });

  test('verifies against its root, role unchecked', () => {
    const result = verifySdJwtVc(token, { trust: createTrustStore({ roots: [rootPem] }), now: NOW });
    expect(result.credential).toEqual({
      iss: 'https://issuer.example',
      vct: 'https://credentials.example/identity',
      given_name: 'Erika',
      nationalities: ['DE', 'FR'],
    });
    expect(result.issuer.role).toBeUndefined();
  });

  test('refused when a Kakehashi role is required', () => {
    expect(
      codeOf(() =>
        verifySdJwtVc(token, {
          trust: createTrustStore({ roots: [rootPem] }),
          requireRole: 'company',
          now: NOW,
        }),
      ),
    ).toBe('KH_PKI_WRONG_ROLE');
  });
});
