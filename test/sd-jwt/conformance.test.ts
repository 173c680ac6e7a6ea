/**
 * RFC 9901 / SD-JWT VC conformance against the published examples: digests, Disclosures reproduced
 * byte for byte with the examples' salts, payloads, signatures, key-binding `sd_hash`.
 */
import { createPublicKey, KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
// Imported module by module: this suite needs no PKI.
import { conceal, type ClaimPath } from '../../certs/sd-jwt/conceal';
import { decodeDisclosure, digestOf, encodeDisclosure } from '../../certs/sd-jwt/disclosure';
import { sdHash } from '../../certs/sd-jwt/key-binding';
import { reveal } from '../../certs/sd-jwt/reveal';
import { splitSdJwt } from '../../certs/sd-jwt/serialization';
import { verifySdJwtCore } from '../../certs/sd-jwt/verify-core';
import { codeOf, pythonJsonDumps, readJson, readText, SD_FIXTURES } from './helpers';

type Json = Record<string, unknown>;
interface SpecDisclosure {
  digest: string;
  disclosure: string;
}

const KEYS = readJson<Json>(path.join(SD_FIXTURES, 'oauth-selective-disclosure-jwt/examples/keys.json'));
const issuerKey: KeyObject = createPublicKey({
  key: KEYS.issuer_public_key as import('node:crypto').JsonWebKey,
  format: 'jwk',
});

const EXAMPLE_DIRS = [
  ...fs
    .readdirSync(path.join(SD_FIXTURES, 'oauth-selective-disclosure-jwt/examples'))
    .map((d) => path.join(SD_FIXTURES, 'oauth-selective-disclosure-jwt/examples', d)),
  ...fs
    .readdirSync(path.join(SD_FIXTURES, 'oauth-sd-jwt-vc/examples'))
    .map((d) => path.join(SD_FIXTURES, 'oauth-sd-jwt-vc/examples', d)),
].filter((d) => fs.statSync(d).isDirectory());

const WITH_DISCLOSURES = EXAMPLE_DIRS.filter(
  (d) =>
    fs.existsSync(path.join(d, 'disclosures.json')) && fs.existsSync(path.join(d, 'sd_jwt_payload.json')),
);
const WITH_PRESENTATION = EXAMPLE_DIRS.filter((d) => fs.existsSync(path.join(d, 'sd_jwt_presentation.txt')));
const name = (d: string) => path.relative(SD_FIXTURES, d);

/** Remove digests that no Disclosure produces (decoys) from every `_sd` array. */
function withoutDecoys(value: unknown, real: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutDecoys(v, real));
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '_sd') {
      const kept = (v as string[]).filter((d) => real.has(d));
      if (kept.length > 0) out._sd = kept;
    } else out[k] = withoutDecoys(v, real);
  }
  return out;
}

describe('RFC 9901 section 4.2 digest examples', () => {
  const s4 = readJson<Json>(
    path.join(SD_FIXTURES, 'oauth-selective-disclosure-jwt/section4_disclosure_examples.json'),
  );
  const obj = s4.object_property as {
    contents: [string, string, unknown];
    disclosure: string;
    spec_digest: string;
  };
  const arr = s4.array_element as { contents: [string, unknown]; disclosure: string; spec_digest: string };

  test('object-property Disclosure: encoding and digest', () => {
    expect(encodeDisclosure(obj.contents[0], obj.contents[1], obj.contents[2], pythonJsonDumps)).not.toBe(
      obj.disclosure,
    );
    // The spec prints this one in UTF-8 (not ensure_ascii): reproduce with ", " separators only.
    const utf8Spaced = (a: unknown[]) => `[${a.map((x) => JSON.stringify(x)).join(', ')}]`;
    expect(encodeDisclosure(obj.contents[0], obj.contents[1], obj.contents[2], utf8Spaced)).toBe(
      obj.disclosure,
    );
    expect(digestOf(obj.disclosure)).toBe(obj.spec_digest);
  });

  test('array-element Disclosure: encoding and digest', () => {
    expect(encodeDisclosure(arr.contents[0], undefined, arr.contents[1], pythonJsonDumps)).toBe(
      arr.disclosure,
    );
    expect(digestOf(arr.disclosure)).toBe(arr.spec_digest);
  });

  test('equivalent encodings hash differently, each as received', () => {
    const variants = s4.equivalent_encodings_same_claim as Array<{
      disclosure: string;
      computed_digest: string;
    }>;
    for (const v of variants) {
      expect(digestOf(v.disclosure)).toBe(v.computed_digest);
      expect(decodeDisclosure(v.disclosure, 0).value).toBe('Möbius');
    }
    expect(new Set(variants.map((v) => digestOf(v.disclosure))).size).toBe(variants.length);
  });
});

