/**
 * Issuer side of RFC 9901 §4.2: turn claims into an SD-JWT payload plus Disclosures. Which claims are
 * selectively disclosable is decided by `disclosable(path)`; nested structures are concealed bottom-up
 * so that a disclosable object's Disclosure carries its own `_sd` digests (recursive disclosure).
 * Object properties go to an `_sd` array (first key of the object, digests sorted, decoys mixed in);
 * array elements are replaced in place by `{"...": digest}`.
 */
import {
  digestOf,
  DisclosureSerializer,
  randomDigestBytes,
  encodeDisclosure,
  encodeDisclosureWithDigest,
  randomSalt,
} from './disclosure';
import { fail } from './lib/error';
import { toPointer } from './lib/pointer';
import { JsonObject, setOwn } from './lib/json';

export type ClaimPath = ReadonlyArray<string | number>;

export interface ConcealOptions {
  disclosable: (path: ClaimPath) => boolean;
  /** Salt for the Disclosure at `path`; 128 random bits by default. */
  salt?: (path: ClaimPath) => string;
  /** Number of decoy digests for the `_sd` array of the object at `path`; none by default. */
  decoys?: (path: ClaimPath) => number;
  serialize?: DisclosureSerializer;
}

export interface Concealed {
  payload: JsonObject;
  /** Disclosures, parents before the Disclosures nested in their values. */
  disclosures: string[];
}

/**
 * A decoy digest: 256 fresh bits from the pooled CSPRNG, base64url — the same length and alphabet as a
 * SHA-256 digest and as unpredictable as the hash of a random value (RFC 9901 §4.2.5), one hash cheaper.
 */
export function decoyDigest(): string {
  return randomDigestBytes();
}

/** `path` plus one segment, as a new array (callbacks may keep the paths they are given). */
function extend(path: ClaimPath, segment: string | number): (string | number)[] {
  const n = path.length;
  const out = new Array<string | number>(n + 1);
  for (let i = 0; i < n; i += 1) out[i] = path[i];
  out[n] = segment;
  return out;
}

// Local bindings: the hot loop below does not go through the module namespace on every call.
const encodeWithDigest = encodeDisclosureWithDigest;
const freshSalt = randomSalt;

export function conceal(claims: JsonObject, options: ConcealOptions): Concealed {
  const disclosures: string[] = [];
  const saltOf = options.salt;
  const decoys = options.decoys;
  const { disclosable, serialize } = options;

  /** Encode the Disclosure into `sink[slot]` (reserved before its nested Disclosures) and return its digest. */
  function disclose(path: ClaimPath, name: string | undefined, value: unknown, sink: string[], slot: number) {
    const salt = saltOf === undefined ? freshSalt() : saltOf(path);
    if (serialize !== undefined) {
      const encoded = encodeDisclosure(salt, name, value, serialize);
      sink[slot] = encoded;
      return digestOf(encoded);
    }
    const { encoded, digest } = encodeWithDigest(salt, name, value);
    sink[slot] = encoded;
    return digest;
  }

  /** The value concealed; Disclosures go to `sink`, each parent before the Disclosures nested in it. */
  function walk(value: unknown, path: ClaimPath, sink: string[]): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      const out: unknown[] = new Array<unknown>(value.length);
      for (let index = 0; index < value.length; index += 1) {
        const childPath = extend(path, index);
        if (!disclosable(childPath)) {
          out[index] = walk(value[index], childPath, sink);
          continue;
        }
        const slot = sink.push('') - 1;
        const processed = walk(value[index], childPath, sink);
        out[index] = { '...': disclose(childPath, undefined, processed, sink, slot) };
      }
      return out;
    }
    const obj = value as JsonObject;
    const digests: string[] = [];
    const clearNames: string[] = [];
    const clearValues: unknown[] = [];
    for (const name of Object.keys(obj)) {
      const childPath = extend(path, name);
      if (name === '_sd' || name === '...') {
        fail('KH_SDJWT_RESERVED_NAME', `claim name "${name}" is reserved`, toPointer(childPath));
      }
      if (disclosable(childPath)) {
        const slot = sink.push('') - 1;
        const processed = walk(obj[name], childPath, sink);
        digests.push(disclose(childPath, name, processed, sink, slot));
      } else {
        clearNames.push(name);
        clearValues.push(walk(obj[name], childPath, sink));
      }
    }
    if (digests.length > 0 && decoys !== undefined) {
      for (let i = decoys(path); i > 0; i -= 1) digests.push(decoyDigest());
    }
    const out: JsonObject = {};
    if (digests.length > 0) out._sd = digests.sort();
    for (let i = 0; i < clearNames.length; i += 1) setOwn(out, clearNames[i], clearValues[i]);
    return out;
  }

  const payload = walk(claims, [], disclosures);
  return { payload: payload as JsonObject, disclosures };
}
