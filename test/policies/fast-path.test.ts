/**
 * The fast path of the disclosure pipeline: an already opened token as input, the per-policy compiled
 * decisions (path templates), and the one-pass searches of the leak guard — each checked against the
 * straightforward form it replaces.
 */
import fc from 'fast-check';
import { openSdJwt } from '../../certs/sd-jwt';
import { catenaXAdapter } from '../../adapters/catena-x';
import { ouranosAdapter } from '../../adapters/ouranos';
import type { PlatformAdapter } from '../../adapters/types';
import type { CanonicalRecord } from '../../adapters/canonical/types';
import {
  applyDisclosurePolicy,
  batteryRecordFrame,
  evaluatePolicy,
  loadShippedPolicy,
  type TermResolver,
} from '../../policies';
import { normaliseText } from '../../policies/leak-needles';
import { searchMany } from '../../policies/leak-search';
import { UUID, withoutUuids } from '../../policies/leak-guard';
import { termIriAt } from '../../schemas/vocabulary';
import { generateRecords } from '../../seeds/generator';
import {
  caught,
  issue,
  keyBinding,
  makePki,
  sampleRecord,
  SUPPLIER_NAME,
  type PolicyPki,
  verifyAsPeer,
} from './helpers';

let pki: PolicyPki;
beforeAll(() => {
  pki = makePki();
});

const PAIRS = [
  ['ouranos', 'catena-x'],
  ['catena-x', 'ouranos'],
] as const;

/** Seed records of a platform, canonical, issued as the node does (with the product frame). */
function seedTokens(platform: 'ouranos' | 'catena-x', n: number): string[] {
  const adapter = (platform === 'ouranos' ? ouranosAdapter : catenaXAdapter) as PlatformAdapter;
  return generateRecords(platform, n, 4242).map((native) =>
    issue(pki, adapter.toCanonical(native) as CanonicalRecord & { issuer: string }, batteryRecordFrame),
  );
}

/** A resolver with the vocabulary's answers but its own identity: decisions compiled afresh for it. */
const freshResolver = (): TermResolver => (path) => termIriAt(path);

describe('applyDisclosurePolicy with an opened token', () => {
  test.each(PAIRS)('%s → %s: same presentation and report as from the compact token', (source, target) => {
    const sdJwt = issue(pki, sampleRecord());
    const policy = loadShippedPolicy(source, target);
    const fromToken = applyDisclosurePolicy({ sdJwt, policy });
    const fromOpened = applyDisclosurePolicy({ opened: openSdJwt(sdJwt), policy });
    expect(fromOpened).toEqual(fromToken);
  });

  test('with key binding, the peer verifies the presentation', () => {
    const sdJwt = issue(pki, sampleRecord());
    const { presentation } = applyDisclosurePolicy({
      opened: openSdJwt(sdJwt),
      policy: loadShippedPolicy('ouranos', 'catena-x'),
      keyBinding: keyBinding(pki),
    });
    const verified = verifyAsPeer(pki, presentation);
    expect(JSON.stringify(verified.credential)).not.toContain(SUPPLIER_NAME);
  });

  test('the leak guard still refuses: a supplier name in disclosed free text', () => {
    const record = sampleRecord();
    record.credentialSubject.sustainability!.carbonFootprint![0].lifecycle = `from ${SUPPLIER_NAME} line 3`;
    const error = caught(() =>
      applyDisclosurePolicy({
        opened: openSdJwt(issue(pki, record)),
        policy: loadShippedPolicy('ouranos', 'catena-x'),
      }),
    );
    expect(error.code).toBe('KH_POLICY_LEAK_GUARD');
    expect(error.details).toMatchObject({ terms: [expect.objectContaining({ name: 'kh:supplierName' })] });
  });

  test('the opened token is not changed by the pipeline (it can be presented again)', () => {
    const opened = openSdJwt(issue(pki, sampleRecord()));
    const before = JSON.stringify(opened);
    const policy = loadShippedPolicy('ouranos', 'catena-x');
    const first = applyDisclosurePolicy({ opened, policy });
    expect(JSON.stringify(opened)).toBe(before);
    expect(applyDisclosurePolicy({ opened, policy })).toEqual(first);
  });
});

