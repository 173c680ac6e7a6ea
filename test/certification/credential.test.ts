import { readFileSync } from 'node:fs';
import path from 'node:path';
import jsonld from 'jsonld';
import { signPs256 } from '../../certs/certification/jws';
import {
  checkCertificationStatus,
  createCachingStatusListResolver,
  decodeBitstring,
  getBit,
  verifyCertificationCredential,
  verifyCertificationSignature,
  type StatusListResolver,
  type CertificationCredential,
} from '../../certs/certification';
import { documentLoader } from '../../schemas/document-loader';
import { createWorld, DAY, T0, World } from './world';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');

async function codeOfAsync(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}
function decodePart(token: string, i: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[i], 'base64url').toString('utf8'));
}

let w: World;
beforeAll(() => {
  w = createWorld();
});

describe('certification credential (vc+jwt)', () => {
  it('is a compact JWS with the VC-JOSE-COSE header and a VC 2.0 payload modelled on the UNTP DCC', () => {
    const { token, id } = w.certify(w.ouCertifier);
    const header = decodePart(token, 0);
    expect(header).toMatchObject({ alg: 'PS256', typ: 'vc+jwt', cty: 'vc' });
    expect(header.x5c).toEqual(w.ouCertifier.identity.x5c);
    const vc = decodePart(token, 1) as unknown as CertificationCredential;
    expect(vc.id).toBe(id);
    expect(vc['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://w3id.org/kakehashi/certification/v1',
    ]);
    expect(vc.issuer.id).toBe(w.ouCertifier.identity.subjectIri);
    expect(vc.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
    });
    // The UNTP Digital Conformity Credential carries the same facts: who attested, under which scheme and
    // version, for which subject, with which accreditation, valid when.
    const dcc = JSON.parse(
      readFileSync(
        path.join(FIXTURES, 'untp/spec-untp/data-models/untp-dcc/artefacts/untp-dcc-instance.json'),
        'utf8',
      ),
    );
    expect(dcc.credentialSubject.scope).toHaveProperty('version');
    expect(vc.credentialSubject.scheme).toHaveProperty('schemeVersion', '1.0');
    expect(dcc.credentialSubject.authorisation[0]).toHaveProperty('issuingAuthority');
    expect(vc.credentialSubject.accreditation.accreditationBody.id).toBe(
      'urn:kakehashi:accreditation-body:ouranos:jab',
    );
    expect(typeof dcc.validUntil).toBe('string');
    expect(typeof vc.validUntil).toBe('string');
  });

  it('expands with the offline contexts without dropping any term', async () => {
    const { token } = w.certify(w.ouCertifier);
    const vc = decodePart(token, 1);
    // The product's offline loader serves the certification context (registered in schemas/document-loader.ts).
    const expanded = await jsonld.expand(
      vc as jsonld.JsonLdDocument,
      {
        documentLoader: documentLoader as never,
        safe: true,
      } as jsonld.Options.Expand,
    );
    const text = JSON.stringify(expanded);
    for (const term of [
      'scheme',
      'schemeId',
      'schemeVersion',
      'outcome',
      'accreditationBody',
      'accreditationId',
    ]) {
      expect(text).toContain(`https://w3id.org/kakehashi/certification#${term}`);
    }
    expect(text).toContain('https://www.w3.org/ns/credentials/status#statusListIndex');
  });

  it('the example agreement expands with the same context without dropping any term', async () => {
    const agreement = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../schemas/mra/example-agreement.json'), 'utf8'),
    );
    const expanded = await jsonld.expand(agreement, {
      documentLoader: documentLoader as never,
      safe: true,
    } as jsonld.Options.Expand);
    const text = JSON.stringify(expanded);
    for (const term of [
      'acceptedCertifier',
      'acceptedScheme',
      'schemeCorrespondence',
      'correspondingScheme',
      'sourcePlatform',
    ]) {
      expect(text).toContain(`https://w3id.org/kakehashi/certification#${term}`);
    }
  });

  it('verifies: chain to a certifier root, signature, issuer, validity, status', async () => {
    const { token, id } = w.certify(w.cxCertifier);
    const v = await verifyCertificationCredential(token, {
      trust: w.trust,
      now: T0,
      statusResolver: w.resolver,
    });
    expect(v.credential.id).toBe(id);
    expect(v.certifier.platform).toBe('catena-x');
    expect(v.status.revoked).toBe(false);
  });

  it('rejects a tampered payload, a wrong role, an issuer that is not the signer', () => {
    const { token } = w.certify(w.ouCertifier);
    const [h, p, s] = token.split('.');
    const payload = decodePart(token, 1) as unknown as CertificationCredential;
    payload.credentialSubject.outcome = 'fail';
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect(codeOf(() => verifyCertificationSignature(tampered, { trust: w.trust, now: T0 }))).toBe(
      'KH_CERT_SIGNATURE_INVALID',
    );
    expect(codeOf(() => verifyCertificationSignature(`${h}.${p}`, { trust: w.trust, now: T0 }))).toBe(
      'KH_CERT_MALFORMED',
    );
    // A company (not a certifier) signs a certification credential.
    const forged = w.certify(w.ouCertifier, {}).token.split('.');
    const companyHeader = { alg: 'PS256', typ: 'vc+jwt', cty: 'vc', x5c: w.ouCompany.x5c };

    const input = `${Buffer.from(JSON.stringify(companyHeader)).toString('base64url')}.${forged[1]}`;
    const byCompany = `${input}.${signPs256(input, w.ouCompany.privateKey).toString('base64url')}`;
    const err = (() => {
      try {
        verifyCertificationSignature(byCompany, { trust: w.trust, now: T0 });
      } catch (e) {
        return e as { code: string; details?: { pkiCode?: string } };
      }
      return undefined;
    })();
    expect(err?.code).toBe('KH_CERT_CHAIN_INVALID');
    expect(err?.details?.pkiCode).toBe('KH_PKI_WRONG_ROLE');
    // The CX certifier signs a credential claiming to be issued by the OU certifier.
    const cxHeader = { alg: 'PS256', typ: 'vc+jwt', cty: 'vc', x5c: w.cxCertifier.identity.x5c };
    const input2 = `${Buffer.from(JSON.stringify(cxHeader)).toString('base64url')}.${forged[1]}`;
    const byOther = `${input2}.${signPs256(input2, w.cxCertifier.identity.privateKey).toString('base64url')}`;
    expect(codeOf(() => verifyCertificationSignature(byOther, { trust: w.trust, now: T0 }))).toBe(
      'KH_CERT_ISSUER_MISMATCH',
    );
    const rs256 = `${Buffer.from(JSON.stringify({ ...cxHeader, alg: 'RS256' })).toString('base64url')}.${p}.${s}`;
    expect(codeOf(() => verifyCertificationSignature(rs256, { trust: w.trust, now: T0 }))).toBe(
      'KH_CERT_ALG_UNSUPPORTED',
    );
  });

  it('reports expired and not-yet-valid credentials', async () => {
    const { token } = w.certify(w.ouCertifier);
    const opts = { trust: w.trust, statusResolver: w.resolver };
    expect(
      await codeOfAsync(
        verifyCertificationCredential(token, { ...opts, now: new Date(T0.getTime() + 400 * DAY) }),
      ),
    ).toBe('KH_CERT_EXPIRED');
    expect(
      await codeOfAsync(
        verifyCertificationCredential(token, { ...opts, now: new Date(T0.getTime() - 2 * DAY) }),
      ),
    ).toBe('KH_CERT_NOT_YET_VALID');
  });

  it('revocation sets exactly the allocated bit of the signed status list', async () => {
    const { token, id } = w.certify(w.ouCertifier);
    const other = w.certify(w.ouCertifier);
    w.revoke(w.ouCertifier, id);
    const opts = { trust: w.trust, now: T0, statusResolver: w.resolver };
    expect(await codeOfAsync(verifyCertificationCredential(token, opts))).toBe('KH_CERT_REVOKED');
    await expect(verifyCertificationCredential(other.token, opts)).resolves.toBeDefined();
    const list = decodePart(await w.resolver.resolve(w.ouCertifier.state.url), 1) as {
      credentialSubject: { encodedList: string };
    };
    const bits = decodeBitstring(list.credentialSubject.encodedList);
    expect(bits.length * 8).toBeGreaterThanOrEqual(131072);
    expect(getBit(bits, w.ouCertifier.state.allocations[id])).toBe(true);
    expect(getBit(bits, w.ouCertifier.state.allocations[other.id])).toBe(false);
  });

  it('refuses a status list signed by another certifier', async () => {
    const { token } = w.certify(w.ouCertifier);
    const v = verifyCertificationSignature(token, { trust: w.trust, now: T0 });
    const foreign = await w.resolver.resolve(w.cxCertifier.state.url);
    const resolver: StatusListResolver = { resolve: async () => foreign };
    expect(
      await codeOfAsync(checkCertificationStatus(v, { trust: w.trust, now: T0, statusResolver: resolver })),
    ).toBe('KH_CERT_STATUS_INVALID');
  });
});

