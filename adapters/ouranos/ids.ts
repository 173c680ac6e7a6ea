/**
 * Name-based UUIDs (RFC 9562 version 5, SHA-1) for the OU-internal identifiers the canonical record does not
 * carry (tradeId, cfpId, child-part traceIds, ids of operators and plants that exist only on the other platform).
 * Same name → same UUID, so the mapping stays a pure function.
 */
import { createHash } from 'node:crypto';

/** Namespace of Kakehashi's OU identifiers (a fixed random UUID). */
export const KAKEHASHI_OU_NAMESPACE = '6f1c5e0a-3b7d-4c2e-9a51-8d0e4b7f2c19';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

const namespaceBytes = (namespace: string): Buffer => Buffer.from(namespace.replace(/-/g, ''), 'hex');
/** The default namespace's bytes, computed once. */
const KAKEHASHI_OU_NAMESPACE_BYTES = namespaceBytes(KAKEHASHI_OU_NAMESPACE);

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The UUID text of the first 16 bytes of a SHA-1 digest, with the version-5 and variant bits set. */
function uuidText(digest: Uint8Array): string {
  let out = '';
  for (let i = 0; i < 16; i += 1) {
    let byte = digest[i];
    if (i === 6) byte = (byte & 0x0f) | 0x50;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[byte];
  }
  return out;
}

// ---- SHA-1 (FIPS 180-4) in JavaScript for short messages: every OU record derives a few dozen name-based
// UUIDs, and for inputs of a block or two the native hash's per-call overhead is most of its cost. The
// digests are checked against node:crypto in the tests.
const W = new Int32Array(80);
let message = Buffer.alloc(256);
const digestOut = new Uint8Array(20);

function writeWord(at: number, word: number): void {
  digestOut[at] = word >>> 24;
  digestOut[at + 1] = word >>> 16;
  digestOut[at + 2] = word >>> 8;
  digestOut[at + 3] = word;
}

function sha1(bytes: Uint8Array, length: number): Uint8Array {
  const padded = (((length + 8) >> 6) + 1) << 6;
  bytes[length] = 0x80;
  bytes.fill(0, length + 1, padded);
  const bits = length * 8;
  bytes[padded - 5] = (bits / 0x100000000) >>> 0;
  bytes[padded - 4] = bits >>> 24;
  bytes[padded - 3] = bits >>> 16;
  bytes[padded - 2] = bits >>> 8;
  bytes[padded - 1] = bits;
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  for (let off = 0; off < padded; off += 64) {
    for (let t = 0; t < 16; t += 1) {
      const j = off + t * 4;
      W[t] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
    }
    for (let t = 16; t < 80; t += 1) {
      const x = W[t - 3] ^ W[t - 8] ^ W[t - 14] ^ W[t - 16];
      W[t] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let temp: number;
    for (let t = 0; t < 20; t += 1) {
      temp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[t]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    for (let t = 20; t < 40; t += 1) {
      temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[t]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    for (let t = 40; t < 60; t += 1) {
      temp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + W[t]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    for (let t = 60; t < 80; t += 1) {
      temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + W[t]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  writeWord(0, h0);
  writeWord(4, h1);
  writeWord(8, h2);
  writeWord(12, h3);
  writeWord(16, h4);
  return digestOut;
}

/** Longest name hashed in JavaScript; longer ones go to node:crypto. */
const MAX_JS_NAME = 1024;

export function uuidV5(name: string, namespace: string = KAKEHASHI_OU_NAMESPACE): string {
  const ns = namespace === KAKEHASHI_OU_NAMESPACE ? KAKEHASHI_OU_NAMESPACE_BYTES : namespaceBytes(namespace);
  if (name.length <= MAX_JS_NAME) {
    // UTF-8 of the name after the namespace bytes (at most 3 bytes per UTF-16 code unit), plus padding room.
    const need = ns.length + name.length * 3 + 72;
    if (message.length < need) message = Buffer.alloc(need);
    message.set(ns, 0);
    const written = message.write(name, ns.length, 'utf8');
    return uuidText(sha1(message, ns.length + written));
  }
  return uuidText(createHash('sha1').update(ns).update(name, 'utf8').digest());
}

/** Reference implementation on node:crypto (tests compare `uuidV5` with it). */
export function uuidV5Native(name: string, namespace: string = KAKEHASHI_OU_NAMESPACE): string {
  return uuidText(createHash('sha1').update(namespaceBytes(namespace)).update(name, 'utf8').digest());
}

/** `urn:uuid:<uuid>` for a bare UUID. */
export function uuidUrn(uuid: string): string {
  return `urn:uuid:${uuid}`;
}

/** The UUID inside `urn:uuid:…` or a bare UUID; otherwise a name-based UUID of the whole value. */
export function uuidFromIdentifier(value: string, kind: string): string {
  const bare = value.startsWith('urn:uuid:') ? value.slice('urn:uuid:'.length) : value;
  return isUuid(bare) ? bare.toLowerCase() : uuidV5(`${kind}:${value}`);
}

/** Derived OU identifiers (documented in docs/data-model.md (Ouranos-style native format)). */
export const derivedIds = {
  childTraceId: (batteryTraceId: string, upstreamTraceId: string): string =>
    uuidV5(`child-part:${batteryTraceId}:${upstreamTraceId}`),
  tradeId: (downstreamTraceId: string, upstreamTraceId: string): string =>
    uuidV5(`trade:${downstreamTraceId}:${upstreamTraceId}`),
  cfpId: (traceId: string, cfpType: string): string => uuidV5(`cfp:${traceId}:${cfpType}`),
  cfpCertificationId: (traceId: string, index: number): string =>
    uuidV5(`cfp-certification:${traceId}:${index}`),
};