describe('compiled decisions per policy and path template', () => {
  test('seed records: the cached decisions give the same evaluation as decisions compiled afresh', () => {
    for (const [source, target] of PAIRS) {
      const policy = loadShippedPolicy(source, target);
      for (const token of seedTokens(source, 6)) {
        const { disclosures } = openSdJwt(token);
        const cached = evaluatePolicy(disclosures, policy);
        const fresh = evaluatePolicy(disclosures, policy, { resolveTerm: freshResolver() });
        expect(cached.report).toEqual(fresh.report);
        expect([...cached.keptDigests]).toEqual([...fresh.keptDigests]);
        expect(cached.withheldClaims).toEqual(fresh.withheldClaims);
        expect(cached.report.withheldCount).toBeGreaterThan(0);
      }
    }
  });

  test('a second record of the same shape resolves no term again', () => {
    const calls: Array<ReadonlyArray<string | number>> = [];
    const counting: TermResolver = (path) => {
      calls.push(path);
      return termIriAt(path);
    };
    const policy = loadShippedPolicy('catena-x', 'ouranos');
    const [a, b] = seedTokens('catena-x', 2).map((t) => openSdJwt(t).disclosures);
    const first = evaluatePolicy(a!, policy, { resolveTerm: counting });
    expect(calls.length).toBeGreaterThan(0);
    calls.length = 0;
    const again = evaluatePolicy(a!, policy, { resolveTerm: counting });
    expect(calls).toEqual([]);
    expect(again.report).toEqual(first.report);
    const other = evaluatePolicy(b!, policy, { resolveTerm: counting });
    expect(other.report).toEqual(evaluatePolicy(b!, policy, { resolveTerm: freshResolver() }).report);
  });

  test('decisions cached for one policy do not leak into another', () => {
    const { disclosures } = openSdJwt(issue(pki, sampleRecord(), batteryRecordFrame));
    const toCx = loadShippedPolicy('ouranos', 'catena-x');
    const strict = loadShippedPolicy('catena-x', 'ouranos');
    const resolveTerm = freshResolver();
    const first = evaluatePolicy(disclosures, toCx, { resolveTerm });
    const other = evaluatePolicy(disclosures, strict, { resolveTerm });
    const back = evaluatePolicy(disclosures, toCx, { resolveTerm });
    expect(back.report).toEqual(first.report);
    expect(back.withheldClaims).toEqual(first.withheldClaims);
    expect(other.report).toEqual(
      evaluatePolicy(disclosures, strict, { resolveTerm: freshResolver() }).report,
    );
    expect(other.report.policyId).not.toBe(first.report.policyId);
  });

  test('a different sensitive-term set is its own cache entry', () => {
    const { disclosures } = openSdJwt(issue(pki, sampleRecord(), batteryRecordFrame));
    const policy = loadShippedPolicy('ouranos', 'catena-x');
    const resolveTerm = freshResolver();
    const usual = evaluatePolicy(disclosures, policy, { resolveTerm });
    const none = evaluatePolicy(disclosures, policy, { resolveTerm, sensitiveTerms: new Set() });
    expect(none.withheldClaims.every((c) => c.sensitive === (c.reason !== 'not-in-policy'))).toBe(true);
    expect(none.report).toEqual(usual.report);
    expect(evaluatePolicy(disclosures, policy, { resolveTerm }).withheldClaims).toEqual(usual.withheldClaims);
  });
});

describe('the leak guard searches, against their plain forms', () => {
  const text = fc.string({
    unit: fc.constantFrom('a', 'B', 'é', 'e\u0301', 'ß', 'Σ', 'ς', ' ', '-', '1', 'f', '\u0000', '"', '😀'),
    maxLength: 60,
  });

  test('searchMany finds exactly what indexOf finds', () => {
    fc.assert(
      fc.property(text, fc.array(text, { minLength: 1, maxLength: 8 }), (hay, raw) => {
        const needles = raw.map((n, i) => (n.length === 0 ? hay.slice(i, i + 7) || 'x' : n));
        const evenOnly = (_i: number, at: number) => at % 2 === 0;
        const found = searchMany(hay, needles, evenOnly);
        needles.forEach((needle, i) => {
          let expected = false;
          for (let at = hay.indexOf(needle); at >= 0 && !expected; at = hay.indexOf(needle, at + 1)) {
            expected = at % 2 === 0;
          }
          expect(found.has(i)).toBe(expected);
        });
      }),
      { numRuns: 400 },
    );
  });

  test('withoutUuids equals the UUID regular expression replace', () => {
    const uuidish = fc.constantFrom(
      '123e4567-e89b-12d3-a456-426614174000',
      '123E4567-E89B-12D3-A456-426614174000',
      '23e4567-e89b-12d3-a456-42661417400',
      '-',
      'abcdef01',
      '0',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(text, uuidish), { maxLength: 8 }), (pieces) => {
        const joined = pieces.join('');
        expect(withoutUuids(joined)).toBe(joined.replace(UUID, ' '));
      }),
      { numRuns: 400 },
    );
  });

  test('normalising NUL-joined texts equals joining the normalised texts', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), (pieces) => {
        expect(normaliseText(pieces.join('\u0000'))).toBe(pieces.map(normaliseText).join('\u0000'));
      }),
      { numRuns: 400 },
    );
  });
});