describe.each(WITH_DISCLOSURES.map((d) => [name(d), d]))('example %s', (_label, dir) => {
  const payload = readJson<Json>(path.join(dir, 'sd_jwt_payload.json'));
  const spec = readJson<SpecDisclosure[]>(path.join(dir, 'disclosures.json'));
  const userClaimsFile = path.join(dir, 'user_claims.json');
  const userClaims = fs.existsSync(userClaimsFile) ? readJson<Json>(userClaimsFile) : undefined;

  test('every Disclosure hashes to the printed digest', () => {
    for (const d of spec) expect(digestOf(d.disclosure)).toBe(d.digest);
  });

  test('processing all Disclosures yields the user claims', () => {
    const revealed = reveal(
      payload,
      spec.map((d, i) => decodeDisclosure(d.disclosure, i)),
      { maxDepth: 32 },
    );
    expect(revealed.disclosures).toHaveLength(spec.length);
    if (userClaims !== undefined) {
      for (const [k, v] of Object.entries(revealed.claims)) {
        if (k in userClaims) expect(v).toEqual(userClaims[k]);
        else expect(payload[k]).toEqual(v); // a JWT claim in clear (iss, iat, cnf, ...)
      }
      for (const k of Object.keys(userClaims)) expect(revealed.claims).toHaveProperty([k]);
    }
  });

  test('re-issuing with the same salts reproduces every Disclosure and the payload digest for digest', () => {
    const decoded = spec.map((d, i) => decodeDisclosure(d.disclosure, i));
    const revealed = reveal(payload, decoded, { maxDepth: 32 });
    const saltByPath = new Map<string, string>();
    revealed.disclosures.forEach((v) => {
      const d = decoded.find((x) => x.digest === v.digest);
      saltByPath.set(JSON.stringify(v.path), d?.salt ?? '');
    });
    const input: Json = { ...(userClaims ?? revealed.claims) };
    for (const [k, v] of Object.entries(revealed.claims)) if (!(k in input)) input[k] = v;
    if (payload._sd_alg !== undefined) input._sd_alg = payload._sd_alg;
    const key = (p: ClaimPath) => JSON.stringify(p);
    const out = conceal(input, {
      disclosable: (p) => saltByPath.has(key(p)),
      salt: (p) => saltByPath.get(key(p)) ?? 'missing',
      serialize: pythonJsonDumps,
    });
    expect([...out.disclosures].sort()).toEqual(spec.map((d) => d.disclosure).sort());
    const real = new Set(spec.map((d) => d.digest));
    expect(out.payload).toEqual(withoutDecoys(payload, real));
  });
});

