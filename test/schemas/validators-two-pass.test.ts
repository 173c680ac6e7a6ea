/**
 * The hot validators run without `allErrors` and validate a failing document again with an `allErrors`
 * validator (schemas/validators.ts, adapters/ouranos/validate.ts). These tests hold the reported error lists
 * to what a single `allErrors` validator compiled as before gives, and the hand-written format checks to the
 * regular expressions they replace.
 */
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import canonicalSchema from '../../schemas/canonical/battery-passport-credential.schema.json';
import batteryPassSchema from '../../schemas/catena-x/BatteryPass-6.1.0-schema.json';
import companionSchema from '../../schemas/catena-x/supply-chain-companion.schema.json';
import ouranosSchema from '../../schemas/ouranos/battery-product-record.schema.json';
import {
  batteryPassViolations,
  canonicalSchemaViolations,
  isCalendarDate,
  isCalendarDateTime,
  isUuidFormat,
  strictenSammSchema,
  supplyChainCompanionViolations,
  withoutRequired,
} from '../../schemas/validators';
import { violationsFromAjv } from '../../schemas/violations';
import { catenaXToCanonical } from '../../adapters/catena-x';
import { canonicalToOuranos, ouranosSchemaErrors } from '../../adapters/ouranos';
import { generateRecords } from '../../seeds/generator';

type Doc = Record<string, unknown>;

/** The validators as they were compiled before the two-pass change (one `allErrors` validator each). */
function referenceDraft04(schema: unknown): ValidateFunction {
  const ajv = new AjvDraft04({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('date', { type: 'string', validate: (s: string) => referenceCalendarDate(s) });
  ajv.addFormat('kh-date-time', { type: 'string', validate: isCalendarDateTime });
  for (const k of ['x-samm-aspect-model-urn', 'components']) ajv.addKeyword(k);
  return ajv.compile(schema as object);
}

function referenceCanonical(schema: unknown): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('date', { type: 'string', validate: (s: string) => referenceCalendarDate(s) });
  ajv.addFormat('kh-date-time', { type: 'string', validate: isCalendarDateTime });
  return ajv.compile(schema as object);
}

/** `isCalendarDate` as it was written before (a regular expression). */
function referenceCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && leap ? 29 : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= max;
}

function referenceViolations(validate: ValidateFunction, doc: unknown, prefix = '') {
  return validate(doc) ? [] : violationsFromAjv(validate.errors, prefix);
}

const cxRecords = generateRecords('catena-x', 6, 11);
const canonicals = cxRecords.map((r) => catenaXToCanonical(r));
const clone = <T>(v: T): T => structuredClone(v);

/** Documents with several violations each (types, formats, enums, extra and missing members). */
function brokenBatteryPasses(): Doc[] {
  return cxRecords.map((r, i) => {
    const bp = clone(r.batteryPass) as unknown as Doc;
    const metadata = bp.metadata as Doc;
    const operation = bp.operation as Doc;
    if (i % 2 === 0) delete metadata.passportIdentifier;
    metadata.issueDate = i % 3 === 0 ? '2025-02-30' : 12;
    metadata.colour = 'blue';
    operation.manufacturer = { manufacturingDate: 'yesterday', facility: 'x' };
    if (i % 2 === 1) bp.characteristics = 'none';
    return bp;
  });
}

function brokenCanonicals(): Doc[] {
  return canonicals.map((c, i) => {
    const doc = clone(c) as unknown as Doc;
    const subject = doc.credentialSubject as Doc;
    doc.validFrom = i % 2 === 0 ? '2025-13-01T00:00:00Z' : 'soon';
    if (i % 3 === 0) delete subject.provenance;
    subject.identification = { category: 'nonsense', extra: true };
    (subject.metadata as Doc).issueDate = '2024-02-30';
    if (i % 2 === 1) doc.type = 'VerifiableCredential';
    return doc;
  });
}

function brokenCompanions(): Doc[] {
  return cxRecords
    .filter((r) => r.supplyChain !== undefined)
    .map((r) => {
      const companion = clone(r.supplyChain) as unknown as Doc;
      const items = companion.childItems as Doc[];
      items[0].tier = 'first';
      delete items[0].businessPartner;
      items[items.length - 1].extra = 1;
      companion.note = 'x';
      return companion;
    });
}

