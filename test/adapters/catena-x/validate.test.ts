import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import { catenaXNativeViolations, validateCatenaXNative } from '../../../adapters/catena-x';
import { batteryPassViolations } from '../../../schemas/validators';
import {
  BATTERY_PASS_SCHEMA_FILE,
  correctedExample,
  deleteAt,
  realExample,
  sampleCompanion,
  setAt,
} from './fixtures';

function errorsOf(doc: unknown): { pointer: string; rule: string }[] {
  try {
    validateCatenaXNative(doc);
  } catch (err) {
    const e = err as {
      code: string;
      where?: string;
      details: { errors: { pointer: string; rule: string }[] };
    };
    expect(e.code).toBe('KH_SCHEMA_INVALID');
    expect(e.where).toBe(e.details.errors[0].pointer);
    return e.details.errors.map(({ pointer, rule }) => ({ pointer, rule }));
  }
  throw new Error('expected KH_SCHEMA_INVALID');
}

describe('Catena-X native validation', () => {
  it('the published example passes the published schema (its date pattern lets 7172-75-08 through)', () => {
    const ajv = new AjvDraft04({ strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(BATTERY_PASS_SCHEMA_FILE, 'utf8')));
    expect(validate(realExample())).toBe(true);
    expect(batteryPassViolations(realExample(), { mode: 'published' })).toEqual([]);
  });

  it('rejects the published example as is, naming /operation/intoServiceDate and the rule', () => {
    expect(errorsOf(realExample())).toEqual([{ pointer: '/operation/intoServiceDate', rule: 'format' }]);
  });

  it('names the pointer inside a CX record, and accepts the corrected example in both forms', () => {
    expect(errorsOf({ batteryPass: realExample() })).toEqual([
      { pointer: '/batteryPass/operation/intoServiceDate', rule: 'format' },
    ]);
    expect(catenaXNativeViolations(correctedExample())).toEqual([]);
    expect(
      catenaXNativeViolations({ batteryPass: correctedExample(), supplyChain: sampleCompanion() }),
    ).toEqual([]);
  });

  it.each<[string, (d: unknown) => void, { pointer: string; rule: string }]>([
    ['missing required section', (d) => deleteAt(d, '/metadata'), { pointer: '/metadata', rule: 'required' }],
    [
      'missing required member',
      (d) => deleteAt(d, '/operation/manufacturer/manufacturer'),
      { pointer: '/operation/manufacturer/manufacturer', rule: 'required' },
    ],
    [
      'bad type',
      (d) => setAt(d, '/performance/rated/selfDischargingRate', 'low'),
      { pointer: '/performance/rated/selfDischargingRate', rule: 'type' },
    ],
    [
      'bad enum',
      (d) => setAt(d, '/identification/category', 'car'),
      { pointer: '/identification/category', rule: 'enum' },
    ],
    [
      'bad BPNL',
      (d) => setAt(d, '/metadata/economicOperatorId', 'BPNX0123456789ZZ'),
      { pointer: '/metadata/economicOperatorId', rule: 'pattern' },
    ],
    [
      'impossible issue date',
      (d) => setAt(d, '/metadata/issueDate', '2023-02-29'),
      { pointer: '/metadata/issueDate', rule: 'format' },
    ],
    [
      'impossible date in a date-time',
      (d) => setAt(d, '/performance/dynamic/fullCycles/time', '2023-02-30T10:39:13.576+01:00'),
      { pointer: '/performance/dynamic/fullCycles/time', rule: 'format' },
    ],
    [
      'property outside the model',
      (d) => setAt(d, '/operation/colour', 'red'),
      { pointer: '/operation/colour', rule: 'additionalProperties' },
    ],
    [
      'top-level property outside the model',
      (d) => setAt(d, '/supplyChain', {}),
      { pointer: '/supplyChain', rule: 'additionalProperties' },
    ],
    [
      'header over 100 characters',
      (d) => setAt(d, '/sources/0/header', 'x'.repeat(101)),
      { pointer: '/sources/0/header', rule: 'maxLength' },
    ],
    [
      'negative carbon footprint',
      (d) => setAt(d, '/sustainability/carbonFootprint/0/value', -1),
      { pointer: '/sustainability/carbonFootprint/0/value', rule: 'minimum' },
    ],
    [
      'duplicate serial identifiers',
      (d) =>
        setAt(d, '/identification/identification/serial/1', { value: 'SN12345678', key: 'partInstanceId' }),
      { pointer: '/identification/identification/serial', rule: 'uniqueItems' },
    ],
  ])('rejects a BatteryPass with %s', (_name, mutate, expected) => {
    const doc = correctedExample();
    mutate(doc);
    expect(errorsOf(doc)).toContainEqual(expected);
  });

  it.each<[string, (d: unknown) => void, { pointer: string; rule: string }]>([
    [
      'a bad BPNL',
      (d) => setAt(d, '/supplyChain/childItems/0/businessPartner', 'ACME'),
      { pointer: '/supplyChain/childItems/0/businessPartner', rule: 'pattern' },
    ],
    [
      'a missing tier',
      (d) => deleteAt(d, '/supplyChain/childItems/1/tier'),
      { pointer: '/supplyChain/childItems/1/tier', rule: 'required' },
    ],
    [
      'a quantity without period',
      (d) => deleteAt(d, '/supplyChain/childItems/0/procurementPeriod'),
      { pointer: '/supplyChain/childItems/0', rule: 'dependencies' },
    ],
    [
      'an unknown unit',
      (d) => setAt(d, '/supplyChain/childItems/1/quantity/unit', 'unit:tonne'),
      { pointer: '/supplyChain/childItems/1/quantity/unit', rule: 'enum' },
    ],
    [
      'an impossible period date',
      (d) => setAt(d, '/supplyChain/childItems/1/procurementPeriod/end', '2025-06-31'),
      { pointer: '/supplyChain/childItems/1/procurementPeriod/end', rule: 'format' },
    ],
    [
      'an unknown member',
      (d) => setAt(d, '/supplyChain/childItems/0/price', 3),
      { pointer: '/supplyChain/childItems/0/price', rule: 'additionalProperties' },
    ],
    [
      'a missing catenaXId',
      (d) => deleteAt(d, '/supplyChain/catenaXId'),
      { pointer: '/supplyChain/catenaXId', rule: 'required' },
    ],
    [
      'an unknown record member',
      (d) => setAt(d, '/pcf', {}),
      { pointer: '/pcf', rule: 'additionalProperties' },
    ],
    [
      'a BatteryPass error inside the record',
      (d) => deleteAt(d, '/batteryPass/handling'),
      { pointer: '/batteryPass/handling', rule: 'required' },
    ],
  ])('rejects a CX record with %s', (_name, mutate, expected) => {
    const doc = { batteryPass: correctedExample(), supplyChain: sampleCompanion() };
    mutate(doc);
    expect(errorsOf(doc)).toContainEqual(expected);
  });

  it('rejects what is not an object', () => {
    expect(errorsOf(null)).toContainEqual({ pointer: '/', rule: 'type' });
    expect(errorsOf([correctedExample()])).toContainEqual({ pointer: '/', rule: 'type' });
  });

  it('never echoes document values in error messages', () => {
    const doc = { batteryPass: correctedExample(), supplyChain: sampleCompanion() };
    setAt(doc, '/supplyChain/childItems/0/businessPartner', 'SECRET-SUPPLIER');
    setAt(doc, '/supplyChain/childItems/0/quantity/value', -987654);
    try {
      validateCatenaXNative(doc);
      throw new Error('expected failure');
    } catch (err) {
      const text = JSON.stringify(err) + String((err as Error).message);
      expect(text).not.toContain('SECRET-SUPPLIER');
      expect(text).not.toContain('987654');
    }
  });
});
