/**
 * The `frame` option of `issueSdJwtVc` (disclosure granularity), the pooled salt source, and the decode-once
 * presentation API (`openSdJwt` + `derivePresentation`, `presentSdJwtVc` over an opened token).
 */
import {
  createRandomPool,
  createSaltPool,
  derivePresentation,
  issueSdJwtVc,
  listDisclosures,
  openSdJwt,
  presentSdJwtVc,
  randomSalt,
  verifySdJwtVc,
  type ClaimPath,
  type DisclosureFrame,
} from '../../certs/sd-jwt';
import { codeOf } from './helpers';
import { FIXED_NOW, makePkiFixture, type SdJwtPkiFixture } from './pki-fixture';
import { sampleRecord, SUPPLIER_NAME } from './sample-record';

let pki: SdJwtPkiFixture;
beforeAll(() => {
  pki = makePkiFixture();
});

const issue = (frame?: DisclosureFrame, record: object = sampleRecord()) =>
  issueSdJwtVc(record, {
    privateKey: pki.company.privateKey,
    x5c: pki.company.x5c,
    now: FIXED_NOW,
    holderPublicJwk: pki.nodeIdentity.privateKey.export({ format: 'jwk' }),
    ...(frame === undefined ? {} : { frame }),
  });

const verify = (token: string) => verifySdJwtVc(token, { trust: pki.trust, now: FIXED_NOW }).credential;
const key = (p: ClaimPath) => p.join('/');

describe('issueSdJwtVc frame', () => {
  /** Disclosable only at depth ≤ 3 below the credential (section, group) and anything under supplyChain. */
  const coarse: DisclosureFrame = (path) =>
    path.length <= 3 || path[1] === 'supplyChain' ? 'disclosable' : 'inline';

  test('no frame: every claim below credentialSubject is its own disclosure', () => {
    const all = listDisclosures(issue());
    const framed = listDisclosures(issue(coarse));
    expect(framed.length).toBeLessThan(all.length);
    expect(all.some((d) => d.path.length > 3 && d.path[1] !== 'supplyChain')).toBe(true);
    expect(framed.every((d) => d.path.length <= 3 || d.path[1] === 'supplyChain')).toBe(true);
  });

  test('a framed credential verifies to the same full credential', () => {
    const record = sampleRecord();
    expect(verify(issue(coarse, record))).toEqual(verify(issue(undefined, record)));
    expect(verify(issue(coarse, record))).toMatchObject({ credentialSubject: record.credentialSubject });
  });

  test('inline claims travel inside their parent disclosure', () => {
    const framed = listDisclosures(issue(coarse));
    const parent = framed.find((d) => key(d.path) === 'credentialSubject/characteristics/physicalDimension');
    expect(parent).toBeDefined();
    expect(JSON.stringify(parent?.value)).toContain('"weight"');
    expect(
      framed.some((d) => key(d.path).startsWith('credentialSubject/characteristics/physicalDimension/')),
    ).toBe(false);
  });

  test('a frame cannot widen: the envelope and credentialSubject id/type stay in clear', () => {
    const everything: DisclosureFrame = () => 'disclosable';
    const token = issue(everything);
    const paths = listDisclosures(token).map((d) => key(d.path));
    for (const clear of ['issuer', 'validFrom', 'credentialSubject/id', 'credentialSubject/type', 'id']) {
      expect(paths).not.toContain(clear);
    }
    const withheldAll = presentSdJwtVc(token, { keep: () => false });
    const shown = verify(withheldAll) as { credentialSubject: Record<string, unknown> };
    expect(Object.keys(shown.credentialSubject).sort()).toEqual(['id', 'type']);
  });

  test('withholding a framed supplier entry hides every value inside it', () => {
    const token = issue(coarse);
    const presentation = presentSdJwtVc(token, {
      keep: (d) => !(d.path[1] === 'supplyChain' && d.path[2] === 'suppliers' && d.path[3] === 0),
    });
    const decoded = presentation
      .split('~')
      .slice(1)
      .map((s) => Buffer.from(s, 'base64url').toString('utf8'))
      .join('\n');
    expect(decoded).not.toContain(SUPPLIER_NAME);
  });
});

