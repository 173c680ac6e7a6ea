/** The engine over abstract claim lists (a stub resolver) and over real SD-JWT disclosures (the vocabulary). */
import { listDisclosures } from '../../certs/sd-jwt';
import {
  evaluatePolicy,
  loadPolicy,
  loadShippedPolicy,
  type PolicyDisclosure,
  type TermResolver,
} from '../../policies';
import {
  issue,
  makePki,
  sampleRecord,
  SUPPLIER_ID,
  SUPPLIER_NAME,
  TIER2_NAME,
  type PolicyPki,
} from './helpers';

const KH = 'https://w3id.org/kakehashi/vocab#';

/** A stub vocabulary: key → IRI, array indices transparent; `vendorLabel` is a renamed supplier name. */
const STUB: Record<string, string> = {
  supplyChain: `${KH}supplyChain`,
  suppliers: `${KH}supplierRelation`,
  tier: `${KH}supplierTier`,
  supplierName: `${KH}supplierName`,
  vendorLabel: `${KH}supplierName`,
  supplierIdentifier: `${KH}supplierIdentifier`,
  procurementVolume: `${KH}procurementVolume`,
  quantity: `${KH}procurementQuantity`,
  suppliedMaterial: `${KH}suppliedMaterial`,
  materialOrigin: `${KH}materialOrigin`,
  originCountry: `${KH}originCountry`,
  chemistry: `${KH}batteryChemistry`,
  economicOperatorId: `${KH}economicOperatorId`,
  type: '@type',
};
const resolveTerm: TermResolver = (path) => {
  const last = [...path].reverse().find((s): s is string => typeof s === 'string');
  return last === undefined ? undefined : STUB[last];
};

function policy(discloses: string[], withholds: Array<[string, string]> = []) {
  return loadPolicy({
    '@context': 'https://w3id.org/kakehashi/policy/v1',
    id: 'urn:kakehashi:policy:test:1',
    type: 'DisclosurePolicy',
    peer: { platform: 'catena-x', nodeId: 'urn:kakehashi:node:catena-x:cx-node-1' },
    discloses,
    withholds: withholds.map(([term, reason]) => ({ term, reason })),
    certifications: { mode: 'withhold' },
  });
}

let n = 0;
const d = (path: Array<string | number>, value: unknown): PolicyDisclosure => ({
  digest: `dg${(n += 1)}`,
  path,
  value,
});

const SHIPPED_LIKE = policy(
  [
    'kh:supplyChain',
    'kh:supplierRelation',
    'kh:supplierTier',
    'kh:suppliedMaterial',
    'kh:materialOrigin',
    'kh:originCountry',
    'kh:batteryChemistry',
  ],
  [
    ['kh:supplierName', 'supplier-identity'],
    ['kh:supplierIdentifier', 'supplier-identity'],
    ['kh:procurementVolume', 'procurement-volume'],
  ],
);

