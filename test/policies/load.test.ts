/** Loading policies: the shipped ones load, every bad-policy path is rejected with its code and pointer. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPolicy, loadShippedPolicy, POLICY_ERROR_CODES, shippedPolicyPath } from '../../policies';
import jsonld from 'jsonld';
import { documentLoader } from '../../schemas/document-loader';
import { kakehashiTermIris } from '../../schemas/vocabulary';
import { caught, codeOf } from './helpers';

const KH = 'https://w3id.org/kakehashi/vocab#';

function minimal(): Record<string, unknown> {
  return {
    '@context': 'https://w3id.org/kakehashi/policy/v1',
    id: 'urn:kakehashi:policy:test:1',
    type: 'DisclosurePolicy',
    peer: { platform: 'catena-x', nodeId: 'urn:kakehashi:node:catena-x:cx-node-1' },
    discloses: ['kh:supplyChain', `${KH}supplierRelation`],
    withholds: [{ term: 'kh:supplierName', reason: 'supplier-identity' }],
    certifications: { mode: 'withhold' },
  };
}

function withChange(change: (doc: Record<string, unknown>) => void): Record<string, unknown> {
  const doc = minimal();
  change(doc);
  return doc;
}

describe('loading a policy', () => {
  test('a minimal policy compiles: terms expanded, reasons kept, peer and certifications carried', () => {
    const policy = loadPolicy(minimal());
    expect([...policy.discloses]).toEqual([`${KH}supplyChain`, `${KH}supplierRelation`]);
    expect(policy.withholds.get(`${KH}supplierName`)).toBe('supplier-identity');
    expect(policy.peer).toEqual({ platform: 'catena-x', nodeId: 'urn:kakehashi:node:catena-x:cx-node-1' });
    expect(policy.certifications).toEqual({ mode: 'withhold' });
    expect(policy.source).toBe('inline');
  });

  test('a policy may name a reason of its own (kebab-case)', () => {
    const doc = withChange((d) => {
      d.withholds = [{ term: 'kh:economicOperatorId', reason: 'trade-secret' }];
    });
    expect(loadPolicy(doc).withholds.get(`${KH}economicOperatorId`)).toBe('trade-secret');
  });

  test('the same term withheld twice with the same reason is accepted', () => {
    const doc = withChange((d) => {
      d.withholds = [
        { term: 'kh:supplierName', reason: 'supplier-identity' },
        { term: `${KH}supplierName`, reason: 'supplier-identity' },
      ];
    });
    expect(loadPolicy(doc).withholds.size).toBe(1);
  });

  test('a policy file loads from disk and records its source', () => {
    const file = shippedPolicyPath('catena-x', 'ouranos');
    expect(loadPolicy(file).source).toBe(file);
  });
});

describe('bad policies are rejected at load', () => {
  const cases: Array<[string, (d: Record<string, unknown>) => void, string, string]> = [
    [
      'unknown disclosed term',
      (d) => (d.discloses = ['kh:supplyChain', 'kh:noSuchTerm']),
      'KH_POLICY_UNKNOWN_TERM',
      '/discloses/1',
    ],
    [
      'unknown withheld term',
      (d) => (d.withholds = [{ term: 'kh:supplierNickname', reason: 'supplier-identity' }]),
      'KH_POLICY_UNKNOWN_TERM',
      '/withholds/0/term',
    ],
    [
      'IRI outside the vocabulary',
      (d) => (d.discloses = ['https://schema.org/name']),
      'KH_POLICY_UNKNOWN_TERM',
      '/discloses/0',
    ],
    [
      'term with a foreign prefix',
      (d) => (d.discloses = ['schema:name']),
      'KH_POLICY_UNKNOWN_TERM',
      '/discloses/0',
    ],
    [
      'bare JSON key instead of a term',
      (d) => (d.discloses = ['supplyChain']),
      'KH_POLICY_UNKNOWN_TERM',
      '/discloses/0',
    ],
    [
      'term disclosed and withheld',
      (d) => (d.discloses = ['kh:supplierName']),
      'KH_POLICY_CONFLICT',
      '/withholds/0/term',
    ],
    [
      'term disclosed compact and withheld expanded',
      (d) => (d.withholds = [{ term: `${KH}supplyChain`, reason: 'supplier-identity' }]),
      'KH_POLICY_CONFLICT',
      '/withholds/0/term',
    ],
    [
      'term withheld twice for different reasons',
      (d) =>
        (d.withholds = [
          { term: 'kh:supplierName', reason: 'supplier-identity' },
          { term: 'kh:supplierName', reason: 'trade-secret' },
        ]),
      'KH_POLICY_CONFLICT',
      '/withholds/1/reason',
    ],
    ['missing peer', (d) => delete d.peer, 'KH_POLICY_MISSING_PEER', '/peer'],
    [
      'peer without node id',
      (d) => (d.peer = { platform: 'catena-x' }),
      'KH_POLICY_MISSING_PEER',
      '/peer/nodeId',
    ],
    [
      'peer without platform',
      (d) => (d.peer = { nodeId: 'urn:x:y' }),
      'KH_POLICY_MISSING_PEER',
      '/peer/platform',
    ],
    [
      'unknown peer platform',
      (d) => (d.peer = { platform: 'gaia-x', nodeId: 'urn:x:y' }),
      'KH_POLICY_INVALID',
      '/peer/platform',
    ],
    ['missing @context', (d) => delete d['@context'], 'KH_POLICY_INVALID_JSONLD', '/@context'],
    [
      'foreign @context',
      (d) => (d['@context'] = 'https://www.w3.org/ns/odrl.jsonld'),
      'KH_POLICY_INVALID_JSONLD',
      '/@context',
    ],
    [
      'extra @context',
      (d) => (d['@context'] = ['https://w3id.org/kakehashi/policy/v1', { kh: 'https://evil.example/#' }]),
      'KH_POLICY_INVALID_JSONLD',
      '/@context',
    ],
    ['raw JSON-LD keyword', (d) => (d['@id'] = 'urn:x:y'), 'KH_POLICY_INVALID_JSONLD', '/@id'],
    [
      'reason not kebab-case',
      (d) => (d.withholds = [{ term: 'kh:supplierName', reason: 'Supplier Identity' }]),
      'KH_POLICY_INVALID_REASON',
      '/withholds/0/reason',
    ],
    [
      'reserved reason',
      (d) => (d.withholds = [{ term: 'kh:supplierName', reason: 'not-in-policy' }]),
      'KH_POLICY_INVALID_REASON',
      '/withholds/0/reason',
    ],
    [
      'reason not a string',
      (d) => (d.withholds = [{ term: 'kh:supplierName', reason: 7 }]),
      'KH_POLICY_INVALID',
      '/withholds/0/reason',
    ],
    ['wrong type', (d) => (d.type = 'Policy'), 'KH_POLICY_INVALID', '/type'],
    ['unknown member', (d) => (d.allowEverything = true), 'KH_POLICY_INVALID', ''],
    ['discloses not a list', (d) => (d.discloses = 'kh:supplyChain'), 'KH_POLICY_INVALID', '/discloses'],
    ['missing withholds', (d) => delete d.withholds, 'KH_POLICY_INVALID', '/withholds'],
    [
      'MRA mode without agreement',
      (d) => (d.certifications = { mode: 'mutual-recognition' }),
      'KH_POLICY_INVALID',
      '/certifications/agreement',
    ],
    [
      'unknown certification mode',
      (d) => (d.certifications = { mode: 'accept-all' }),
      'KH_POLICY_INVALID',
      '/certifications/mode',
    ],
  ];

  test.each(cases)('%s', (_label, change, code, where) => {
    const error = caught(() => loadPolicy(withChange(change)));
    expect(error.code).toBe(code);
    expect(error.where).toBe(where);
    expect(Object.keys(POLICY_ERROR_CODES)).toContain(code);
  });

  test('a document that is not an object', () => {
    expect(codeOf(() => loadPolicy([minimal()]))).toBe('KH_POLICY_INVALID_JSONLD');
  });

  describe('from files', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-policy-'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('a file that is not JSON', () => {
      const file = path.join(dir, 'broken.jsonld');
      fs.writeFileSync(file, '{"@context": "https://w3id.org/kakehashi/policy/v1", ');
      const error = caught(() => loadPolicy(file));
      expect(error.code).toBe('KH_POLICY_INVALID_JSONLD');
      expect(error.where).toBe(file);
    });

    test('a missing file', () => {
      expect(codeOf(() => loadPolicy(path.join(dir, 'absent.jsonld')))).toBe('KH_POLICY_NOT_FOUND');
    });

    test('a bad file names its source in the details', () => {
      const file = path.join(dir, 'no-peer.jsonld');
      fs.writeFileSync(file, JSON.stringify(withChange((d) => delete d.peer)));
      const error = caught(() => loadPolicy(file));
      expect(error.code).toBe('KH_POLICY_MISSING_PEER');
      expect(error.details).toMatchObject({ source: file });
    });
  });
});

describe('the shipped policies', () => {
  const directions = [
    ['ouranos', 'catena-x'],
    ['catena-x', 'ouranos'],
  ] as const;

  test.each(directions)('%s → %s loads and serves the right peer', (source, target) => {
    const policy = loadShippedPolicy(source, target);
    expect(policy.peer.platform).toBe(target);
    expect(policy.certifications.mode).toBe('mutual-recognition');
  });

  test.each(directions)(
    '%s → %s withholds every supplier identity and procurement volume term',
    (source, target) => {
      const policy = loadShippedPolicy(source, target);
      const identity = [
        'supplierName',
        'supplierIdentifier',
        'suppliedItemId',
        'originSiteName',
        'originSiteIdentifier',
      ];
      const volume = [
        'procurementVolume',
        'procurementQuantity',
        'procurementUnit',
        'procurementPeriod',
        'procurementPeriodStart',
        'procurementPeriodEnd',
      ];
      for (const t of identity) expect(policy.withholds.get(KH + t)).toBe('supplier-identity');
      for (const t of volume) expect(policy.withholds.get(KH + t)).toBe('procurement-volume');
    },
  );

  test.each(directions)(
    '%s → %s names every property of the vocabulary (nothing left to default deny)',
    (source, target) => {
      const policy = loadShippedPolicy(source, target);
      const properties = [...kakehashiTermIris()].filter(
        (iri) => /^[a-z0-9]/.test(iri.slice(KH.length)) && iri.length > KH.length,
      );
      const unnamed = properties.filter((iri) => !policy.discloses.has(iri) && !policy.withholds.has(iri));
      expect(unnamed).toEqual([]);
      for (const t of [
        'originCountry',
        'originSiteType',
        'carbonFootprint',
        'carbonFootprintValue',
        'supplierRelation',
        'supplierTier',
        'suppliedMaterial',
      ]) {
        expect(policy.discloses.has(KH + t)).toBe(true);
      }
    },
  );

  test.each(directions)(
    '%s → %s: JSON-LD expansion (offline) gives the same IRIs the loader compiled',
    async (source, target) => {
      const file = shippedPolicyPath(source, target);
      const doc: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      const [expanded] = (await jsonld.expand(doc as jsonld.JsonLdDocument, {
        documentLoader: documentLoader as never,
      })) as Array<Record<string, Array<Record<string, unknown>>>>;
      const P = 'https://w3id.org/kakehashi/policy#';
      const disclosed = (expanded[`${P}discloses`] ?? []).map((n) => n['@id']);
      const withheld = (expanded[`${P}withholds`] ?? []).map(
        (n) => (n[`${P}term`] as Array<{ '@id': string }>)[0]['@id'],
      );
      const policy = loadPolicy(file);
      expect(new Set(disclosed)).toEqual(policy.discloses);
      expect(new Set(withheld)).toEqual(new Set(policy.withholds.keys()));
    },
  );
});
