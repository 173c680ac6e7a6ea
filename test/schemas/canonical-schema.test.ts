import { canonicalSchemaViolations, isCalendarDate, isCalendarDateTime } from '../../schemas/validators';
import { catenaXToCanonical } from '../../adapters/catena-x';
import { validateCanonical } from '../../adapters/canonical';
import { correctedExample, deleteAt, sampleCompanion, setAt } from '../adapters/catena-x/fixtures';

type Doc = Record<string, unknown>;

function base(): Doc {
  return JSON.parse(
    JSON.stringify(catenaXToCanonical({ batteryPass: correctedExample(), supplyChain: sampleCompanion() })),
  ) as Doc;
}

function invalidAt(doc: Doc): { pointer: string; rule: string }[] {
  try {
    validateCanonical(doc);
  } catch (err) {
    const e = err as { code: string; details: { errors: { pointer: string; rule: string }[] } };
    expect(e.code).toBe('KH_SCHEMA_INVALID');
    return e.details.errors.map(({ pointer, rule }) => ({ pointer, rule }));
  }
  throw new Error('expected KH_SCHEMA_INVALID');
}

describe('canonical record schema', () => {
  it('accepts a mapped record', () => {
    expect(canonicalSchemaViolations(base())).toEqual([]);
  });

  it('accepts a minimal record (envelope and provenance only)', () => {
    const doc = base();
    const provenance = (doc.credentialSubject as Doc).provenance;
    doc.credentialSubject = { id: 'urn:uuid:1', type: 'BatteryPassport', provenance };
    expect(canonicalSchemaViolations(doc)).toEqual([]);
  });

  it.each<[string, (d: Doc) => void, { pointer: string; rule: string }]>([
    [
      'missing provenance.recordId',
      (d) => deleteAt(d, '/credentialSubject/provenance/recordId'),
      { pointer: '/credentialSubject/provenance/recordId', rule: 'required' },
    ],
    ['missing issuer', (d) => deleteAt(d, '/issuer'), { pointer: '/issuer', rule: 'required' }],
    [
      'wrong @context',
      (d) => setAt(d, '/@context', ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kakehashi/v2']),
      { pointer: '/@context/1', rule: 'const' },
    ],
    [
      'bad subject type',
      (d) => setAt(d, '/credentialSubject/type', 'Battery'),
      { pointer: '/credentialSubject/type', rule: 'const' },
    ],
    [
      'bad source platform',
      (d) => setAt(d, '/credentialSubject/provenance/sourcePlatform', 'mars'),
      { pointer: '/credentialSubject/provenance/sourcePlatform', rule: 'enum' },
    ],
    [
      'string where a number is due',
      (d) => setAt(d, '/credentialSubject/materials/active/cobalt/recycled', '12'),
      { pointer: '/credentialSubject/materials/active/cobalt/recycled', rule: 'type' },
    ],
    [
      'recycled share over 100',
      (d) => setAt(d, '/credentialSubject/materials/active/cobalt/recycled', 101),
      { pointer: '/credentialSubject/materials/active/cobalt/recycled', rule: 'maximum' },
    ],
    [
      'impossible calendar date',
      (d) => setAt(d, '/credentialSubject/operation/manufacturer/manufacturingDate', '2023-02-29'),
      { pointer: '/credentialSubject/operation/manufacturer/manufacturingDate', rule: 'format' },
    ],
    [
      'impossible date in a date-time',
      (d) => setAt(d, '/credentialSubject/performance/dynamic/stateOfCharge/time', '2023-04-31T10:00:00Z'),
      { pointer: '/credentialSubject/performance/dynamic/stateOfCharge/time', rule: 'format' },
    ],
    [
      'undefined property in a section',
      (d) => setAt(d, '/credentialSubject/identification/colour', 'red'),
      { pointer: '/credentialSubject/identification/colour', rule: 'additionalProperties' },
    ],
    [
      'undefined property in the subject',
      (d) => setAt(d, '/credentialSubject/colour', 'red'),
      { pointer: '/credentialSubject/colour', rule: 'additionalProperties' },
    ],
    [
      'bad battery category',
      (d) => setAt(d, '/credentialSubject/identification/category', 'car'),
      { pointer: '/credentialSubject/identification/category', rule: 'enum' },
    ],
    [
      'bad procurement unit',
      (d) => setAt(d, '/credentialSubject/supplyChain/suppliers/0/procurementVolume/unit', 'unit:piece'),
      { pointer: '/credentialSubject/supplyChain/suppliers/0/procurementVolume/unit', rule: 'enum' },
    ],
    [
      'procurement volume without period',
      (d) => deleteAt(d, '/credentialSubject/supplyChain/suppliers/0/procurementVolume/period'),
      { pointer: '/credentialSubject/supplyChain/suppliers/0/procurementVolume/period', rule: 'required' },
    ],
    [
      'supplier without identifier',
      (d) => deleteAt(d, '/credentialSubject/supplyChain/suppliers/1/supplierIdentifier'),
      { pointer: '/credentialSubject/supplyChain/suppliers/1/supplierIdentifier', rule: 'required' },
    ],
    [
      'tier zero',
      (d) => setAt(d, '/credentialSubject/supplyChain/suppliers/1/tier', 0),
      { pointer: '/credentialSubject/supplyChain/suppliers/1/tier', rule: 'minimum' },
    ],
    [
      'lower-case origin country',
      (d) => setAt(d, '/credentialSubject/supplyChain/suppliers/2/materialOrigin/originCountry', 'cd'),
      { pointer: '/credentialSubject/supplyChain/suppliers/2/materialOrigin/originCountry', rule: 'pattern' },
    ],
    [
      'validFrom not a date-time',
      (d) => setAt(d, '/validFrom', '2024-01-01'),
      { pointer: '/validFrom', rule: 'format' },
    ],
    [
      'required member of a document reference',
      (d) => deleteAt(d, '/credentialSubject/conformity/declarationOfConformity/0/header'),
      { pointer: '/credentialSubject/conformity/declarationOfConformity/0/header', rule: 'required' },
    ],
  ])('rejects %s', (_name, mutate, expected) => {
    const doc = base();
    mutate(doc);
    expect(invalidAt(doc)).toContainEqual(expected);
  });

  it('checks calendar dates exactly', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('7172-75-08')).toBe(false);
    expect(isCalendarDate('2024-04-31')).toBe(false);
    expect(isCalendarDate('2024-12-31')).toBe(true);
    expect(isCalendarDate('2024-00-10')).toBe(false);
    expect(isCalendarDateTime('2023-12-07T10:39:13.576+01:00')).toBe(true);
    expect(isCalendarDateTime('2023-13-07T10:39:13Z')).toBe(false);
  });
});

describe('canonical record schema, presentation reading (allowWithheld)', () => {
  it('accepts a record with required claims withheld but still checks what is present', () => {
    const doc = base();
    deleteAt(doc, '/credentialSubject/provenance/recordId');
    deleteAt(doc, '/credentialSubject/supplyChain/suppliers/0/supplierIdentifier');
    deleteAt(doc, '/credentialSubject/supplyChain/suppliers/1/procurementVolume/quantity');
    expect(canonicalSchemaViolations(doc)).not.toEqual([]);
    expect(canonicalSchemaViolations(doc, { allowWithheld: true })).toEqual([]);
    setAt(doc, '/credentialSubject/supplyChain/suppliers/1/procurementVolume/unit', 'tonnes');
    setAt(doc, '/credentialSubject/colour', 'red');
    expect(
      canonicalSchemaViolations(doc, { allowWithheld: true }).map(({ pointer, rule }) => ({ pointer, rule })),
    ).toEqual([
      { pointer: '/credentialSubject/colour', rule: 'additionalProperties' },
      { pointer: '/credentialSubject/supplyChain/suppliers/1/procurementVolume/unit', rule: 'enum' },
    ]);
  });
});
