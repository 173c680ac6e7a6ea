/**
 * The Bitstring Status List bitstring (W3C Bitstring Status List 1.0, §3.1 and §3.2): a bit array,
 * GZIP-compressed and multibase-encoded as base64url without padding (prefix `u`). Bit order: index 0 is
 * the left-most (most significant) bit of the first byte. The minimum length is 16 KB (131,072 bits).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { KhError } from '../../connector/errors';

/** The spec's minimum bitstring length, in bits (16 KB): small lists would reveal who was revoked. */
export const MIN_STATUS_LIST_BITS = 131_072;
/** Largest decompressed bitstring this node accepts (guards against GZIP bombs). */
export const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;

export function createBitstring(lengthBits: number = MIN_STATUS_LIST_BITS): Uint8Array {
  if (!Number.isInteger(lengthBits) || lengthBits < MIN_STATUS_LIST_BITS || lengthBits % 8 !== 0) {
    throw new KhError(
      'KH_CERT_BITSTRING_INVALID',
      `a status list has a multiple of 8 bits, at least ${MIN_STATUS_LIST_BITS}`,
    );
  }
  return new Uint8Array(lengthBits / 8);
}

function checkIndex(bits: Uint8Array, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new KhError('KH_CERT_BITSTRING_INVALID', 'the status list index is outside the bitstring', {
      details: { index, lengthBits: bits.length * 8 },
    });
  }
}

export function getBit(bits: Uint8Array, index: number): boolean {
  checkIndex(bits, index);
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

/** A copy of `bits` with bit `index` set to `value` (pure). */
export function withBit(bits: Uint8Array, index: number, value: boolean): Uint8Array {
  checkIndex(bits, index);
  const out = Uint8Array.from(bits);
  const mask = 0x80 >> (index & 7);
  out[index >> 3] = value ? out[index >> 3] | mask : out[index >> 3] & ~mask;
  return out;
}

/** `encodedList` of a bitstring: `u` + base64url (no padding) of its GZIP. */
export function encodeBitstring(bits: Uint8Array): string {
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** The bitstring of an `encodedList`. Throws KH_CERT_BITSTRING_INVALID on anything else. */
export function decodeBitstring(encodedList: string): Uint8Array {
  if (typeof encodedList !== 'string' || !/^u[A-Za-z0-9_-]+$/.test(encodedList)) {
    throw new KhError('KH_CERT_BITSTRING_INVALID', 'encodedList is not multibase base64url (prefix u)');
  }
  let bytes: Buffer;
  try {
    bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'), {
      maxOutputLength: MAX_STATUS_LIST_BYTES,
    });
  } catch (cause) {
    throw new KhError('KH_CERT_BITSTRING_INVALID', 'encodedList is not a GZIP stream within the size bound', {
      cause,
    });
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