describe('published signatures and presentations', () => {
  test.each(
    EXAMPLE_DIRS.filter((d) => fs.existsSync(path.join(d, 'sd_jwt_issuance.txt'))).map((d) => [name(d), d]),
  )('%s: issued SD-JWT verifies (ES256) and carries the printed payload', (_label, dir) => {
    const token = readText(path.join(dir, 'sd_jwt_issuance.txt'));
    const result = verifySdJwtCore(token, {
      resolveIssuerKey: () => issuerKey,
      now: new Date(1700000000000),
    });
    const payload = readJson<Json>(path.join(dir, 'sd_jwt_payload.json'));
    expect(result.header.alg).toBe('ES256');
    const all = splitSdJwt(token, { maxBytes: 1e6, maxDisclosures: 1000 }).disclosures;
    expect(result.undisclosedDigests.length).toBeGreaterThanOrEqual(0);
    expect(result.disclosures).toHaveLength(all.length);
    const userClaimsFile = path.join(dir, 'user_claims.json');
    if (fs.existsSync(userClaimsFile)) {
      const userClaims = readJson<Json>(userClaimsFile);
      for (const k of Object.keys(userClaims)) expect(result.claims[k]).toEqual(userClaims[k]);
    }
    for (const k of ['iss', 'iat', 'exp', 'cnf', 'vct'])
      if (k in payload) expect(result.claims[k]).toEqual(payload[k]);
  });

  test.each(WITH_PRESENTATION.map((d) => [name(d), d]))(
    '%s: presentation yields the verified contents',
    (_label, dir) => {
      const token = readText(path.join(dir, 'sd_jwt_presentation.txt'));
      const parts = splitSdJwt(token, { maxBytes: 1e6, maxDisclosures: 1000 });
      const kbFile = path.join(dir, 'kb_jwt_payload.json');
      const kbInToken =
        parts.kbJwt === undefined
          ? undefined
          : (JSON.parse(Buffer.from(parts.kbJwt.split('.')[1], 'base64url').toString('utf8')) as Json);
      if (fs.existsSync(kbFile)) expect(kbInToken).toEqual(readJson<Json>(kbFile));
      const kb = kbInToken;
      const now = new Date(((kb?.iat as number | undefined) ?? 1700000000) * 1000);
      const result = verifySdJwtCore(token, {
        resolveIssuerKey: () => issuerKey,
        now,
        ...(kb === undefined
          ? {}
          : { audience: kb.aud as string, nonce: kb.nonce as string, requireKeyBinding: true }),
      });
      const expected = readJson<Json>(path.join(dir, 'verified_contents.json'));
      expect(result.claims).toEqual(expected);
      if (kb !== undefined) {
        expect(parts.kbJwt).toBeDefined();
        expect(sdHash(parts.sdJwtWithoutKb)).toBe(kb.sd_hash);
        expect(result.keyBinding).toEqual({ audience: kb.aud, nonce: kb.nonce, issuedAt: kb.iat });
        // Same presentation, other verifier: refused on audience; stale an hour later.
        expect(
          codeOf(() =>
            verifySdJwtCore(token, {
              resolveIssuerKey: () => issuerKey,
              now,
              audience: 'https://other.example',
            }),
          ),
        ).toBe('KH_SDJWT_KB_AUDIENCE');
        expect(
          codeOf(() =>
            verifySdJwtCore(token, {
              resolveIssuerKey: () => issuerKey,
              now: new Date(now.getTime() + 3_600_000),
            }),
          ),
        ).toBe('KH_SDJWT_KB_STALE');
      }
    },
  );

  test('a published presentation with one Disclosure byte altered is refused', () => {
    const token = readText(
      path.join(SD_FIXTURES, 'oauth-selective-disclosure-jwt/examples/simple/sd_jwt_presentation.txt'),
    );
    const parts = token.split('~');
    const d = parts[1];
    parts[1] = d.slice(0, 5) + (d[5] === 'A' ? 'B' : 'A') + d.slice(6);
    const code = codeOf(() =>
      verifySdJwtCore(parts.join('~'), { resolveIssuerKey: () => issuerKey, now: new Date(1748537243000) }),
    );
    expect(['KH_SDJWT_DIGEST_MISMATCH', 'KH_SDJWT_MALFORMED']).toContain(code);
  });
});
