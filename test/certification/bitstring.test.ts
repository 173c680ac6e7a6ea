import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  createBitstring,
  decodeBitstring,
  encodeBitstring,
  getBit,
  MIN_STATUS_LIST_BITS,
  withBit,
} from '../../certs/certification';

const VECTORS = path.resolve(__dirname, '../../../shared/fixtures/vectors/vc-bitstring-status-list');
const read = (p: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(VECTORS, p), 'utf8'));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('Bitstring Status List encoding', () => {
  const files = [
    'REC-2025-examples/status-list-credential.unsigned.json',
    'REC-2025-examples/status-list-credential.ecdsa-rdfc-2019.json',
    'REC-2025-examples/status-list-credential.eddsa-rdfc-2022.json',
    'ED-examples/example-bitstringstatuslistcredential.json',
  ];

  it.each(files)('decodes the spec example %s: 131,072 bits, none set', (file) => {
    const subject = read(file).credentialSubject as { encodedList: string; statusPurpose: string };
    expect(subject.statusPurpose).toBe('revocation');
    const bits = decodeBitstring(subject.encodedList);
    expect(bits.length * 8).toBe(MIN_STATUS_LIST_BITS);
    expect(bits.every((b) => b === 0)).toBe(true);
  });

  it("reads the spec's revocable credential index (94567) as not revoked", () => {
    const entry = read('REC-2025-examples/revocable-credential.unsigned.json').credentialStatus as {
      statusListIndex: string;
    };
    const list = read('REC-2025-examples/status-list-credential.unsigned.json').credentialSubject as {
      encodedList: string;
    };
    expect(getBit(decodeBitstring(list.encodedList), Number(entry.statusListIndex))).toBe(false);
  });

  it('encodes an empty list to the same bitstring as the spec example', () => {
    const mine = encodeBitstring(createBitstring());
    expect(mine.startsWith('u')).toBe(true);
    const spec = (
      read('ED-examples/example-bitstringstatuslistcredential.json').credentialSubject as {
        encodedList: string;
      }
    ).encodedList;
    expect(Buffer.from(decodeBitstring(mine)).equals(Buffer.from(decodeBitstring(spec)))).toBe(true);
  });

  it('uses the spec bit order: index 0 is the left-most bit of the first byte', () => {
    const raw = Buffer.alloc(16384);
    raw[0] = 0x80; // index 0
    raw[1] = 0x01; // index 15
    raw[11820] = 0x01; // index 94567 = 11820 * 8 + 7
    const encoded = `u${gzipSync(raw).toString('base64url')}`;
    const bits = decodeBitstring(encoded);
    expect(getBit(bits, 0)).toBe(true);
    expect(getBit(bits, 1)).toBe(false);
    expect(getBit(bits, 7)).toBe(false);
    expect(getBit(bits, 15)).toBe(true);
    expect(getBit(bits, 94567)).toBe(true);
    expect(getBit(bits, 94566)).toBe(false);
  });

  it('round-trips set bits through encode/decode', () => {
    let bits = createBitstring();
    for (const i of [0, 9, 94567, MIN_STATUS_LIST_BITS - 1]) bits = withBit(bits, i, true);
    const back = decodeBitstring(encodeBitstring(bits));
    expect([0, 9, 94567, MIN_STATUS_LIST_BITS - 1].every((i) => getBit(back, i))).toBe(true);
    expect(getBit(back, 1)).toBe(false);
    expect(getBit(withBit(back, 9, false), 9)).toBe(false);
  });

  it('refuses lists that are not multibase base64url GZIP, and out-of-range indexes', () => {
    expect(codeOf(() => decodeBitstring('zH4sIAAAA'))).toBe('KH_CERT_BITSTRING_INVALID');
    expect(codeOf(() => decodeBitstring(`u${Buffer.from('not gzip').toString('base64url')}`))).toBe(
      'KH_CERT_BITSTRING_INVALID',
    );
    expect(codeOf(() => getBit(createBitstring(), MIN_STATUS_LIST_BITS))).toBe('KH_CERT_BITSTRING_INVALID');
    expect(codeOf(() => createBitstring(1024))).toBe('KH_CERT_BITSTRING_INVALID');
  });
});
