/**
 * Property tests (fast-check) over generated canonical records, through the real SD-JWT and PKI modules and
 * the shipped policy: no withheld value ever appears in the outbound bytes, every disclosed value arrives
 * unchanged, and withheld values repeated in disclosed free text are blocked by the leak guard.
 */
import fc from 'fast-check';
import { presentSdJwtVc } from '../../certs/sd-jwt';
import { KhError } from '../../connector/errors';
import {
  applyDisclosurePolicy,
  batteryRecordFrame,
  loadShippedPolicy,
  type CompiledPolicy,
} from '../../policies';
import type { DisclosureFrame } from '../../certs/sd-jwt';
import {
  PROCUREMENT_UNITS,
  type CanonicalRecord,
  type SupplierRelation,
} from '../../adapters/canonical/types';
import {
  issue,
  keyBinding,
  makePki,
  NOW,
  policyFiltered,
  sampleRecord,
  type PolicyPki,
  verifyAsPeer,
} from './helpers';

const RUNS = 100;

const fromRange = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCodePoint(c));
const nameOf = (unit: fc.Arbitrary<string>, minLength: number, maxLength: number) =>
  fc.string({ unit, minLength, maxLength });
/** Supplier names in any script. Latin ones are at least 6 letters so they cannot occur by chance in fixed text. */
const supplierName = fc.oneof(
  nameOf(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüßøç'), 6, 20),
  nameOf(fromRange(0x3041, 0x30fa), 1, 12), // kana
  nameOf(fromRange(0x4e00, 0x9fa5), 1, 8), // kanji
  nameOf(fromRange(0x0410, 0x044f), 1, 14), // Cyrillic
  nameOf(fromRange(0x1f300, 0x1f64f), 1, 6), // emoji
  fc
    .tuple(nameOf(fromRange(0x4e00, 0x9fa5), 1, 4), nameOf(fc.constantFrom(...'KGMBHLTDCOXYZ'), 6, 10))
    .map(([a, b]) => `${a} ${b}`),
);
const supplierId = fc.oneof(
  fc
    .string({ unit: fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'), minLength: 12, maxLength: 12 })
    .map((s) => `BPNL${s}`),
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 13, maxLength: 13 }).map((s) => `T${s}`),
);
/** Quantities of any size: integers, decimals, huge and tiny. */
const quantity = fc.oneof(
  fc.integer({ min: 100, max: 2 ** 31 }),
  fc.integer({ min: 100, max: Number.MAX_SAFE_INTEGER }),
  fc.double({ min: 100, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: 1e-300, max: 1e-3, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 10_000, max: 99_999_999 }).map((n) => n / 100),
);
const isoDate = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const supplier: fc.Arbitrary<SupplierRelation> = fc.record(
  {
    tier: fc.integer({ min: 1, max: 9 }),
    supplierName,
    supplierIdentifier: supplierId,
    suppliedMaterial: fc.constantFrom(
      'cobalt',
      'lithium hydroxide',
      'nickel sulphate',
      'cathode active material',
      'graphite anode',
    ),
    materialOrigin: fc.record(
      {
        originCountry: fc.constantFrom('JP', 'AU', 'CL', 'CD', 'ID', 'DE', 'CA'),
        originSiteType: fc.constantFrom('mine' as const, 'refinery' as const, 'recycling' as const),
        originSiteName: supplierName,
      },
      { requiredKeys: ['originCountry'] },
    ),
    procurementVolume: fc.record({
      quantity,
      unit: fc.constantFrom(...PROCUREMENT_UNITS),
      period: fc.record({ start: isoDate, end: isoDate }),
    }),
  },
  { requiredKeys: ['tier', 'supplierIdentifier'] },
);

const suppliers = fc.array(supplier, { minLength: 1, maxLength: 5 });

function recordWith(list: SupplierRelation[], freeText?: string): CanonicalRecord {
  const record = sampleRecord();
  record.credentialSubject.supplyChain = {
    itemId: 'urn:uuid:1c1f55c0-1111-4a2b-9e7a-0a0b0c0d0e0f',
    suppliers: list,
  };
  if (freeText !== undefined)
    record.credentialSubject.sustainability!.carbonFootprint![0].lifecycle = freeText;
  return record;
}

/** Every withheld value of a record under the shipped policy (strings and numbers). */
function withheldValues(record: CanonicalRecord): { strings: string[]; numbers: number[] } {
  const strings: string[] = [];
  const numbers: number[] = [];
  for (const s of record.credentialSubject.supplyChain?.suppliers ?? []) {
    for (const v of [s.supplierName, s.supplierIdentifier, s.materialOrigin?.originSiteName])
      if (v !== undefined) strings.push(v);
    if (s.procurementVolume) {
      numbers.push(s.procurementVolume.quantity);
      strings.push(s.procurementVolume.period.start, s.procurementVolume.period.end);
    }
  }
  return { strings, numbers };
}

/** Oracle, independent of the guard: the decoded presentation's texts and values, crypto material left out. */
function outbound(presentation: string): { text: string; numbers: Set<number> } {
  const texts: string[] = [];
  const numbers = new Set<number>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') numbers.add(Math.abs(v));
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, m] of Object.entries(v))
        if (!['_sd', '_sd_alg', '...', 'cnf', 'x5c', 'sd_hash', 'nonce'].includes(k)) out[k] = walk(m);
      return out;
    }
    return v;
  };
  const [jwt = '', ...rest] = presentation.split('~');
  const segments = [...jwt.split('.').slice(0, 2), ...rest.filter((s) => s.length > 0 && !s.includes('.'))];
  for (const seg of segments) {
    const parsed: unknown = JSON.parse(Buffer.from(seg, 'base64url').toString('utf8'));
    const value = Array.isArray(parsed) ? parsed.slice(1) : parsed; // a disclosure: drop its salt
    texts.push(JSON.stringify(walk(value)));
  }
  const text = fold(texts.join('\n'));
  for (const m of text.matchAll(/(?<![\p{L}\p{N}_.])\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\p{L}\p{N}_.])/gu))
    numbers.add(Number(m[0]));
  return { text, numbers };
}

