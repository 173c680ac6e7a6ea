/** Every tampering or misuse case fails with its typed code. */
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  createKeyBindingJwt,
  digestOf,
  encodeDisclosure,
  InMemoryReplayCache,
  issueSdJwtVc,
  presentSdJwtVc,
  verifySdJwtVc,
  verifySdJwtVcAsync,
  type VerifySdJwtVcOptions,
} from '../../certs/sd-jwt';
import { signCompact } from '../../certs/sd-jwt/jws';
import { codeOf, codeOfAsync } from './helpers';
import { FIXED_NOW, makePkiFixture, type SdJwtPkiFixture } from './pki-fixture';
import { sampleRecord } from './sample-record';

type Json = Record<string, unknown>;
const AUD = 'urn:kakehashi:node:ouranos:ou-node-1';
const NONCE = 'transfer-42';
const nowS = Math.floor(FIXED_NOW.getTime() / 1000);

let pki: SdJwtPkiFixture;
let issued: string;
let presented: string;
beforeAll(() => {
  pki = makePkiFixture();
  issued = issueSdJwtVc(sampleRecord(), {
    privateKey: pki.company.privateKey,
    x5c: pki.company.x5c,
    holderPublicJwk: pki.nodeIdentity.privateKey.export({ format: 'jwk' }),
    now: FIXED_NOW,
  });
  presented = present(issued);
});

function present(token: string, over: { audience?: string; nonce?: string; now?: Date } = {}): string {
  return presentSdJwtVc(token, {
    keep: () => true,
    keyBinding: {
      privateKey: pki.nodeIdentity.privateKey,
      audience: AUD,
      nonce: NONCE,
      now: FIXED_NOW,
      ...over,
    },
  });
}