describe('two-pass validators report what one allErrors validator reported', () => {
  test('canonical record, complete and with claims withheld', () => {
    const complete = referenceCanonical(canonicalSchema);
    const withheld = referenceCanonical(withoutRequired(canonicalSchema));
    const docs = brokenCanonicals();
    for (const doc of docs) {
      const expected = referenceViolations(complete, doc);
      expect(expected.length).toBeGreaterThan(1);
      expect(canonicalSchemaViolations(doc)).toEqual(expected);
      expect(canonicalSchemaViolations(doc, { allowWithheld: true })).toEqual(
        referenceViolations(withheld, doc),
      );
    }
    for (const c of canonicals) expect(canonicalSchemaViolations(c)).toEqual([]);
  });

  test('BatteryPass 6.1.0: strict, published and incomplete readings', () => {
    const strict = referenceDraft04(strictenSammSchema(batteryPassSchema));
    const published = referenceDraft04(batteryPassSchema);
    const incomplete = referenceDraft04(strictenSammSchema(batteryPassSchema, { dropRequired: true }));
    for (const doc of brokenBatteryPasses()) {
      const expected = referenceViolations(strict, doc, '/batteryPass');
      expect(expected.length).toBeGreaterThan(1);
      expect(batteryPassViolations(doc, { prefix: '/batteryPass' })).toEqual(expected);
      expect(batteryPassViolations(doc, { mode: 'published' })).toEqual(referenceViolations(published, doc));
      expect(batteryPassViolations(doc, { mode: 'incomplete' })).toEqual(
        referenceViolations(incomplete, doc),
      );
    }
  });

  test('supply-chain companion, complete and incomplete', () => {
    const complete = referenceDraft04(companionSchema);
    const incomplete = referenceDraft04(withoutRequired(companionSchema));
    const docs = brokenCompanions();
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      const expected = referenceViolations(complete, doc, '/supplyChain');
      expect(expected.length).toBeGreaterThan(1);
      expect(supplyChainCompanionViolations(doc, { prefix: '/supplyChain' })).toEqual(expected);
      expect(supplyChainCompanionViolations(doc, { incomplete: true })).toEqual(
        referenceViolations(incomplete, doc),
      );
    }
  });

  test('Ouranos native record (ajv-formats full mode as before)', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
    addFormats(ajv, { mode: 'full' });
    const reference = ajv.compile(ouranosSchema);
    const escape = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1');
    const items = (errors: ReadonlyArray<ErrorObject>) => {
      const seen = new Set<string>();
      const out: { pointer: string; rule: string; message: string }[] = [];
      for (const e of errors) {
        if (e.keyword === 'allOf' || e.keyword === 'if') continue;
        const p = e.params as Record<string, unknown>;
        const member =
          e.keyword === 'required' ? p.missingProperty : (p.additionalProperty ?? p.unevaluatedProperty);
        const pointer = typeof member === 'string' ? `${e.instancePath}/${escape(member)}` : e.instancePath;
        const item = {
          pointer: pointer === '' ? '/' : pointer,
          rule: e.keyword,
          message: e.message ?? e.keyword,
        };
        const key = `${item.pointer}|${item.rule}|${item.message}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push(item);
        }
      }
      return out.slice(0, 20);
    };
    for (const [i, c] of canonicals.entries()) {
      const native = canonicalToOuranos(c) as unknown as Doc;
      expect(ouranosSchemaErrors(native)).toEqual([]);
      const doc = clone(native);
      doc.recordId = i % 2 === 0 ? 'not-a-uuid' : 'URN:UUID:6F1C5E0A-3B7D-4C2E-9A51-8D0E4B7F2C1';
      doc.registeredAt = '2025-02-29T10:00:00Z';
      const battery = doc.batteryModel as Doc;
      battery.manufacturedDate = '2024-02-30';
      delete battery.batteryCategory;
      battery.extra = 1;
      expect(reference(doc)).toBe(false);
      const expected = items(reference.errors ?? []);
      expect(expected.length).toBeGreaterThan(2);
      expect(ouranosSchemaErrors(doc)).toEqual(expected);
    }
  });
});

describe('hand-written format checks match the regular expressions they replace', () => {
  const ajvUuid = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
  const uuid = '6f1c5e0a-3b7d-4c2e-9a51-8d0e4b7f2c19';
  const samples = [
    '',
    '2024-02-29',
    '2023-02-29',
    '2000-02-29',
    '1900-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-12-31',
    '0000-01-01',
    '9999-12-31',
    '2024-1-01',
    '2024-01-1',
    ' 2024-01-01',
    '2024-01-01 ',
    '2024-01-01\n',
    '2024/01/01',
    '2024-01-01T00:00:00Z',
    '２０２４-01-01',
    '٢٠٢٤-01-01',
    '2024-0a-01',
    '+024-01-01',
    '-024-01-01',
    '2024-01-00',
    uuid,
    uuid.toUpperCase(),
    `urn:uuid:${uuid}`,
    `URN:UUID:${uuid}`,
    `Urn:Uuid:${uuid.toUpperCase()}`,
    `urn:uuid:${uuid}x`,
    `urn:uuid;${uuid}`,
    `urn:uuíd:${uuid}`,
    `urn:uuİd:${uuid}`,
    uuid.replace(/-/g, '_'),
    uuid.slice(1) + 'g',
    uuid.slice(0, 35),
    `${uuid}\n`,
    `{${uuid.slice(1)}`,
  ];
  // Every 10-character string over a small alphabet around the date shape, and every date of four years.
  for (let y = 1999; y <= 2001; y += 1) {
    for (let m = 0; m <= 13; m += 1) {
      for (let d = 0; d <= 32; d += 1) {
        samples.push(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
      }
    }
  }
  for (const c of ['0', '9', '-', 'a', '/', ':', '٣']) {
    for (let i = 0; i < 10; i += 1) samples.push(`2024-02-29`.slice(0, i) + c + `2024-02-29`.slice(i + 1));
    for (let i = 0; i < 45; i += 1) {
      const urn = `urn:uuid:${uuid}`;
      samples.push(urn.slice(0, i) + c + urn.slice(i + 1));
    }
  }

  test('isCalendarDate', () => {
    for (const s of samples) expect([s, isCalendarDate(s)]).toEqual([s, referenceCalendarDate(s)]);
  });

  test('isUuidFormat', () => {
    let accepted = 0;
    for (const s of samples) {
      expect([s, isUuidFormat(s)]).toEqual([s, ajvUuid.test(s)]);
      if (ajvUuid.test(s)) accepted += 1;
    }
    expect(accepted).toBeGreaterThan(10);
  });
});