describe('engine over an abstract claim list', () => {
  test('default deny: a term the policy does not name is withheld and reported as not-in-policy', () => {
    const claims = [
      d(['credentialSubject', 'chemistry'], 'NMC811'),
      d(['credentialSubject', 'economicOperatorId'], 'T999'),
    ];
    const result = evaluatePolicy(claims, SHIPPED_LIKE, { resolveTerm });
    expect(result.keep(claims[0])).toBe(true);
    expect(result.keep(claims[1])).toBe(false);
    expect(result.report.withheld).toEqual([
      { term: `${KH}economicOperatorId`, name: 'kh:economicOperatorId', reason: 'not-in-policy', count: 1 },
    ]);
    expect(result.report).toMatchObject({
      disclosedCount: 1,
      withheldCount: 1,
      policyId: 'urn:kakehashi:policy:test:1',
    });
  });

  test('a key that maps to no term is withheld (not-in-policy) and reported by its key, not its value', () => {
    const claims = [d(['credentialSubject', 'secretNotes'], 'ask Kitakami for 40% off')];
    const result = evaluatePolicy(claims, SHIPPED_LIKE, { resolveTerm });
    expect(result.keep(claims[0])).toBe(false);
    expect(result.report.withheld).toEqual([
      { term: null, name: 'secretNotes', reason: 'not-in-policy', count: 1 },
    ]);
    expect(JSON.stringify(result.report)).not.toContain('Kitakami');
  });

  test('a renamed field whose IRI is sensitive is withheld with the sensitive reason', () => {
    const claims = [
      d(['credentialSubject', 'supplyChain'], {}),
      d(['credentialSubject', 'supplyChain', 'vendorLabel'], 'ACME'),
    ];
    const result = evaluatePolicy(claims, SHIPPED_LIKE, { resolveTerm });
    expect(result.keep(claims[0])).toBe(true);
    expect(result.keep(claims[1])).toBe(false);
    expect(result.withheldClaims[0]).toMatchObject({
      term: `${KH}supplierName`,
      reason: 'supplier-identity',
      sensitive: true,
    });
  });

  test('a disclosed container keeps itself; its members are evaluated one by one', () => {
    const sc = ['credentialSubject', 'supplyChain'];
    const claims = [
      d(sc, {}),
      d([...sc, 'suppliers'], []),
      d([...sc, 'suppliers', 0], {}),
      d([...sc, 'suppliers', 0, 'tier'], 1),
      d([...sc, 'suppliers', 0, 'supplierName'], 'ACME'),
      d([...sc, 'suppliers', 0, 'materialOrigin'], {}),
      d([...sc, 'suppliers', 0, 'materialOrigin', 'originCountry'], 'JP'),
    ];
    const result = evaluatePolicy(claims, SHIPPED_LIKE, { resolveTerm });
    expect(claims.map((c) => result.keep(c))).toEqual([true, true, true, true, false, true, true]);
  });

  test('a withheld container withholds everything inside it, whatever the inner terms', () => {
    const pv = ['credentialSubject', 'supplyChain', 'suppliers', 0, 'procurementVolume'];
    const claims = [d(pv, {}), d([...pv, 'quantity'], 120.5), d([...pv, 'chemistry'], 'NMC')];
    const result = evaluatePolicy(claims, SHIPPED_LIKE, { resolveTerm });
    expect(claims.map((c) => result.keep(c))).toEqual([false, false, false]);
    expect(result.report.withheld).toEqual([
      {
        term: `${KH}procurementVolume`,
        name: 'kh:procurementVolume',
        reason: 'procurement-volume',
        count: 3,
      },
    ]);
    expect(result.withheldClaims.every((c) => c.sensitive)).toBe(true);
  });

  test('a container withheld by default deny withholds its members; a named inner term keeps its own reason', () => {
    const oc = ['credentialSubject', 'otherChain'];
    const claims = [d(oc, {}), d([...oc, 'chemistry'], 'NMC'), d([...oc, 'supplierName'], 'ACME')];
    const result = evaluatePolicy(claims, SHIPPED_LIKE, { resolveTerm });
    expect(claims.map((c) => result.keep(c))).toEqual([false, false, false]);
    expect(result.withheldClaims.map((c) => [c.name, c.reason, c.sensitive])).toEqual([
      ['otherChain', 'not-in-policy', false],
      ['otherChain', 'not-in-policy', false],
      ['kh:supplierName', 'supplier-identity', true],
    ]);
  });

  test('array elements follow the term of their array', () => {
    const sup = ['credentialSubject', 'supplyChain', 'suppliers'];
    const claims = [
      d(['credentialSubject', 'supplyChain'], {}),
      d(sup, []),
      d([...sup, 0], 'a'),
      d([...sup, 1], 'b'),
    ];
    const kept = evaluatePolicy(claims, SHIPPED_LIKE, { resolveTerm });
    expect(claims.map((c) => kept.keep(c))).toEqual([true, true, true, true]);
    const names = [
      d(['credentialSubject', 'supplierName'], []),
      d(['credentialSubject', 'supplierName', 0], 'ACME'),
    ];
    const withheld = evaluatePolicy(names, SHIPPED_LIKE, { resolveTerm });
    expect(names.map((c) => withheld.keep(c))).toEqual([false, false]);
    expect(withheld.report.withheld[0]).toMatchObject({ name: 'kh:supplierName', count: 2 });
  });

  test('a kept claim whose value carries a plain (not separately disclosable) denied member is withheld', () => {
    const claims = [d(['credentialSubject', 'supplyChain'], { supplierName: 'ACME', _sd: ['x'] })];
    const result = evaluatePolicy(claims, SHIPPED_LIKE, { resolveTerm });
    expect(result.keep(claims[0])).toBe(false);
    expect(result.withheldClaims[0]).toMatchObject({ name: 'kh:supplierName', reason: 'supplier-identity' });
  });

  test('members that are disclosures of their own do not count as plain members of their container', () => {
    const claims = [
      d(['credentialSubject', 'supplyChain'], { supplierName: 'ACME', type: 'SupplyChain' }),
      d(['credentialSubject', 'supplyChain', 'supplierName'], 'ACME'),
    ];
    const result = evaluatePolicy(claims, SHIPPED_LIKE, { resolveTerm });
    expect(claims.map((c) => result.keep(c))).toEqual([true, false]);
  });

  test('the report is the same whatever the order of the disclosures', () => {
    const pv = ['credentialSubject', 'supplyChain', 'procurementVolume'];
    const claims = [d([...pv, 'quantity'], 1), d(pv, {}), d(['credentialSubject', 'supplyChain'], {})];
    const a = evaluatePolicy(claims, SHIPPED_LIKE, { resolveTerm });
    const b = evaluatePolicy([...claims].reverse(), SHIPPED_LIKE, { resolveTerm });
    expect(a.report).toEqual(b.report);
    expect(a.keep(claims[0])).toBe(false);
  });

  test('two disclosures with one digest are refused', () => {
    const one = d(['credentialSubject', 'chemistry'], 'x');
    expect(() => evaluatePolicy([one, { ...one }], SHIPPED_LIKE, { resolveTerm })).toThrow(
      expect.objectContaining({ code: 'KH_POLICY_INCONSISTENT_DISCLOSURES' }),
    );
  });
});

