/** The leak guard over hand-made presentations (the guard only decodes; no signature is needed here). */
import { createHash, randomBytes } from 'node:crypto';
import { assertNoLeak, compileLeakNeedles, findLeaks, type LeakCandidate } from '../../policies';
import { caught } from './helpers';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const digest = (encoded: string): string => createHash('sha256').update(encoded).digest('base64url');

interface Built {
  token: string;
  encoded: string[];
}

/** A compact SD-JWT: header with an x5c, payload with `_sd` digests, the given disclosures, optional KB-JWT. */
function build(
  payloadSubject: Record<string, unknown>,
  disclosures: unknown[][],
  options: { rawPayload?: string; kb?: boolean } = {},
): Built {
  const encoded = disclosures.map((d) => b64(JSON.stringify([randomBytes(16).toString('base64url'), ...d])));
  const header = { alg: 'PS256', typ: 'vc+sd-jwt', x5c: [randomBytes(900).toString('base64')] };
  const payload = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kakehashi/v1'],
    type: ['VerifiableCredential', 'BatteryPassportCredential'],
    issuer: 'urn:kakehashi:participant:ouranos:T0000000000001',
    validFrom: '2026-01-01T00:00:00Z',
    iat: 1772366400,
    _sd_alg: 'sha-256',
    cnf: { jwk: { kty: 'RSA', n: randomBytes(256).toString('base64url'), e: 'AQAB' } },
    credentialSubject: {
      id: 'urn:uuid:1',
      type: 'BatteryPassport',
      ...payloadSubject,
      _sd: [
        ...encoded.map(digest),
        ...Array.from({ length: 40 }, () => randomBytes(32).toString('base64url')),
      ],
    },
  };
  const jwt = `${b64(JSON.stringify(header))}.${options.rawPayload === undefined ? b64(JSON.stringify(payload)) : b64(options.rawPayload)}.${randomBytes(256).toString('base64url')}`;
  const kb =
    options.kb === true
      ? `${b64('{"alg":"PS256","typ":"kb+jwt"}')}.${b64(JSON.stringify({ aud: 'urn:kakehashi:node:catena-x:cx-node-1', nonce: randomBytes(16).toString('base64url'), iat: 1772366400, sd_hash: randomBytes(32).toString('base64url') }))}.${randomBytes(256).toString('base64url')}`
      : '';
  return { token: `${[jwt, ...encoded].join('~')}~${kb}`, encoded };
}

const name = (value: unknown, sensitive = true): LeakCandidate => ({
  term: 'https://w3id.org/kakehashi/vocab#supplierName',
  name: 'kh:supplierName',
  sensitive,
  value,
});
const volume = (value: unknown, sensitive = true): LeakCandidate => ({
  term: 'https://w3id.org/kakehashi/vocab#procurementVolume',
  name: 'kh:procurementVolume',
  sensitive,
  value,
});

describe('leak guard: clean presentations pass', () => {
  test('digests, salts, x5c, cnf and key binding do not raise false alarms', () => {
    for (let i = 0; i < 20; i += 1) {
      const { token } = build(
        {},
        [
          ['chemistry', 'NMC811'],
          ['tier', 1],
        ],
        { kb: true },
      );
      // Three-letter and short sensitive values would hit base64 text by chance if it were searched.
      expect(() =>
        assertNoLeak(token, [name('abc'), name('Qz'), volume(7), volume({ quantity: 3, unit: 'TNE' })]),
      ).not.toThrow();
    }
  });

  test('numbers match whole tokens only: 12 does not hit 120, 1.2 or v12', () => {
    const { token } = build({}, [['note', 'capacity 120 Ah, version v12, ratio 1.2, lot A12']]);
    expect(findLeaks(token, compileLeakNeedles([volume(12)]))).toEqual([]);
  });

  test('values withheld only by default deny skip what cannot identify (short strings, small integers)', () => {
    const { token } = build({}, [
      ['note', 'EV pack of 96 cells'],
      ['count', 96],
    ]);
    expect(() => assertNoLeak(token, [name('EV', false), name(96, false)])).not.toThrow();
    expect(() => assertNoLeak(token, [name(96, true)])).toThrow(
      expect.objectContaining({ code: 'KH_POLICY_LEAK_GUARD' }),
    );
  });

  test('short ASCII values match only as whole tokens (TNE does not hit "partner")', () => {
    const { token } = build({}, [['note', 'our partner network']]);
    expect(() => assertNoLeak(token, [volume({ unit: 'TNE' })])).not.toThrow();
    const hit = build({}, [['note', 'volume in TNE']]);
    expect(() => assertNoLeak(hit.token, [volume({ unit: 'TNE' })])).toThrow(
      expect.objectContaining({ code: 'KH_POLICY_LEAK_GUARD' }),
    );
  });
});

