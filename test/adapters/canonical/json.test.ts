/** `cloneJson` (a direct copy of plain data) against the JSON round trip it replaces; `iriSegment`'s fast path. */
import { cloneJson } from '../../../adapters/canonical/json';
import { iriSegment } from '../../../adapters/canonical/participants';
import { catenaXToCanonical } from '../../../adapters/catena-x';
import { generateRecords } from '../../../seeds/generator';

const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

describe('cloneJson', () => {
  test('gives what the JSON round trip gives, as a deep copy', () => {
    const records = generateRecords('catena-x', 5, 3);
    const values: unknown[] = [
      ...records,
      ...records.map((r) => catenaXToCanonical(r)),
      null,
      0,
      -0,
      1.5e300,
      'text',
      true,
      [],
      {},
      [1, 'a', null, [false, { b: [] }]],
      { a: { b: { c: [1, 2, { d: 'e' }] } }, z: -0 },
      Object.assign(Object.create(null) as object, { n: 1 }),
    ];
    for (const value of values) {
      const copy = cloneJson(value);
      expect(copy).toEqual(roundTrip(value));
      expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
      if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
    }
    const nested = { a: { b: [{ c: 1 }] } };
    const copy = cloneJson(nested);
    copy.a.b[0].c = 2;
    expect(nested.a.b[0].c).toBe(1);
    expect(Object.is(cloneJson(-0), 0)).toBe(true);
    expect(Object.is(cloneJson({ z: -0 }).z, 0)).toBe(true);
  });

  test('values JSON would change or drop take the JSON round trip', () => {
    const date = new Date(Date.UTC(2025, 0, 2));
    const cases: unknown[] = [
      { a: undefined, b: 1 },
      [undefined, () => 1, Symbol('s')],
      { n: NaN, i: Infinity },
      { d: date },
      { f: () => 1, s: Symbol('s'), k: 1 },
      { nested: { toJSON: () => 'x' } },
      new Map([[1, 2]]),
      [new Set([1])],
    ];
    for (const value of cases) expect(cloneJson(value)).toEqual(roundTrip(value));
    expect(cloneJson({ d: date })).toEqual({ d: '2025-01-02T00:00:00.000Z' });
  });

  test('an own __proto__ member stays a member and pollutes nothing', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": {"__proto__": {"x": 1}}}') as Record<
      string,
      unknown
    >;
    const copy = cloneJson(hostile);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe(JSON.stringify(hostile));
    expect(Object.getPrototypeOf(copy.a)).toBe(Object.prototype);
  });
});

describe('iriSegment', () => {
  /** The character-by-character encoding (what `iriSegment` always did). */
  const reference = (value: string): string =>
    Array.from(value)
      .map((ch) =>
        /[A-Za-z0-9._~:@!$&'()*+,;=/-]/.test(ch)
          ? ch
          : Array.from(Buffer.from(ch, 'utf8'))
              .map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'))
              .join(''),
      )
      .join('');

  test('is unchanged on safe and unsafe values', () => {
    const values = [
      '',
      'BPNL000000000001',
      'urn:uuid:6f1c5e0a-3b7d-4c2e-9a51-8d0e4b7f2c19',
      "a.b_c~d:e@f!g$h&i'j(k)l*m+n,o;p=q/r-s",
      'with space',
      '100%',
      'a#b?c',
      '株式会社',
      '𝄞',
      'line\nbreak',
      'tab\t',
      '[x]',
    ];
    for (const v of values) expect(iriSegment(v)).toBe(reference(v));
    expect(iriSegment('株式 会社')).toBe('%E6%A0%AA%E5%BC%8F%20%E4%BC%9A%E7%A4%BE');
  });
});