/** Case folding for the oracle (upper then lower, NFC), so ß/SS compare equal. */
function fold(text: string): string {
  return text.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}

function datesAsWholeToken(text: string, date: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${date}(?![\\p{L}\\p{N}])`, 'u').test(text);
}

let pki: PolicyPki;
let policy: CompiledPolicy;
beforeAll(() => {
  pki = makePki();
  policy = loadShippedPolicy('ouranos', 'catena-x');
});

describe.each([
  ['every claim disclosable (default frame)', undefined],
  ['the product frame (batteryRecordFrame)', batteryRecordFrame],
] as Array<[string, DisclosureFrame | undefined]>)(
  'properties of the disclosure pipeline, %s',
  (_, frame) => {
    const present = (record: CanonicalRecord) =>
      applyDisclosurePolicy({ sdJwt: issue(pki, record, frame), policy, keyBinding: keyBinding(pki) });

    test('the oracle is not vacuous: a presentation that keeps everything shows the withheld values', () => {
      fc.assert(
        fc.property(suppliers, (list) => {
          const record = recordWith(list);
          const out = outbound(presentSdJwtVc(issue(pki, record, frame), { keep: () => true }));
          expect(out.text.includes(fold(list[0].supplierIdentifier))).toBe(true);
        }),
        { numRuns: 10 },
      );
    });

    test('no withheld value ever appears in the outbound bytes (or the record is blocked)', () => {
      let sent = 0;
      let blocked = 0;
      const freeText = fc.oneof(
        fc.constant(undefined),
        fc.constant('main product production'),
        fc.string({ maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
      );
      fc.assert(
        fc.property(suppliers, freeText, fc.nat(), fc.boolean(), (list, text, pick, leakNumber) => {
          // Sometimes repeat a withheld value inside the disclosed free text.
          const victim = list[pick % list.length];
          const injected =
            text === undefined
              ? undefined
              : pick % 3 === 0
                ? `${text} ${leakNumber && victim.procurementVolume ? String(victim.procurementVolume.quantity) : victim.supplierIdentifier} `
                : text;
          const record = recordWith(list, injected);
          let presentation: string;
          try {
            presentation = present(record).presentation;
          } catch (e) {
            expect(e).toBeInstanceOf(KhError);
            expect((e as KhError).code).toBe('KH_POLICY_LEAK_GUARD');
            blocked += 1;
            return;
          }
          sent += 1;
          const out = outbound(presentation);
          const { strings, numbers } = withheldValues(record);
          for (const s of strings) {
            const needle = fold(s);
            if (/^\d{4}-\d{2}-\d{2}$/.test(s)) expect(datesAsWholeToken(out.text, needle)).toBe(false);
            else expect(out.text.includes(needle)).toBe(false);
          }
          for (const q of numbers) expect(out.numbers.has(q)).toBe(false);
        }),
        { numRuns: RUNS },
      );
      expect(sent).toBeGreaterThan(RUNS / 4);
      expect(blocked).toBeGreaterThan(0);
    });

    test('every disclosed value arrives unchanged (verified presentation = policy-filtered original)', () => {
      fc.assert(
        fc.property(suppliers, (list) => {
          const record = recordWith(list);
          // Discard the rare case where a withheld number or date equals a disclosed one (the guard would rightly block).
          const { numbers, strings } = withheldValues(record);
          const expected = policyFiltered(record);
          const disclosed = outbound(
            `${Buffer.from('{}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...expected, iat: NOW.getTime() / 1000 })).toString('base64url')}.x~`,
          );
          fc.pre(
            numbers.every((q) => !disclosed.numbers.has(q)) &&
              strings.every((s) => !datesAsWholeToken(disclosed.text, s.toLowerCase())),
          );
          const { presentation, report } = present(record);
          const verified = verifyAsPeer(pki, presentation);
          expect(verified.credential).toEqual(expected);
          const named = list.filter((s) => s.supplierName !== undefined).length;
          const line = report.withheld.find((w) => w.name === 'kh:supplierName');
          expect(line?.count ?? 0).toBe(named);
          expect(report.withheld.find((w) => w.name === 'kh:supplierIdentifier')?.count).toBe(list.length);
        }),
        { numRuns: RUNS },
      );
    });

    test('a withheld name or volume repeated in disclosed free text is blocked, and the error does not carry it', () => {
      fc.assert(
        fc.property(
          suppliers,
          fc.nat(),
          fc.constantFrom('name', 'identifier', 'site', 'quantity'),
          fc.constantFrom('', 'supplied by ', 'Batch from '),
          (list, pick, what, prefix) => {
            const victim = list[pick % list.length];
            const value =
              what === 'name'
                ? victim.supplierName
                : what === 'site'
                  ? victim.materialOrigin?.originSiteName
                  : what === 'quantity'
                    ? victim.procurementVolume?.quantity
                    : victim.supplierIdentifier;
            fc.pre(value !== undefined);
            const shown =
              typeof value === 'number'
                ? String(value)
                : pick % 2 === 0
                  ? String(value).toUpperCase()
                  : String(value);
            const record = recordWith(list, `${prefix}${shown} (line 3)`);
            let error: unknown;
            try {
              present(record);
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(KhError);
            const khError = error as KhError;
            expect(khError.code).toBe('KH_POLICY_LEAK_GUARD');
            expect(khError.details).toMatchObject({ reason: 'leak-guard' });
            if (typeof value === 'string')
              expect(fold(JSON.stringify(khError.toJSON()))).not.toContain(fold(value));
          },
        ),
        { numRuns: RUNS },
      );
    });
  },
);
