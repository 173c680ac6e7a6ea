/** Our own RSA/x5c vectors (test/fixtures/sd-jwt, made by make-vectors.ts) verify at their fixed time. */
import fs from 'node:fs';
import path from 'node:path';
import { createTrustStore } from '../../certs/pki';
import { listDisclosures, verifySdJwtVc } from '../../certs/sd-jwt';
import { codeOf, OWN_VECTORS, readJson, readText } from './helpers';

type Json = Record<string, unknown>;
const meta = readJson<{ now: string; audience: string; nonce: string; issuer: string }>(
  path.join(OWN_VECTORS, 'vectors.json'),
);
const now = new Date(meta.now);
const trust = createTrustStore({ roots: [readText(path.join(OWN_VECTORS, 'root-catena-x.pem'))] });
const credential = readJson<Json>(path.join(OWN_VECTORS, 'credential.json'));

describe('committed vectors', () => {
  test('no private key is committed with the vectors', () => {
    for (const f of fs.readdirSync(OWN_VECTORS)) {
      expect(fs.readFileSync(path.join(OWN_VECTORS, f), 'utf8')).not.toMatch(/PRIVATE KEY|"d"\s*:/);
    }
  });

  test.each(['issued-ps256.sd-jwt.txt', 'issued-rs256.sd-jwt.txt'])(
    '%s verifies and yields credential.json',
    (file) => {
      const token = readText(path.join(OWN_VECTORS, file));
      const result = verifySdJwtVc(token, { trust, requireRole: 'company', now });
      expect(result.credential).toEqual(credential);
      expect(result.issuer.subjectIri).toBe(meta.issuer);
      expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toMatchObject({
        alg: file.includes('rs256') ? 'RS256' : 'PS256',
        typ: 'vc+sd-jwt',
        cty: 'vc',
      });
    },
  );

  test('the presentation verifies with its key binding and withholds the supplier claims', () => {
    const token = readText(path.join(OWN_VECTORS, 'presented-kb.sd-jwt.txt'));
    const result = verifySdJwtVc(token, {
      trust,
      requireRole: 'company',
      audience: meta.audience,
      nonce: meta.nonce,
      requireKeyBinding: true,
      now,
    });
    expect(result.keyBinding).toEqual({
      audience: meta.audience,
      nonce: meta.nonce,
      issuedAt: now.getTime() / 1000,
    });
    expect(JSON.stringify(result.credential)).not.toMatch(
      /supplierName|supplierIdentifier|procurementVolume/,
    );
    expect(result.undisclosedDigests.length).toBeGreaterThan(0);
    expect(listDisclosures(token).every((d) => !d.path.includes('supplierName'))).toBe(true);
    expect(codeOf(() => verifySdJwtVc(token, { trust, audience: meta.audience, nonce: 'other', now }))).toBe(
      'KH_SDJWT_KB_NONCE',
    );
    expect(codeOf(() => verifySdJwtVc(token, { trust, now: new Date(now.getTime() + 3_600_000) }))).toBe(
      'KH_SDJWT_KB_STALE',
    );
  });
});
