/**
 * The compiled JSON-LD check (`assertTermsDefinedCompiled`) against real safe-mode expansion
 * (`assertFullyDefined`): same verdict and error code on seed records, generated records and crafted
 * undefined-term cases; the compiled walk alone accepts every mapped record (no expansion needed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { catenaXToCanonical } from '../../adapters/catena-x';
import { ouranosToCanonical } from '../../adapters/ouranos';
import type { CanonicalRecord } from '../../adapters/canonical/types';
import { generateRecords } from '../../seeds/generator';
import { assertFullyDefined, assertTermsDefinedCompiled, compiledTermDoubt } from '../../schemas/jsonld';

type Doc = Record<string, unknown>;

async function outcome(p: Promise<void>): Promise<{ code: string; where?: string; pointer?: unknown }> {
  try {
    await p;
    return { code: 'ok' };
  } catch (err) {
    const e = err as { code?: string; where?: string; details?: { pointer?: unknown } };
    return { code: e.code ?? 'not-a-KhError', where: e.where, pointer: e.details?.pointer };
  }
}

async function sameVerdict(doc: object): Promise<string> {
  const full = await outcome(assertFullyDefined(doc));
  const compiled = await outcome(assertTermsDefinedCompiled(doc));
  expect(compiled.code).toBe(full.code);
  expect(compiled.where).toBe(full.where);
  return compiled.code;
}

const seedDir = path.resolve(__dirname, '../../seeds/records');
function seedRecords(): CanonicalRecord[] {
  const out: CanonicalRecord[] = [];
  for (const platform of ['catena-x', 'ouranos'] as const) {
    const dir = path.join(seedDir, platform);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const native: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
      out.push(
        platform === 'catena-x'
          ? catenaXToCanonical(native as Parameters<typeof catenaXToCanonical>[0])
          : ouranosToCanonical(native as Parameters<typeof ouranosToCanonical>[0]),
      );
    }
  }
  return out;
}

const generated = (): CanonicalRecord[] => [
  ...generateRecords('catena-x', 12, 7).map((r) => catenaXToCanonical(r)),
  ...generateRecords('ouranos', 12, 7).map((r) => ouranosToCanonical(r)),
];

const clone = (r: CanonicalRecord): Doc => structuredClone(r) as unknown as Doc;
const subject = (d: Doc): Doc => d.credentialSubject as Doc;

describe('assertTermsDefinedCompiled', () => {
  const records = [...seedRecords(), ...generated()];

  test('seed and generated records: accepted by the compiled walk alone and by full expansion', async () => {
    expect(records.length).toBeGreaterThanOrEqual(30);
    for (const record of records) {
      expect(compiledTermDoubt(record)).toBeUndefined();
      expect(await sameVerdict(record)).toBe('ok');
    }
  });

  test('an undefined key is named with its term and JSON pointer', async () => {
    const doc = clone(records[0]);
    const perf = subject(doc).performance as { rated: { voltage: Doc } };
    perf.rated.voltage.ripple = 0.1;
    expect(compiledTermDoubt(doc)).toEqual({
      pointer: '/credentialSubject/performance/rated/voltage/ripple',
      term: 'ripple',
    });
    const err = await outcome(assertTermsDefinedCompiled(doc));
    expect(err).toEqual({
      code: 'KH_JSONLD_UNDEFINED_TERM',
      where: 'ripple',
      pointer: '/credentialSubject/performance/rated/voltage/ripple',
    });
  });

  test('crafted cases give the same verdict as full expansion', async () => {
    const base = records.find((r) => (r.credentialSubject.supplyChain?.suppliers.length ?? 0) > 0);
    if (base === undefined) throw new Error('no record with suppliers');
    const cases: Array<[string, (d: Doc) => void]> = [
      ['undefined subject key', (d) => (subject(d).batteryColour = 'blue')],
      ['undefined top-level key', (d) => (d.colour = 'blue')],
      [
        'undefined key in a supplier entry',
        (d) => (((subject(d).supplyChain as Doc).suppliers as Doc[])[0].contractPrice = 12),
      ],
      [
        'scoped-only term outside its scope',
        (d) => (((subject(d).supplyChain as Doc).suppliers as Doc[])[0].quantity = 12),
      ],
      [
        'scoped term inside its scope',
        (d) =>
          ((((subject(d).supplyChain as Doc).suppliers as Doc[])[0].procurementVolume as Doc).quantity = 3),
      ],
      ['Kakehashi term at another level', (d) => (subject(d).supplierName = 'x')],
      ['undefined top-level type', (d) => (d.type = ['VerifiableCredential', 'BatteryPassportCredentialX'])],
      ['undefined subject type', (d) => (subject(d).type = 'BatteryPassportX')],
      ['defined subject type', (d) => (subject(d).type = 'BatteryPassportCredential')],
      ['no VerifiableCredential type', (d) => (d.type = ['BatteryPassportCredential'])],
      [
        'remote context',
        (d) => (d['@context'] = ['https://www.w3.org/ns/credentials/v2', 'https://example.org/x']),
      ],
      ['nested context', (d) => (subject(d)['@context'] = { colour: 'https://example.org/colour' })],
      ['keyword key', (d) => (subject(d)['@id'] = 'urn:x:1')],
      ['absolute IRI key', (d) => (subject(d)['https://example.org/colour'] = 'blue')],
      [
        'type-scoped status entry',
        (d) =>
          (d.credentialStatus = {
            id: 'https://example.org/status#1',
            type: 'BitstringStatusListEntry',
            statusPurpose: 'revocation',
            statusListIndex: '1',
            statusListCredential: 'https://example.org/status',
          }),
      ],
      [
        'undefined key in a status entry',
        (d) => (d.credentialStatus = { type: 'BitstringStatusListEntry', nope: 1 }),
      ],
      ['relative issuer IRI', (d) => (d.issuer = 'company-1')],
      ['envelope term validUntil', (d) => (d.validUntil = '2030-01-01T00:00:00Z')],
      ['JWT claim iat', (d) => (d.iat = 1)],
    ];
    const codes = new Set<string>();
    for (const [, mutate] of cases) {
      const doc = clone(base);
      mutate(doc);
      codes.add(await sameVerdict(doc));
    }
    expect([...codes].sort()).toEqual([
      'KH_JSONLD_INVALID',
      'KH_JSONLD_REMOTE_CONTEXT',
      'KH_JSONLD_UNDEFINED_TERM',
      'ok',
    ]);
  });

  test('every Kakehashi key name at several levels: same verdict as full expansion', async () => {
    const ctx = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../schemas/contexts/kakehashi-v1.jsonld'), 'utf8'),
    ) as { '@context': Doc };
    const names = new Set<string>();
    const collect = (c: Doc): void => {
      for (const [k, v] of Object.entries(c)) {
        if (k.startsWith('@')) continue;
        names.add(k);
        if (v !== null && typeof v === 'object' && '@context' in v)
          collect((v as { '@context': Doc })['@context']);
      }
    };
    collect(ctx['@context']);
    const keys = [...names].filter((_, i) => i % 4 === 0).concat(['quantity', 'start', 'category', 'status']);
    const base = records[0];
    const spots: Array<(d: Doc) => Doc> = [
      (d) => subject(d),
      (d) => (subject(d).characteristics as Doc) ?? subject(d),
      (d) => ((subject(d).sustainability as Doc).carbonFootprint as Doc[])[0] ?? subject(d),
    ];
    let accepted = 0;
    let refused = 0;
    for (const key of keys) {
      for (const spot of spots) {
        const doc = clone(base);
        const target = spot(doc);
        if (key in target) continue;
        target[key] = 'x';
        const code = await sameVerdict(doc);
        if (code === 'ok') accepted += 1;
        else refused += 1;
      }
    }
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
