/**
 * The product disclosure frame (`batteryRecordFrame`), the loader rule that goes with it
 * (`KH_POLICY_TERM_NOT_DISCLOSABLE`), the decode-once pipeline's leak-guard view, and exact number matching.
 */
import { createHash, randomBytes } from 'node:crypto';
import { openSdJwt, derivePresentation, listDisclosures } from '../../certs/sd-jwt';
import { catenaXToCanonical } from '../../adapters/catena-x';
import { ouranosToCanonical } from '../../adapters/ouranos';
import type { CanonicalRecord } from '../../adapters/canonical/types';
import {
  applyDisclosurePolicy,
  batteryRecordFrame,
  compileLeakNeedles,
  decodeDerivedPresentation,
  decodePresentation,
  evaluatePolicy,
  findLeaks,
  INLINE_TERM_IRIS,
  isWithholdableTerm,
  KH_VOCAB,
  loadPolicy,
  loadShippedPolicy,
  type LeakCandidate,
} from '../../policies';
import { SENSITIVE_TERM_IRIS, termIriAt } from '../../schemas/vocabulary';
import { generateRecords } from '../../seeds/generator';
import { caught, issue, keyBinding, makePki, sampleRecord, type PolicyPki } from './helpers';

type Path = ReadonlyArray<string | number>;
const key = (p: Path) => JSON.stringify(p);
const termPathOf = (p: Path): Path => {
  let end = p.length;
  while (end > 0 && typeof p[end - 1] === 'number') end -= 1;
  return p.slice(0, end);
};

/** Every claim path under credentialSubject (object members and array elements). */
function claimPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...path, i]);
      out.push(...claimPaths(v, [...path, i]));
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([...path, k]);
      out.push(...claimPaths(v, [...path, k]));
    }
  }
  return out;
}

const records = (): CanonicalRecord[] => [
  sampleRecord(),
  ...generateRecords('catena-x', 6, 11).map((r) => catenaXToCanonical(r)),
  ...generateRecords('ouranos', 6, 11).map((r) => ouranosToCanonical(r)),
];

let pki: PolicyPki;
beforeAll(() => {
  pki = makePki();
});

describe('batteryRecordFrame', () => {
  test('every claim whose term a policy may withhold gets its own disclosure; inline terms do not', () => {
    for (const record of records()) {
      const disclosed = new Set(
        listDisclosures(issue(pki, record, batteryRecordFrame)).map((d) => key(d.path)),
      );
      const subjectPaths = claimPaths(record.credentialSubject, ['credentialSubject']).filter(
        (p) => !(p.length === 2 && (p[1] === 'id' || p[1] === 'type')),
      );
      let inline = 0;
      for (const p of subjectPaths) {
        const iri = termIriAt(termPathOf(p));
        const element = typeof p[p.length - 1] === 'number';
        if (element) {
          const expected = iri === `${KH_VOCAB}supplierRelation` || SENSITIVE_TERM_IRIS.includes(iri ?? '');
          expect([key(p), disclosed.has(key(p))]).toEqual([key(p), expected]);
        } else if (iri === undefined || isWithholdableTerm(iri)) {
          expect([key(p), disclosed.has(key(p))]).toEqual([key(p), true]);
        } else {
          inline += 1;
          expect(disclosed.has(key(p))).toBe(false);
        }
      }
      if (record.credentialSubject.characteristics?.physicalDimension) expect(inline).toBeGreaterThan(0);
    }
  });

  test('sensitive terms are never inline; envelope claims are never disclosable', () => {
    for (const iri of SENSITIVE_TERM_IRIS) expect(isWithholdableTerm(iri)).toBe(true);
    expect(batteryRecordFrame(['issuer'])).toBe('inline');
    expect(batteryRecordFrame(['credentialSubject', 'batteryColour'])).toBe('disclosable');
    expect(batteryRecordFrame(['credentialSubject', 'supplyChain', 'suppliers', 0])).toBe('disclosable');
    expect(
      batteryRecordFrame(['credentialSubject', 'characteristics', 'physicalDimension', 'weight', 'value']),
    ).toBe('inline');
  });

  test('each inline term is generic: the same IRI appears under several parent terms in generated records', () => {
    const parents = new Map<string, Set<string>>();
    for (const record of records()) {
      for (const p of claimPaths(record.credentialSubject, ['credentialSubject'])) {
        if (typeof p[p.length - 1] === 'number') continue;
        const iri = termIriAt(p);
        if (iri === undefined || !INLINE_TERM_IRIS.has(iri)) continue;
        const parent = termIriAt(termPathOf(p.slice(0, -1))) ?? '?';
        parents.set(iri, (parents.get(iri) ?? new Set()).add(parent));
      }
    }
    expect(parents.size).toBeGreaterThan(10);
    // MaterialIdentifier members are defined under two scoped contexts (materialIdentification, composition
    // `id`); generated records may use only one of them.
    const materialIdentifier = ['materialIdentifier', 'materialIdentifierType', 'materialName'].map(
      (t) => KH_VOCAB + t,
    );
    for (const [iri, of] of parents) {
      expect([iri, of.size >= 2 || materialIdentifier.includes(iri)]).toEqual([iri, true]);
    }
  });

  test('it cuts the disclosures of a generated record by more than half', () => {
    const record = records()[1];
    const all = listDisclosures(issue(pki, record)).length;
    const framed = listDisclosures(issue(pki, record, batteryRecordFrame)).length;
    expect(framed * 2).toBeLessThan(all);
  });
});