describe('leak guard: leaks are caught', () => {
  const leaks: Array<[string, unknown[][], LeakCandidate[]]> = [
    [
      'a disclosed value equal to a withheld one',
      [['supplier', 'Kitakami Cathode Works']],
      [name('Kitakami Cathode Works')],
    ],
    [
      'a withheld name inside disclosed free text, other case',
      [['note', 'made with KITAKAMI cathode works material']],
      [name('Kitakami Cathode Works')],
    ],
    [
      'Japanese name in free text',
      [['note', '正極材は東北コバルト精錬株式会社から調達']],
      [name('東北コバルト精錬株式会社')],
    ],
    ['two-character kanji name (sensitive, never skipped)', [['note', '東芝製セル']], [name('東芝')]],
    ['emoji name', [['note', 'supplied by 🔋⚡Volt']], [name('🔋⚡Volt')]],
    ['Cyrillic name, different case', [['note', 'поставщик НОРНИКЕЛЬ']], [name('Норникель')]],
    [
      'NFC: composed withheld, decomposed disclosed',
      [['note', 'Socie\u0301te\u0301 Ge\u0301ne\u0301rale des Batteries']],
      [name('Sociét\u00e9 Générale')],
    ],
    ['a withheld number as a disclosed number', [['mass', 1250.5]], [volume({ quantity: 1250.5 })]],
    [
      'a withheld number in free text',
      [['note', 'we bought 1250.5 t last year']],
      [volume({ quantity: 1250.5 })],
    ],
    [
      'a withheld number in another notation',
      [['note', 'about 1.2505e3 tonnes']],
      [volume({ quantity: 1250.5 })],
    ],
    [
      'a withheld number with a unit glued to it',
      [['note', 'about 8800000kg']],
      [volume({ quantity: 8_800_000 })],
    ],
    ['a huge number', [['n', 1e21]], [volume(1e21)]],
    ['a tiny number', [['note', 'ratio 5e-7']], [volume(5e-7)]],
    ['a withheld number given as a string', [['n', 4321]], [volume('4321')]],
    [
      'a withheld value used as a key',
      [['map', { 'Kitakami Cathode Works': 1 }]],
      [name('Kitakami Cathode Works')],
    ],
    [
      'a nested object value',
      [['origin', { site: { label: 'Kitakami Refinery No. 2' } }]],
      [name({ originSiteName: 'Kitakami Refinery No. 2' })],
    ],
    ['an array value', [['list', ['x', ['Kitakami Refinery']]]], [name(['Kitakami Refinery'])]],
  ];

  test.each(leaks)('%s', (_label, disclosures, withheld) => {
    const { token } = build({}, disclosures);
    const error = caught(() => assertNoLeak(token, withheld));
    expect(error.code).toBe('KH_POLICY_LEAK_GUARD');
    expect(error.details).toMatchObject({ reason: 'leak-guard' });
  });

  test('a value in the clear payload is caught', () => {
    const { token } = build({ publisherNote: 'Kitakami Cathode Works' }, []);
    expect(findLeaks(token, compileLeakNeedles([name('Kitakami Cathode Works')]))).toEqual([
      expect.objectContaining({ name: 'kh:supplierName', where: 'values' }),
    ]);
  });

  test('a duplicate-key smuggled value (invisible once parsed) is caught in the raw JSON', () => {
    const raw = '{"iss":"x","credentialSubject":{"note":"Kitakami Cathode Works","note":"nothing"}}';
    const { token } = build({}, [], { rawPayload: raw });
    expect(findLeaks(token, compileLeakNeedles([name('Kitakami Cathode Works')]))).toEqual([
      expect.objectContaining({ where: 'json' }),
    ]);
  });

  test('a \\u-escaped value in the raw JSON is caught', () => {
    const raw = '{"credentialSubject":{"note":"\\u6771\\u829D","n":"n"}}';
    const { token } = build({}, [], { rawPayload: raw.replace('"n":"n"', '"n":"n","note":"x"') });
    expect(findLeaks(token, compileLeakNeedles([name('東芝')]))).toEqual([
      expect.objectContaining({ where: 'json' }),
    ]);
  });

  test('a withheld disclosure still in the token is caught', () => {
    const { token, encoded } = build({}, [['supplierName', 'ACME']]);
    const leak: LeakCandidate = { ...name('zz-not-searched-zz'), encoded: encoded[0] };
    expect(findLeaks(token, compileLeakNeedles([leak]))).toEqual([
      expect.objectContaining({ where: 'token' }),
    ]);
  });

  test('the error names the term, never the value', () => {
    const { token } = build({}, [['note', 'made by Kitakami Cathode Works, 1250.5 t']]);
    const error = caught(() =>
      assertNoLeak(token, [name('Kitakami Cathode Works'), volume({ quantity: 1250.5 })]),
    );
    const text = JSON.stringify(error.toJSON()) + error.message + String(error.where);
    expect(text).not.toMatch(/Kitakami|1250/i);
    expect(error.details).toEqual({
      reason: 'leak-guard',
      terms: expect.arrayContaining([
        expect.objectContaining({ name: 'kh:supplierName' }),
        expect.objectContaining({ name: 'kh:procurementVolume' }),
      ]),
    });
  });

  test('an undecodable presentation is refused, not waved through', () => {
    expect(caught(() => assertNoLeak('not-a-jwt~', [name('x')])).code).toBe('KH_POLICY_LEAK_GUARD');
    expect(caught(() => assertNoLeak('a.b.c~%%%~', [name('x')])).code).toBe('KH_POLICY_LEAK_GUARD');
  });
});
