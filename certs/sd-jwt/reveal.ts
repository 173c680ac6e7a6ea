/**
 * Verifier side of RFC 9901 §7.1: process an SD-JWT payload with the Disclosures received. Every
 * Disclosure is hashed once (in `decodeDisclosure`); each digest may be referenced exactly once; every
 * Disclosure must be referenced; a disclosed name must not clash with a clear one; undisclosed digests
 * (withheld claims and decoys) are reported, never guessed at.
 */
import { DecodedDisclosure } from './disclosure';
import { ClaimPath } from './conceal';
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

export function reveal(
  payload: JsonObject,
  decoded: readonly DecodedDisclosure[],
  options: { maxDepth: number },
): Revealed {
  const byDigest = new Map<string, DecodedDisclosure>();
  decoded.forEach((d, i) => {
    if (byDigest.has(d.digest)) {
      fail('KH_SDJWT_DUPLICATE_DISCLOSURE', 'the same Disclosure is present twice', `/disclosures/${i}`);
    }
    byDigest.set(d.digest, d);
  });
  const sdAlg = payload._sd_alg;
  if (sdAlg !== undefined && sdAlg !== SD_ALG)
    fail('KH_SDJWT_SD_ALG', 'only _sd_alg "sha-256" is supported', '/_sd_alg');

  const referenced = new Set<string>();
  const undisclosedDigests: string[] = [];
  const views: RevealedDisclosure[] = [];

  function reference(digest: unknown, path: ClaimPath): DecodedDisclosure | undefined {
    if (typeof digest !== 'string') fail('KH_SDJWT_MALFORMED', 'a digest is not a string', toPointer(path));
    if (referenced.has(digest)) {
      fail('KH_SDJWT_DUPLICATE_DIGEST', 'a digest is referenced more than once', toPointer(path));
    }
    referenced.add(digest);
    const found = byDigest.get(digest);
    if (found === undefined) undisclosedDigests.push(digest);
    return found;
  }

  function walk(
    value: unknown,
    path: (string | number)[],
    depth: number,
    parent: string | undefined,
  ): unknown {
    if (depth > options.maxDepth) {
      fail('KH_SDJWT_TOO_LARGE', `claims nest deeper than ${options.maxDepth} levels`, toPointer(path));
    }
    if (Array.isArray(value)) return walkArray(value, path, depth, parent);
    if (isJsonObject(value)) return walkObject(value, path, depth, parent);
    return value;
  }

  function walkArray(
    value: unknown[],
    path: (string | number)[],
    depth: number,
    parent: string | undefined,
  ): unknown[] {
    const out: unknown[] = [];
    for (const element of value) {
      if (isJsonObject(element) && hasOwn(element, '...')) {
        const at = [...path, out.length];
        if (Object.keys(element).length !== 1) {
          fail('KH_SDJWT_MALFORMED', 'an array-element digest object must hold only "..."', toPointer(at));
        }
        const d = reference(element['...'], at);
        if (d === undefined) continue;
        if (d.name !== undefined) {
          fail(
            'KH_SDJWT_DISCLOSURE_KIND',
            'an object-property Disclosure is referenced as an array element',
            toPointer(at),
          );
        }
        const view: RevealedDisclosure = {
          digest: d.digest,
          encoded: d.encoded,
          path: at,
          value: undefined,
          ...(parent === undefined ? {} : { parent }),
          decoded: { json: d.json, salt: d.salt, value: d.value },
        };
        views.push(view);
        view.value = walk(d.value, at, depth + 1, d.digest);
        out.push(view.value);
      } else {
        out.push(walk(element, [...path, out.length], depth + 1, parent));
      }
    }
    return out;
  }

  function walkObject(
    value: JsonObject,
    path: (string | number)[],
    depth: number,
    parent: string | undefined,
  ): JsonObject {
    const out: JsonObject = {};
    for (const [name, child] of Object.entries(value)) {
      if (name === '_sd' || (depth === 0 && name === '_sd_alg')) continue;
      if (name === '...')
        fail('KH_SDJWT_RESERVED_NAME', 'claim name "..." is reserved', toPointer([...path, name]));
      setOwn(out, name, walk(child, [...path, name], depth + 1, parent));
    }
    const sd = value._sd;
    if (sd === undefined) return out;
    if (!Array.isArray(sd)) fail('KH_SDJWT_MALFORMED', '_sd is not an array', toPointer([...path, '_sd']));
    for (const digest of sd) {
      const d = reference(digest, [...path, '_sd']);
      if (d === undefined) continue;
      if (d.name === undefined) {
        fail(
          'KH_SDJWT_DISCLOSURE_KIND',
          'an array-element Disclosure is referenced from _sd',
          toPointer([...path, '_sd']),
        );
      }
      const at = [...path, d.name];
      if (hasOwn(out, d.name)) {
        fail('KH_SDJWT_CLAIM_CLASH', `disclosed claim "${d.name}" already exists`, toPointer(at));
      }
      const view: RevealedDisclosure = {
        digest: d.digest,
        encoded: d.encoded,
        path: at,
        name: d.name,
        value: undefined,
        ...(parent === undefined ? {} : { parent }),
        decoded: { json: d.json, salt: d.salt, value: d.value },
      };
      views.push(view);
      view.value = walk(d.value, at, depth + 1, d.digest);
      setOwn(out, d.name, view.value);
    }
    return out;
  }

  const claims = walkObject(payload, [], 0, undefined);
  decoded.forEach((d, i) => {
    if (!referenced.has(d.digest)) {
      fail('KH_SDJWT_DIGEST_MISMATCH', 'a Disclosure is not referenced by any digest', `/disclosures/${i}`);
    }
  });
  return { claims, undisclosedDigests, disclosures: views };
}