describe('loader: only withholdable terms may be withheld by name', () => {
  const doc = (
    withholds: { term: string; reason: string }[],
    discloses: string[] = ['kh:characteristics'],
  ) => ({
    '@context': 'https://w3id.org/kakehashi/policy/v1',
    id: 'urn:kakehashi:policy:test:1',
    type: 'DisclosurePolicy',
    peer: { platform: 'catena-x', nodeId: 'urn:kakehashi:node:catena-x:cx-node-1' },
    discloses,
    withholds,
    certifications: { mode: 'withhold' },
  });

  test('withholding a generic inline term is refused with its pointer', () => {
    const err = caught(() =>
      loadPolicy(
        doc([
          { term: 'kh:supplierName', reason: 'supplier-identity' },
          { term: 'kh:value', reason: 'trade-secret' },
        ]),
      ),
    );
    expect(err.code).toBe('KH_POLICY_TERM_NOT_DISCLOSABLE');
    expect(err.where).toBe('/withholds/1/term');
  });

  test('disclosing an inline term is fine; withholding its parent is fine', () => {
    const policy = loadPolicy(doc([{ term: 'kh:weight', reason: 'trade-secret' }], ['kh:value', 'kh:unit']));
    expect(policy.withholds.has(`${KH_VOCAB}weight`)).toBe(true);
    expect(policy.discloses.has(`${KH_VOCAB}value`)).toBe(true);
  });

  test('a node issuing with another frame can widen the rule (withholdable option)', () => {
    const policy = loadPolicy(doc([{ term: 'kh:value', reason: 'trade-secret' }]), {
      withholdable: () => true,
    });
    expect(policy.withholds.get(`${KH_VOCAB}value`)).toBe('trade-secret');
  });

  test('both shipped policies load (they withhold only withholdable terms)', () => {
    expect(loadShippedPolicy('ouranos', 'catena-x').withholds.size).toBeGreaterThan(0);
    expect(loadShippedPolicy('catena-x', 'ouranos').withholds.size).toBeGreaterThan(0);
  });
});

describe('decode once: the leak guard view of a derived presentation', () => {
  test('equals the view decoded from the presentation bytes, and finds the same leaks', () => {
    const record = sampleRecord();
    record.credentialSubject.sustainability!.carbonFootprint![0].lifecycle =
      'main product production at Kitakami Cathode Works K.K.';
    const policy = loadShippedPolicy('ouranos', 'catena-x');
    const opened = openSdJwt(issue(pki, record, batteryRecordFrame));
    const evaluation = evaluatePolicy(opened.disclosures, policy);
    const derived = derivePresentation(opened, { keep: evaluation.keep, keyBinding: keyBinding(pki) });
    const view = decodeDerivedPresentation(derived.presentation, derived);
    expect(view).toEqual(decodePresentation(derived.presentation));
    const needles = compileLeakNeedles(evaluation.withheldClaims);
    const hits = findLeaks(derived.presentation, needles, view);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits).toEqual(findLeaks(derived.presentation, needles));
    expect(
      caught(() =>
        applyDisclosurePolicy({
          sdJwt: issue(pki, record, batteryRecordFrame),
          policy,
          keyBinding: keyBinding(pki),
        }),
      ).code,
    ).toBe('KH_POLICY_LEAK_GUARD');
  });

  test('a view of another token is refused (fail-closed)', () => {
    const a = derivePresentation(openSdJwt(issue(pki, sampleRecord())), { keep: () => true });
    const b = issue(pki, sampleRecord());
    expect(
      caught(() => findLeaks(b, compileLeakNeedles([]), decodeDerivedPresentation(a.presentation, a))).code,
    ).toBe('KH_POLICY_LEAK_GUARD');
  });
});

describe('leak guard: exact number matching', () => {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  const token = (disclosed: unknown) => {
    const d = b64(JSON.stringify([randomBytes(16).toString('base64url'), 'note', disclosed]));
    const payload = { _sd: [createHash('sha256').update(d).digest('base64url')], iat: 1772366400 };
    return `${b64('{"alg":"PS256"}')}.${b64(JSON.stringify(payload))}.sig~${d}~`;
  };
  const volume = (value: number): LeakCandidate => ({
    term: `${KH_VOCAB}procurementQuantity`,
    name: 'kh:procurementQuantity',
    sensitive: true,
    value,
  });
  const hits = (disclosed: unknown, value: number) =>
    findLeaks(token(disclosed), compileLeakNeedles([volume(value)]));

  test('digit groups of a UUID are not quantities', () => {
    expect(hits('urn:uuid:83acf626-5cbb-4f0e-8800-6716b82322df', 8800)).toEqual([]);
    expect(hits({ id: 'urn:uuid:83acf626-5cbb-4f0e-8800-6716b82322df' }, 6716)).toEqual([]);
  });

  test('the same number anywhere else is a leak, by value and as a whole token', () => {
    expect(hits('8800 t of cathode', 8800)).toHaveLength(1);
    expect(hits('ref 0000-8800', 8800)).toHaveLength(1);
    expect(hits(8800.0, 8800)).toHaveLength(1);
    expect(hits('8.8e3', 8800)).toHaveLength(1);
    expect(hits('88000', 8800)).toEqual([]);
    expect(hits('464.55', 464.5)).toEqual([]);
    expect(hits({ weight: 464.5 }, 464.5)).toHaveLength(1);
  });
});