function opts(extra: Partial<VerifySdJwtVcOptions> = {}): VerifySdJwtVcOptions {
  return { trust: pki.trust, requireRole: 'company', audience: AUD, nonce: NONCE, now: FIXED_NOW, ...extra };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Json;

function split(token: string) {
  const parts = token.split('~');
  const [h, p] = parts[0].split('.');
  return { header: decode(h), payload: decode(p), disclosures: parts.slice(1, -1), parts };
}

/** Re-sign (with the genuine company key) a changed header/payload; keeps the Disclosures. */
function resign(
  token: string,
  change: (header: Json, payload: Json) => void,
  disclosures?: string[],
): string {
  const s = split(token);
  change(s.header, s.payload);
  const { alg: _alg, ...header } = s.header;
  const jwt = signCompact(header, s.payload, pki.company.privateKey, 'PS256');
  return `${[jwt, ...(disclosures ?? s.disclosures)].join('~')}~`;
}

describe('the issuer-signed JWT', () => {
  test('genuine presentation verifies', () => {
    expect(codeOf(() => verifySdJwtVc(presented, opts({ requireKeyBinding: true })))).toBe('NO_ERROR');
  });

  test('payload byte flipped → KH_SDJWT_BAD_SIGNATURE', () => {
    const s = split(issued);
    s.payload.validFrom = '2020-01-01T00:00:00Z';
    const [h, , sig] = s.parts[0].split('.');
    const forged = [`${h}.${b64(s.payload)}.${sig}`, ...s.disclosures, ''].join('~');
    expect(codeOf(() => verifySdJwtVc(forged, opts()))).toBe('KH_SDJWT_BAD_SIGNATURE');
  });

  test('signature byte flipped → KH_SDJWT_BAD_SIGNATURE', () => {
    const [h, p, sig] = issued.split('~')[0].split('.');
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    expect(
      codeOf(() => verifySdJwtVc(issued.replace(`${h}.${p}.${sig}`, `${h}.${p}.${flipped}`), opts())),
    ).toBe('KH_SDJWT_BAD_SIGNATURE');
  });

  test('alg none → KH_SDJWT_ALG_NOT_ALLOWED', () => {
    const s = split(issued);
    const forged = [`${b64({ ...s.header, alg: 'none' })}.${b64(s.payload)}.`, ...s.disclosures, ''].join(
      '~',
    );
    expect(codeOf(() => verifySdJwtVc(forged, opts()))).toBe('KH_SDJWT_ALG_NOT_ALLOWED');
  });

  test('HS256 with the issuer public key as secret → KH_SDJWT_ALG_NOT_ALLOWED', () => {
    const s = split(issued);
    const input = `${b64({ ...s.header, alg: 'HS256' })}.${b64(s.payload)}`;
    const mac = createHmac('sha256', pki.company.certificatePem).update(input).digest('base64url');
    expect(codeOf(() => verifySdJwtVc([`${input}.${mac}`, ...s.disclosures, ''].join('~'), opts()))).toBe(
      'KH_SDJWT_ALG_NOT_ALLOWED',
    );
  });

  test('ES256 header over an RSA certificate (algorithm confusion) → KH_SDJWT_ALG_NOT_ALLOWED', () => {
    const s = split(issued);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { alg: _alg, ...header } = s.header;
    const jwt = signCompact(header, s.payload, ec.privateKey, 'ES256');
    expect(codeOf(() => verifySdJwtVc([jwt, ...s.disclosures, ''].join('~'), opts()))).toBe(
      'KH_SDJWT_ALG_NOT_ALLOWED',
    );
  });

  test('wrong typ → KH_SDJWT_TYP', () => {
    expect(
      codeOf(() =>
        verifySdJwtVc(
          resign(issued, (h) => (h.typ = 'JWT')),
          opts(),
        ),
      ),
    ).toBe('KH_SDJWT_TYP');
  });

  test('no x5c → KH_SDJWT_MALFORMED', () => {
    expect(
      codeOf(() =>
        verifySdJwtVc(
          resign(issued, (h) => delete h.x5c),
          opts(),
        ),
      ),
    ).toBe('KH_SDJWT_MALFORMED');
  });

  test('garbage → KH_SDJWT_MALFORMED', () => {
    expect(codeOf(() => verifySdJwtVc('not a token', opts()))).toBe('KH_SDJWT_MALFORMED');
    expect(codeOf(() => verifySdJwtVc('a.b.c', opts()))).toBe('KH_SDJWT_MALFORMED');
    expect(codeOf(() => verifySdJwtVc(issued.replace('~', '~~'), opts()))).toBe('KH_SDJWT_MALFORMED');
  });
});

describe('Disclosures and digests', () => {
  test('Disclosure added → KH_SDJWT_DIGEST_MISMATCH', () => {
    const extra = encodeDisclosure(randomBytes(16).toString('base64url'), 'supplierName', 'Injected');
    expect(codeOf(() => verifySdJwtVc(issued + extra + '~', opts()))).toBe('KH_SDJWT_DIGEST_MISMATCH');
  });

  test('Disclosure altered → KH_SDJWT_DIGEST_MISMATCH', () => {
    const s = split(issued);
    const target = s.disclosures.findIndex((d) =>
      Buffer.from(d, 'base64url').toString().includes('"recordVersion"'),
    );
    const [salt, name] = JSON.parse(Buffer.from(s.disclosures[target], 'base64url').toString()) as [
      string,
      string,
      unknown,
    ];
    const altered = [...s.disclosures];
    altered[target] = encodeDisclosure(salt, name, '999');
    expect(codeOf(() => verifySdJwtVc([s.parts[0], ...altered, ''].join('~'), opts()))).toBe(
      'KH_SDJWT_DIGEST_MISMATCH',
    );
  });

  test('digest removed from the signed payload → KH_SDJWT_DIGEST_MISMATCH', () => {
    const forged = resign(issued, (_h, p) => {
      const cs = p.credentialSubject as Json;
      const real = new Set(split(issued).disclosures.map(digestOf));
      const victim = (cs._sd as string[]).find((d) => real.has(d));
      cs._sd = (cs._sd as string[]).filter((d) => d !== victim);
    });
    expect(codeOf(() => verifySdJwtVc(forged, opts()))).toBe('KH_SDJWT_DIGEST_MISMATCH');
  });

  test('the same Disclosure twice → KH_SDJWT_DUPLICATE_DISCLOSURE', () => {
    const s = split(issued);
    expect(
      codeOf(() => verifySdJwtVc([s.parts[0], ...s.disclosures, s.disclosures[0], ''].join('~'), opts())),
    ).toBe('KH_SDJWT_DUPLICATE_DISCLOSURE');
  });

  test('the same digest referenced twice → KH_SDJWT_DUPLICATE_DIGEST', () => {
    const forged = resign(issued, (_h, p) => {
      const cs = p.credentialSubject as Json;
      const sd = cs._sd as string[];
      cs._sd = [...sd, sd[0]];
    });
    expect(codeOf(() => verifySdJwtVc(forged, opts()))).toBe('KH_SDJWT_DUPLICATE_DIGEST');
  });

  test('disclosed name clashing with a clear claim → KH_SDJWT_CLAIM_CLASH', () => {
    const s = split(issued);
    const provenance = s.disclosures.find((d) =>
      Buffer.from(d, 'base64url').toString().includes('"provenance"'),
    );
    expect(provenance).toBeDefined();
    const forged = resign(issued, (_h, p) => {
      (p.credentialSubject as Json).provenance = { publisher: 'clear' };
    });
    expect(codeOf(() => verifySdJwtVc(forged, opts()))).toBe('KH_SDJWT_CLAIM_CLASH');
  });

  test('reserved claim name in a Disclosure → KH_SDJWT_RESERVED_NAME', () => {
    const bad = Buffer.from(JSON.stringify([randomBytes(16).toString('base64url'), '_sd', ['x']])).toString(
      'base64url',
    );
    const s = split(issued);
    const forged = resign(
      issued,
      (_h, p) => {
        const cs = p.credentialSubject as Json;
        cs._sd = [...(cs._sd as string[]), digestOf(bad)].sort();
      },
      [...s.disclosures, bad],
    );
    expect(codeOf(() => verifySdJwtVc(forged, opts()))).toBe('KH_SDJWT_RESERVED_NAME');
    expect(codeOf(() => encodeDisclosure('salt', '...', 1))).toBe('KH_SDJWT_RESERVED_NAME');
  });

  test('array-element Disclosure referenced from _sd → KH_SDJWT_DISCLOSURE_KIND', () => {
    const element = encodeDisclosure(randomBytes(16).toString('base64url'), undefined, 'x');
    const s = split(issued);
    const forged = resign(
      issued,
      (_h, p) => {
        const cs = p.credentialSubject as Json;
        cs._sd = [...(cs._sd as string[]), digestOf(element)].sort();
      },
      [...s.disclosures, element],
    );
    expect(codeOf(() => verifySdJwtVc(forged, opts()))).toBe('KH_SDJWT_DISCLOSURE_KIND');
  });

  test('unsupported _sd_alg → KH_SDJWT_SD_ALG', () => {
    expect(
      codeOf(() =>
        verifySdJwtVc(
          resign(issued, (_h, p) => (p._sd_alg = 'md5')),
          opts(),
        ),
      ),
    ).toBe('KH_SDJWT_SD_ALG');
  });

  test('expired token (exp) → KH_SDJWT_EXPIRED', () => {
    expect(
      codeOf(() =>
        verifySdJwtVc(
          resign(issued, (_h, p) => (p.exp = nowS - 3600)),
          opts(),
        ),
      ),
    ).toBe('KH_SDJWT_EXPIRED');
  });
});

describe('size limits', () => {
  test('oversized token → KH_SDJWT_TOO_LARGE', () => {
    expect(codeOf(() => verifySdJwtVc(issued, opts({ maxBytes: 1000 })))).toBe('KH_SDJWT_TOO_LARGE');
  });
  test('too many Disclosures → KH_SDJWT_TOO_LARGE', () => {
    expect(codeOf(() => verifySdJwtVc(issued, opts({ maxDisclosures: 3 })))).toBe('KH_SDJWT_TOO_LARGE');
  });
  test('nesting too deep → KH_SDJWT_TOO_LARGE', () => {
    expect(codeOf(() => verifySdJwtVc(issued, opts({ maxDepth: 3 })))).toBe('KH_SDJWT_TOO_LARGE');
  });
});

describe('chain and issuer', () => {
  test('unknown root → KH_PKI_UNKNOWN_ROOT', () => {
    expect(codeOf(() => verifySdJwtVc(issued, opts({ trust: pki.ouOnlyTrust })))).toBe('KH_PKI_UNKNOWN_ROOT');
  });

  test('wrong role (a node certificate signing a record) → KH_PKI_WRONG_ROLE', () => {
    const token = issueSdJwtVc(sampleRecord('urn:kakehashi:participant:catena-x:cx-node-1'), {
      privateKey: pki.nodeIdentity.privateKey,
      x5c: pki.nodeIdentity.x5c,
      now: FIXED_NOW,
    });
    expect(codeOf(() => verifySdJwtVc(token, opts()))).toBe('KH_PKI_WRONG_ROLE');
  });

  test("another company's certificate → KH_SDJWT_ISSUER_MISMATCH", () => {
    const token = issueSdJwtVc(sampleRecord(), {
      privateKey: pki.otherCompany.privateKey,
      x5c: pki.otherCompany.x5c,
      now: FIXED_NOW,
    });
    expect(codeOf(() => verifySdJwtVc(token, opts()))).toBe('KH_SDJWT_ISSUER_MISMATCH');
  });

  test('a Kakehashi company certificate signing for a foreign issuer → KH_SDJWT_ISSUER_MISMATCH', () => {
    const token = issueSdJwtVc(sampleRecord('https://issuer.example/not-kakehashi'), {
      privateKey: pki.company.privateKey,
      x5c: pki.company.x5c,
      now: FIXED_NOW,
    });
    expect(codeOf(() => verifySdJwtVc(token, opts()))).toBe('KH_SDJWT_ISSUER_MISMATCH');
  });

  test('certificate expired at verification time → KH_PKI_EXPIRED', () => {
    expect(codeOf(() => verifySdJwtVc(issued, opts({ now: new Date('2040-01-01T00:00:00Z') })))).toBe(
      'KH_PKI_EXPIRED',
    );
  });
});

describe('key binding', () => {
  test('missing when required → KH_SDJWT_KB_MISSING', () => {
    expect(codeOf(() => verifySdJwtVc(issued, opts({ requireKeyBinding: true })))).toBe(
      'KH_SDJWT_KB_MISSING',
    );
  });

  test('wrong audience → KH_SDJWT_KB_AUDIENCE', () => {
    expect(
      codeOf(() => verifySdJwtVc(presented, opts({ audience: 'urn:kakehashi:node:ouranos:elsewhere' }))),
    ).toBe('KH_SDJWT_KB_AUDIENCE');
  });

  test('wrong nonce → KH_SDJWT_KB_NONCE', () => {
    expect(codeOf(() => verifySdJwtVc(presented, opts({ nonce: 'transfer-43' })))).toBe('KH_SDJWT_KB_NONCE');
  });

  test('stale or future key binding → KH_SDJWT_KB_STALE', () => {
    const old = present(issued, { now: new Date(FIXED_NOW.getTime() - 600_000) });
    expect(codeOf(() => verifySdJwtVc(old, opts()))).toBe('KH_SDJWT_KB_STALE');
    const future = present(issued, { now: new Date(FIXED_NOW.getTime() + 600_000) });
    expect(codeOf(() => verifySdJwtVc(future, opts()))).toBe('KH_SDJWT_KB_STALE');
    expect(codeOf(() => verifySdJwtVc(old, opts({ freshnessSeconds: 900 })))).toBe('NO_ERROR');
  });

  test('replayed key binding → KH_SDJWT_KB_REPLAY', async () => {
    const cache = new InMemoryReplayCache(() => nowS);
    expect(codeOf(() => verifySdJwtVc(presented, opts({ replayCache: cache })))).toBe('NO_ERROR');
    expect(codeOf(() => verifySdJwtVc(presented, opts({ replayCache: cache })))).toBe('KH_SDJWT_KB_REPLAY');
    // a fresh presentation (new KB-JWT) of the same credential is fine
    expect(
      codeOf(() =>
        verifySdJwtVc(present(issued, { nonce: 'n2' }), opts({ nonce: 'n2', replayCache: cache })),
      ),
    ).toBe('NO_ERROR');
    // the asynchronous path (the node's Redis cache) behaves the same
    const seen = new Set<string>();
    const asyncCache = { remember: async (key: string) => (seen.has(key) ? false : (seen.add(key), true)) };
    expect(
      await codeOfAsync(() => verifySdJwtVcAsync(presented, { ...opts(), replayCache: asyncCache })),
    ).toBe('NO_ERROR');
    expect(
      await codeOfAsync(() => verifySdJwtVcAsync(presented, { ...opts(), replayCache: asyncCache })),
    ).toBe('KH_SDJWT_KB_REPLAY');
    expect(codeOf(() => verifySdJwtVc(presented, opts({ replayCache: asyncCache as never })))).toBe(
      'KH_SDJWT_REPLAY_CACHE_ASYNC',
    );
  });

  test('Disclosure dropped after binding → KH_SDJWT_KB_SD_HASH', () => {
    const parts = presented.split('~');
    // the last Disclosure is a leaf (parents come first), so the rest still processes
    const dropped = [...parts.slice(0, -2), parts[parts.length - 1]].join('~');
    expect(codeOf(() => verifySdJwtVc(dropped, opts()))).toBe('KH_SDJWT_KB_SD_HASH');
  });

  test('KB-JWT signed by another key → KH_SDJWT_KB_BAD_SIGNATURE', () => {
    const unsigned = presented.slice(0, presented.lastIndexOf('~') + 1);
    const kb = createKeyBindingJwt(unsigned, {
      privateKey: pki.receivingNode.privateKey,
      audience: AUD,
      nonce: NONCE,
      now: FIXED_NOW,
    });
    expect(codeOf(() => verifySdJwtVc(unsigned + kb, opts()))).toBe('KH_SDJWT_KB_BAD_SIGNATURE');
  });

  test('KB-JWT with the wrong typ → KH_SDJWT_TYP', () => {
    const unsigned = presented.slice(0, presented.lastIndexOf('~') + 1);
    const kb = signCompact(
      { typ: 'JWT' },
      { iat: nowS, aud: AUD, nonce: NONCE, sd_hash: 'x' },
      pki.nodeIdentity.privateKey,
      'PS256',
    );
    expect(codeOf(() => verifySdJwtVc(unsigned + kb, opts()))).toBe('KH_SDJWT_TYP');
  });
});