describe('pooled randomness', () => {
  test('salts are 128-bit, base64url, and never repeat across pool refills', () => {
    const salt = createSaltPool(64); // 4 salts per draw: many refills
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      const s = salt();
      expect(Buffer.from(s, 'base64url')).toHaveLength(16);
      seen.add(s);
    }
    expect(seen.size).toBe(2000);
  });

  test('the product salt source does not repeat either', () => {
    const seen = new Set(Array.from({ length: 5000 }, () => randomSalt()));
    expect(seen.size).toBe(5000);
  });

  test('a pool hands out each byte once (slices never overlap) and serves requests larger than itself', () => {
    const pool = createRandomPool(32);
    const a = pool.take(16);
    const b = pool.take(16);
    const c = pool.take(16); // refill
    expect(Buffer.compare(a, b)).not.toBe(0);
    expect(Buffer.compare(b, c)).not.toBe(0);
    expect(pool.take(100)).toHaveLength(100);
  });

  test('every disclosure of an issued token has its own salt', () => {
    const salts = listDisclosures(issue()).map((d) => {
      const arr = JSON.parse(Buffer.from(d.encoded, 'base64url').toString('utf8')) as unknown[];
      return arr[0];
    });
    expect(new Set(salts).size).toBe(salts.length);
  });
});

describe('decode once: openSdJwt + derivePresentation', () => {
  test('an opened token lists and presents exactly as the token itself', () => {
    const token = issue();
    const opened = openSdJwt(token);
    expect(listDisclosures(opened)).toEqual(listDisclosures(token));
    const keep = (d: { path: (string | number)[] }) => !d.path.includes('supplyChain');
    expect(presentSdJwtVc(opened, { keep })).toBe(presentSdJwtVc(token, { keep }));
  });

  test('derivePresentation returns the kept disclosures, decoded, in token order', () => {
    const token = issue();
    const opened = openSdJwt(token);
    const kb = {
      privateKey: pki.nodeIdentity.privateKey,
      audience: 'urn:kakehashi:node:ouranos:ou-node-1',
      nonce: 'n-1',
      now: FIXED_NOW,
    };
    const derived = derivePresentation(opened, { keep: (d) => d.path.length < 4, keyBinding: kb });
    expect(derived.presentation).toBe(
      `${[derived.jwt, ...derived.kept.map((d) => d.encoded)].join('~')}~${derived.kbJwt ?? ''}`,
    );
    for (const d of derived.kept) {
      expect(JSON.parse(d.decoded.json)).toEqual(
        d.name === undefined ? [d.decoded.salt, d.decoded.value] : [d.decoded.salt, d.name, d.decoded.value],
      );
      expect(Buffer.from(d.encoded, 'base64url').toString('utf8')).toBe(d.decoded.json);
    }
    const verified = verifySdJwtVc(derived.presentation, {
      trust: pki.trust,
      now: FIXED_NOW,
      audience: kb.audience,
      nonce: kb.nonce,
      requireKeyBinding: true,
    });
    expect(verified.keyBinding?.nonce).toBe('n-1');
  });

  test('an opened token that already carries a key-binding JWT is refused', () => {
    const token = issue();
    const bound = presentSdJwtVc(token, {
      keep: () => true,
      keyBinding: { privateKey: pki.nodeIdentity.privateKey, audience: 'a', nonce: 'n', now: FIXED_NOW },
    });
    expect(codeOf(() => presentSdJwtVc(openSdJwt(bound), { keep: () => true }))).toBe(
      'KH_SDJWT_INVALID_INPUT',
    );
  });
});
