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
  encodeDisclosure,
  randomSalt,
  RESERVED_CLAIM_NAMES,
} from './disclosure';
import { fail } from './lib/error';
import { toPointer } from './lib/pointer';
import { isJsonObject, JsonObject, setOwn } from './lib/json';

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

/** A decoy digest: the hash of a random value, indistinguishable from a real digest. */
export function decoyDigest(): string {
  return digestOf(randomSalt());
}

export function conceal(claims: JsonObject, options: ConcealOptions): Concealed {
  const disclosures: string[] = [];
  const salt = options.salt ?? (() => randomSalt());
  const decoys = options.decoys ?? (() => 0);

  function disclose(path: ClaimPath, name: string | undefined, value: unknown, sink: string[]): string {
    const encoded = encodeDisclosure(salt(path), name, value, options.serialize);
    sink.push(encoded);
    return digestOf(encoded);
  }

  function walk(value: unknown, path: ClaimPath, sink: string[]): unknown {
    if (Array.isArray(value)) {
      return value.map((element: unknown, index) => {
        const childPath = [...path, index];
        const nested: string[] = [];
        const processed = walk(element, childPath, nested);
        if (!options.disclosable(childPath)) {
          sink.push(...nested);
          return processed;
        }
        const digest = disclose(childPath, undefined, processed, sink);
        sink.push(...nested);
        return { '...': digest };
      });
    }
    if (!isJsonObject(value)) return value;
    const digests: string[] = [];
    const clear: Array<[string, unknown]> = [];
    for (const [name, child] of Object.entries(value)) {
      const childPath = [...path, name];
      if (RESERVED_CLAIM_NAMES.has(name)) {
        fail('KH_SDJWT_RESERVED_NAME', `claim name "${name}" is reserved`, toPointer(childPath));
      }
      const nested: string[] = [];
      const processed = walk(child, childPath, nested);
      if (options.disclosable(childPath)) {
        digests.push(disclose(childPath, name, processed, sink));
      } else {
        clear.push([name, processed]);
      }
      sink.push(...nested);
    }
    if (digests.length > 0) {
      for (let i = decoys(path); i > 0; i -= 1) digests.push(decoyDigest());
    }
    const out: JsonObject = {};
    if (digests.length > 0) out._sd = digests.sort();
    for (const [name, processed] of clear) setOwn(out, name, processed);
    return out;
  }

  const payload = walk(claims, [], disclosures);
  return { payload: payload as JsonObject, disclosures };
}
