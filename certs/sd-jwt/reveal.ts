/**
 * Verifier side of RFC 9901 §7.1: process an SD-JWT payload with the Disclosures received. Every
 * Disclosure is hashed once (in `decodeDisclosure`); each digest may be referenced exactly once; every
 * Disclosure must be referenced; a disclosed name must not clash with a clear one; undisclosed digests
 * (withheld claims and decoys) are reported, never guessed at.
 */
import { DecodedDisclosure } from './disclosure';
import { fail } from './lib/error';
import { hasOwn, isJsonObject, JsonObject, setOwn } from './lib/json';
import { toPointer } from './lib/pointer';

export interface RevealedDisclosure {
  digest: string;
  encoded: string;
  /** Location of the claim in the disclosed credential. */
  path: (string | number)[];
  name?: string;
  /** The claim value with every nested Disclosure present applied. */
  value: unknown;
  /** Digest of the Disclosure whose value references this one, if any. */
  parent?: string;
  /** The Disclosure as decoded: its JSON text and its value with nested digests (`_sd`, `...`) in place. */
  decoded: { readonly json: string; readonly salt: string; readonly value: unknown };
}

export interface Revealed {
  claims: JsonObject;
  undisclosedDigests: string[];
  /** In reference order: a parent always comes before the Disclosures nested in it. */
  disclosures: RevealedDisclosure[];
}

const SD_ALG = 'sha-256';

// Local bindings for the hot walk (no module-namespace lookup per node).
const own = hasOwn;
const isObject = isJsonObject;
const put = setOwn;

export function reveal(
  payload: JsonObject,
  decoded: readonly DecodedDisclosure[],
  options: { maxDepth: number },
): Revealed {
  const byDigest = new Map<string, DecodedDisclosure>();
  for (let i = 0; i < decoded.length; i += 1) {
    const d = decoded[i];
    if (byDigest.has(d.digest)) {
      fail('KH_SDJWT_DUPLICATE_DISCLOSURE', 'the same Disclosure is present twice', `/disclosures/${i}`);
    }
    byDigest.set(d.digest, d);
  }
  const sdAlg = payload._sd_alg;
  if (sdAlg !== undefined && sdAlg !== SD_ALG)
    fail('KH_SDJWT_SD_ALG', 'only _sd_alg "sha-256" is supported', '/_sd_alg');

  const maxDepth = options.maxDepth;
  /** Digests referenced so far (each may be referenced once). */
  const referenced = new Set<string>();
  const undisclosedDigests: string[] = [];
  const views: RevealedDisclosure[] = [];
  /** Disclosures placed so far (each at most once: digests are unique and referenced once). */
  let found = 0;
  /** The claim path of the value being walked (one mutable stack; copied only into views and errors). */
  const path: (string | number)[] = [];
  const pointer = (...tail: (string | number)[]): string => toPointer([...path, ...tail]);

  function reference(digest: unknown, tail: string | number): DecodedDisclosure | undefined {
    if (typeof digest !== 'string') fail('KH_SDJWT_MALFORMED', 'a digest is not a string', pointer(tail));
    if (referenced.has(digest)) {
      fail('KH_SDJWT_DUPLICATE_DIGEST', 'a digest is referenced more than once', pointer(tail));
    }
    referenced.add(digest);
    const found = byDigest.get(digest);
    if (found === undefined) undisclosedDigests.push(digest);
    return found;
  }

  /** A Disclosure found at `path` (already pushed): its view, then its value walked. */
  function place(d: DecodedDisclosure, depth: number, parent: string | undefined): unknown {
    const view: RevealedDisclosure = {
      digest: d.digest,
      encoded: d.encoded,
      path: path.slice(),
      value: undefined,
      decoded: { json: d.json, salt: d.salt, value: d.value },
    };
    if (d.name !== undefined) view.name = d.name;
    if (parent !== undefined) view.parent = parent;
    views.push(view);
    found += 1;
    view.value = walk(d.value, depth + 1, d.digest);
    return view.value;
  }

  /**
   * The value at `path` with every Disclosure present applied and `_sd`/`...` removed. A subtree that holds
   * no digest is returned as is (not copied): only objects and arrays that change are rebuilt.
   */
  function walk(value: unknown, depth: number, parent: string | undefined): unknown {
    if (depth > maxDepth) {
      fail('KH_SDJWT_TOO_LARGE', `claims nest deeper than ${maxDepth} levels`, pointer());
    }
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return walkArray(value, depth, parent);
    return walkObject(value as JsonObject, depth, parent);
  }

  function walkArray(value: unknown[], depth: number, parent: string | undefined): unknown[] {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const element = value[i];
      const index = out === undefined ? i : out.length;
      if (isObject(element) && own(element, '...')) {
        out ??= value.slice(0, i);
        if (Object.keys(element).length !== 1) {
          fail('KH_SDJWT_MALFORMED', 'an array-element digest object must hold only "..."', pointer(index));
        }
        const d = reference(element['...'], index);
        if (d === undefined) continue;
        if (d.name !== undefined) {
          fail(
            'KH_SDJWT_DISCLOSURE_KIND',
            'an object-property Disclosure is referenced as an array element',
            pointer(index),
          );
        }
        path.push(index);
        out.push(place(d, depth, parent));
        path.pop();
      } else {
        path.push(index);
        const walked = walk(element, depth + 1, parent);
        path.pop();
        if (out !== undefined) out.push(walked);
        else if (walked !== element) {
          out = value.slice(0, i);
          out.push(walked);
        }
      }
    }
    return out ?? value;
  }

  function walkObject(value: JsonObject, depth: number, parent: string | undefined): JsonObject {
    const names = Object.keys(value);
    const sd = value._sd;
    let out: JsonObject | undefined;
    if (sd !== undefined || (depth === 0 && own(value, '_sd_alg'))) out = {};
    for (let i = 0; i < names.length; i += 1) {
      const name = names[i];
      if (name === '_sd' || (depth === 0 && name === '_sd_alg')) continue;
      if (name === '...') fail('KH_SDJWT_RESERVED_NAME', 'claim name "..." is reserved', pointer(name));
      const child = value[name];
      path.push(name);
      const walked = walk(child, depth + 1, parent);
      path.pop();
      if (out === undefined && walked !== child) {
        out = {};
        for (let j = 0; j < i; j += 1) put(out, names[j], value[names[j]]);
      }
      if (out !== undefined) put(out, name, walked);
    }
    if (sd === undefined) return out ?? value;
    const target = out ?? {};
    if (!Array.isArray(sd)) fail('KH_SDJWT_MALFORMED', '_sd is not an array', pointer('_sd'));
    for (const digest of sd) {
      const d = reference(digest, '_sd');
      if (d === undefined) continue;
      if (d.name === undefined) {
        fail(
          'KH_SDJWT_DISCLOSURE_KIND',
          'an array-element Disclosure is referenced from _sd',
          pointer('_sd'),
        );
      }
      if (own(target, d.name)) {
        fail('KH_SDJWT_CLAIM_CLASH', `disclosed claim "${d.name}" already exists`, pointer(d.name));
      }
      path.push(d.name);
      put(target, d.name, place(d, depth, parent));
      path.pop();
    }
    return target;
  }

  const claims = walkObject(payload, 0, undefined);
  if (found !== decoded.length) {
    const i = decoded.findIndex((d) => !referenced.has(d.digest));
    fail('KH_SDJWT_DIGEST_MISMATCH', 'a Disclosure is not referenced by any digest', `/disclosures/${i}`);
  }
  return { claims: claims === payload ? { ...payload } : claims, undisclosedDigests, disclosures: views };
}
