/**
 * `VerifiedSdJwtVc.opened` (the verifier's own decoding, in `openSdJwt`'s shape) and the parse paths of the
 * fast verifier: segments checked once by `splitSdJwt`, subtrees without digests not copied, `__proto__`
 * kept as a plain own claim, depth limit inside a Disclosure, decoys as random 256-bit values.
 */
import {
  decodeDisclosure,
  decoyDigest,
  issueSdJwtVc,
  listDisclosures,
  openSdJwt,
  presentSdJwtVc,
  verifySdJwtVc,
} from '../../certs/sd-jwt';
import { codeOf } from './helpers';
import { FIXED_NOW, makePkiFixture, type SdJwtPkiFixture } from './pki-fixture';
import { sampleRecord } from './sample-record';

type Json = Record<string, unknown>;
const AUDIENCE = 'urn:kakehashi:node:ouranos:ou-node-1';

let pki: SdJwtPkiFixture;
beforeAll(() => {
  pki = makePkiFixture();
});

function issue(record: object): string {
  return issueSdJwtVc(record, {
    privateKey: pki.company.privateKey,
    x5c: pki.company.x5c,
    now: FIXED_NOW,
    holderPublicJwk: pki.nodeIdentity.privateKey.export({ format: 'jwk' }),
  });
}

const verify = (token: string, extra: { nonce?: string; maxDepth?: number } = {}) =>
  verifySdJwtVc(token, {
    trust: pki.trust,
    requireRole: 'company',
    now: FIXED_NOW,
    ...(extra.nonce === undefined ? {} : { audience: AUDIENCE, nonce: extra.nonce, requireKeyBinding: true }),
    ...(extra.maxDepth === undefined ? {} : { maxDepth: extra.maxDepth }),
  });

/** Replace the Disclosure at `index` of `token` by `replacement`. */
function withDisclosure(token: string, index: number, replacement: string): string {
  const parts = token.split('~');
  parts[index + 1] = replacement;
  return parts.join('~');
}

describe('VerifiedSdJwtVc.opened', () => {
  test('an issued token: opened is what openSdJwt returns, and feeds listDisclosures and presentation', () => {
    const token = issue(sampleRecord());
    const verified = verify(token);
    const opened = openSdJwt(token);
    expect(verified.opened).toEqual(opened);
    expect(verified.opened.kbJwt).toBeUndefined();
    expect(verified.opened.disclosures.length).toBe(token.split('~').length - 2);
    expect(listDisclosures(verified.opened)).toEqual(listDisclosures(token));
    const keepAll = { keep: () => true };
    expect(presentSdJwtVc(verified.opened, keepAll)).toBe(presentSdJwtVc(token, keepAll));
  });

  test('a key-bound presentation: opened carries the kept Disclosures, their paths and the kb-jwt', () => {
    const token = issue(sampleRecord());
    const presented = presentSdJwtVc(token, {
      keep: (d) => !d.path.includes('supplierName'),
      keyBinding: {
        privateKey: pki.nodeIdentity.privateKey,
        audience: AUDIENCE,
        nonce: 'n-1',
        now: FIXED_NOW,
      },
    });
    const verified = verify(presented, { nonce: 'n-1' });
    expect(verified.opened).toEqual(openSdJwt(presented));
    expect(verified.opened.kbJwt).toBe(presented.slice(presented.lastIndexOf('~') + 1));
    expect(verified.opened.jwt).toBe(presented.split('~')[0]);
    const encoded = verified.opened.disclosures.map((d) => d.encoded).sort();
    expect(encoded).toEqual(presented.split('~').slice(1, -1).sort());
    expect(verified.opened.disclosures.some((d) => d.path.includes('supplierName'))).toBe(false);
    for (const d of verified.opened.disclosures) {
      expect(Buffer.from(d.encoded, 'base64url').toString('utf8')).toBe(d.decoded.json);
      if (d.parent !== undefined) {
        expect(verified.opened.disclosures.some((p) => p.digest === d.parent)).toBe(true);
      }
    }
  });
});