describe('caching status list resolver', () => {
  it('serves from cache within maxAgeSeconds, re-fetches after, and never hides a revocation beyond the bound', async () => {
    const world = createWorld();
    const cache = createCachingStatusListResolver(world.resolver, { maxAgeSeconds: 300 });
    const { token, id } = world.certify(world.ouCertifier);
    const url = world.ouCertifier.state.url;
    const opts = (now: Date) => ({ trust: world.trust, now, statusResolver: cache });
    await verifyCertificationCredential(token, opts(T0));
    const fetches = world.resolver.fetchCount(url);
    world.revoke(world.ouCertifier, id);
    // Within the bound the cached (pre-revocation) list may still answer...
    await verifyCertificationCredential(token, opts(new Date(T0.getTime() + 200_000)));
    expect(world.resolver.fetchCount(url)).toBe(fetches);
    // ...but not beyond it: the list is re-fetched and the revocation seen.
    expect(
      await codeOfAsync(verifyCertificationCredential(token, opts(new Date(T0.getTime() + 301_000)))),
    ).toBe('KH_CERT_REVOKED');
    expect(world.resolver.fetchCount(url)).toBe(fetches + 1);
  });

  it('fails with KH_CERT_STATUS_UNAVAILABLE when the list is unreachable and the cached copy is stale', async () => {
    const world = createWorld();
    const cache = createCachingStatusListResolver(world.resolver, { maxAgeSeconds: 60 });
    const { token } = world.certify(world.ouCertifier);
    const opts = (now: Date) => ({ trust: world.trust, now, statusResolver: cache });
    await verifyCertificationCredential(token, opts(T0));
    world.resolver.unpublish(world.ouCertifier.state.url);
    await expect(
      verifyCertificationCredential(token, opts(new Date(T0.getTime() + 30_000))),
    ).resolves.toBeDefined();
    expect(
      await codeOfAsync(verifyCertificationCredential(token, opts(new Date(T0.getTime() + 61_000)))),
    ).toBe('KH_CERT_STATUS_UNAVAILABLE');
    // Nothing is cached after the failure either.
    expect(
      await codeOfAsync(verifyCertificationCredential(token, opts(new Date(T0.getTime() + 62_000)))),
    ).toBe('KH_CERT_STATUS_UNAVAILABLE');
  });
});