describe('engine over real disclosures and the vocabulary', () => {
  let pki: PolicyPki;
  beforeAll(() => {
    pki = makePki();
  });

  test("the shipped policy withholds the sample record's supplier identities and procurement volumes, keeps the passport", () => {
    const views = listDisclosures(issue(pki, sampleRecord()));
    const result = evaluatePolicy(views, loadShippedPolicy('ouranos', 'catena-x'));
    const withheldKeys = new Set(
      result.withheldClaims.map((c) =>
        views
          .find((v) => v.digest === c.digest)
          ?.path.filter((s) => typeof s === 'string')
          .pop(),
      ),
    );
    expect(withheldKeys).toEqual(
      new Set([
        'supplierName',
        'supplierIdentifier',
        'suppliedItemId',
        'originSiteName',
        'originSiteIdentifier',
        'procurementVolume',
        'quantity',
        'unit',
        'period',
        'start',
        'end',
      ]),
    );
    for (const v of views) {
      const sensitive = v.path.some(
        (s) =>
          typeof s === 'string' &&
          [
            'supplierName',
            'supplierIdentifier',
            'suppliedItemId',
            'originSiteName',
            'originSiteIdentifier',
            'procurementVolume',
          ].includes(s),
      );
      expect([v.path.join('/'), result.keep(v)]).toEqual([v.path.join('/'), !sensitive]);
    }
    const report = JSON.stringify(result.report);
    for (const secret of [SUPPLIER_NAME, SUPPLIER_ID, TIER2_NAME, '1250.5', 'TNE'])
      expect(report).not.toContain(secret);
  });

  test('same key, different IRIs: procurement "unit" is withheld while the weight\'s "unit" is disclosed', () => {
    const views = listDisclosures(issue(pki, sampleRecord()));
    const result = evaluatePolicy(
      views,
      policy(
        [
          'kh:characteristics',
          'kh:physicalDimension',
          'kh:weight',
          'kh:unit',
          'kh:value',
          'kh:supplyChain',
          'kh:supplierRelation',
          'kh:procurementVolume',
          'kh:procurementQuantity',
        ],
        [['kh:procurementUnit', 'procurement-volume']],
      ),
    );
    const byPath = (p: string) => views.find((v) => v.path.join('/') === p);
    const weightUnit = byPath('credentialSubject/characteristics/physicalDimension/weight/unit');
    const procurementUnit = byPath('credentialSubject/supplyChain/suppliers/0/procurementVolume/unit');
    const quantity = byPath('credentialSubject/supplyChain/suppliers/0/procurementVolume/quantity');
    expect(weightUnit && result.keep(weightUnit)).toBe(true);
    expect(procurementUnit && result.keep(procurementUnit)).toBe(false);
    expect(quantity && result.keep(quantity)).toBe(true);
  });
});