describe('parsing the received token', () => {
  test('"__proto__" claims stay plain own claims, in clear and inside Disclosures; nothing is polluted', () => {
    const record = sampleRecord() as unknown as Json;
    const evil = JSON.parse(
      JSON.stringify({
        ...record,
        credentialSubject: {
          ...(record.credentialSubject as Json),
          extra: JSON.parse('{"__proto__": {"pollutedInline": true}, "ok": 1}') as unknown,
        },
      }),
    ) as Json;
    Object.defineProperty(evil, '__proto__', {
      value: { pollutedClear: true },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    Object.defineProperty(evil.credentialSubject as Json, '__proto__', {
      value: { pollutedDisclosed: true },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    const token = issue(evil);
    const { credential, opened } = verify(token);
    const subject = credential.credentialSubject as Json;
    for (const [holder, value] of [
      [credential, { pollutedClear: true }],
      [subject, { pollutedDisclosed: true }],
      [subject.extra as Json, { pollutedInline: true }],
    ] as const) {
      expect(Object.getPrototypeOf(holder)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(holder, '__proto__')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(holder, '__proto__')?.value).toEqual(value);
    }
    expect(opened.disclosures.some((d) => d.name === '__proto__')).toBe(true);
    const probe = {} as Json;
    expect(probe.pollutedClear ?? probe.pollutedDisclosed ?? probe.pollutedInline).toBeUndefined();
  });

  test('a Disclosure naming "__proto__" decodes to an own name, not a prototype write', () => {
    const encoded = Buffer.from('["c2FsdHNhbHRzYWx0c2FsdA","__proto__",{"x":1}]').toString('base64url');
    for (const fromSplit of [false, true]) {
      const d = decodeDisclosure(encoded, 0, fromSplit);
      expect(d.name).toBe('__proto__');
      expect(d.value).toEqual({ x: 1 });
    }
    expect(({} as Json).x).toBeUndefined();
  });

  test('the depth limit holds inside a Disclosure value that has no digests (walked, not copied)', () => {
    const record = sampleRecord() as unknown as Json;
    // One disclosable claim whose value nests 40 levels with no digest inside (the frame keeps it inline).
    let nested: unknown = 'leaf';
    for (let i = 0; i < 40; i += 1) nested = { n: nested };
    const token = issueSdJwtVc(
      { ...record, credentialSubject: { ...(record.credentialSubject as Json), deepClaim: nested } },
      {
        privateKey: pki.company.privateKey,
        x5c: pki.company.x5c,
        now: FIXED_NOW,
        frame: (path) => (path.length === 2 ? 'disclosable' : 'inline'),
      },
    );
    expect(codeOf(() => verify(token))).toBe('KH_SDJWT_TOO_LARGE');
    expect(codeOf(() => verify(token, { maxDepth: 64 }))).toBe('NO_ERROR');
  });

  test('segments checked once by the splitter: ".", "+", "/", "=" and a length of 4k+1 are refused', () => {
    const token = issue(sampleRecord());
    const first = token.split('~')[1];
    const cases: Array<[string, string]> = [
      [`${first.slice(0, 8)}.${first.slice(9)}`, 'KH_SDJWT_MALFORMED'],
      [`${first.slice(0, 8)}+${first.slice(9)}`, 'KH_SDJWT_MALFORMED'],
      [`${first.slice(0, 8)}/${first.slice(9)}`, 'KH_SDJWT_MALFORMED'],
      [`${first}=`, 'KH_SDJWT_MALFORMED'],
      [first.slice(0, 4 * Math.floor((first.length - 1) / 4) + 1), 'KH_SDJWT_MALFORMED'],
    ];
    for (const [bad, code] of cases) {
      expect(codeOf(() => verify(withDisclosure(token, 0, bad)))).toBe(code);
      expect(codeOf(() => openSdJwt(withDisclosure(token, 0, bad)))).toBe(code);
    }
    const [header, payload, signature] = token.split('~')[0].split('.');
    const jwtWithDot = `${header}.${payload}.${signature.slice(0, 4)}.${signature.slice(4)}`;
    expect(codeOf(() => verify(token.replace(token.split('~')[0], jwtWithDot)))).toBe('KH_SDJWT_MALFORMED');
    expect(codeOf(() => decodeDisclosure(`${first.slice(0, 8)}+${first.slice(9)}`, 0))).toBe(
      'KH_SDJWT_MALFORMED',
    );
  });
});

describe('Disclosure encoding through the scratch buffer', () => {
  test('non-ASCII and long values encode as Buffer.from(json).toString("base64url") and decode back', () => {
    const values: unknown[] = [
      '日本語のバッテリー 🔋 Ünïcödé',
      { nested: ['é', '\u2028', '𝄞'], n: 1.5 },
      'x'.repeat(70_000),
      '語'.repeat(30_000),
      '語'.repeat(20_000),
      '語'.repeat(10_000),
    ];
    const token = issueSdJwtVc(
      { ...(sampleRecord() as unknown as Json), credentialSubject: { id: 'urn:x', a: values } },
      { privateKey: pki.company.privateKey, x5c: pki.company.x5c, now: FIXED_NOW, decoys: 0 },
    );
    const opened = openSdJwt(token);
    for (const d of opened.disclosures) {
      expect(d.encoded).toBe(Buffer.from(d.decoded.json, 'utf8').toString('base64url'));
      expect(decodeDisclosure(d.encoded, 0).json).toBe(d.decoded.json);
    }
    const subject = verify(token).credential.credentialSubject as Json;
    expect(subject.a).toEqual(values);
  });
});

describe('decoys', () => {
  test('a decoy digest looks like a SHA-256 digest (43 base64url characters) and never repeats', () => {
    const decoys = Array.from({ length: 2000 }, () => decoyDigest());
    for (const d of decoys) expect(d).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(decoys).size).toBe(decoys.length);
  });
});
