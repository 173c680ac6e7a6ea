/**
 * JSON-LD processing of canonical records, always through the offline document loader and in safe mode:
 * a term that no context defines would be silently dropped by expansion, so here it is an error.
 */
import jsonld from 'jsonld';
import { KhError, isKhError } from '../connector/errors';
import { documentLoader, loadStoredDocument } from './document-loader';
import { termRoot, termStep, type TermState } from './vocabulary';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Safe-mode event codes that mean "a term or type value is not defined by the contexts". */
const UNDEFINED_TERM_EVENTS = new Set([
  'invalid property',
  'invalid reverse property',
  'relative @type reference',
  'relative @vocab reference',
  'reserved term',
]);

function khErrorFrom(err: unknown): KhError {
  if (isKhError(err)) return err;
  // jsonld wraps document-loader failures: find our typed error in the cause chain.
  let current: unknown = err;
  for (let i = 0; i < 5 && isRecord(current); i++) {
    if (isKhError(current)) return current;
    const details = current.details;
    const next = isRecord(details) && details.cause !== undefined ? details.cause : current.cause;
    if (isKhError(next)) return next;
    current = next;
  }
  const details = isRecord(err) && isRecord(err.details) ? err.details : undefined;
  const event = details && isRecord(details.event) ? details.event : undefined;
  const eventCode = event && typeof event.code === 'string' ? event.code : undefined;
  const eventDetails = event && isRecord(event.details) ? event.details : {};
  if (eventCode !== undefined && UNDEFINED_TERM_EVENTS.has(eventCode)) {
    const term =
      typeof eventDetails.property === 'string'
        ? eventDetails.property
        : typeof eventDetails.type === 'string'
          ? eventDetails.type
          : typeof eventDetails.term === 'string'
            ? eventDetails.term
            : undefined;
    return new KhError(
      'KH_JSONLD_UNDEFINED_TERM',
      `term ${term ?? '(unknown)'} is not defined by the record's contexts`,
      {
        where: term,
        details: { term, event: eventCode },
        cause: err,
      },
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new KhError('KH_JSONLD_INVALID', `JSON-LD expansion failed: ${message}`, {
    details: eventCode === undefined ? undefined : { event: eventCode },
    cause: err,
  });
}

/** Expands `doc` (safe mode, offline loader). Throws `KH_JSONLD_UNDEFINED_TERM`, `KH_JSONLD_REMOTE_CONTEXT`, ... */
export async function expandSafe(doc: object): Promise<unknown[]> {
  try {
    const expanded = await jsonld.expand(
      doc as jsonld.JsonLdDocument,
      {
        documentLoader: documentLoader as never,
        safe: true,
      } as jsonld.Options.Expand,
    );
    return expanded as unknown[];
  } catch (err) {
    throw khErrorFrom(err);
  }
}

/**
 * Resolves when every term of `doc` is defined by its contexts (no `@vocab` catch-all is in play);
 * otherwise throws `KH_JSONLD_UNDEFINED_TERM` naming the first undefined term.
 */
export async function assertFullyDefined(doc: object): Promise<void> {
  await expandSafe(doc);
}

// ---------------------------------------------------------------------------------------------------------
// Compiled check: the canonical record's keys against a term table compiled once from the two pinned
// contexts (VC 2.0 + Kakehashi v1, with their property-scoped contexts, via schemas/vocabulary.ts). It only
// ever *accepts*; anything it cannot vouch for exactly (another context, a keyword key, a type-scoped
// type other than `VerifiableCredential` at the top, an `@vocab`-typed term, an undefined term or type, a
// relative IRI) goes to the full safe-mode expansion, whose verdict is authoritative.
// ---------------------------------------------------------------------------------------------------------

const PINNED_CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kakehashi/v1'] as const;
const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:/i;

interface ContextTraits {
  /** Term names whose definition (anywhere) carries a scoped `@context`: as a type, they would scope. */
  readonly scoped: ReadonlySet<string>;
  /** Term names whose definition (anywhere) coerces values to IRIs (`@id`). */
  readonly idTyped: ReadonlySet<string>;
  /** Term names whose definition (anywhere) is `@vocab`- or `@json`-typed (values need full processing). */
  readonly special: ReadonlySet<string>;
}

let traits: ContextTraits | undefined;

function contextTraits(): ContextTraits {
  if (traits !== undefined) return traits;
  const scoped = new Set<string>();
  const idTyped = new Set<string>();
  const special = new Set<string>();
  const visit = (ctx: unknown): void => {
    if (!isRecord(ctx)) return;
    for (const [term, def] of Object.entries(ctx)) {
      if (!isRecord(def)) continue;
      if (def['@context'] !== undefined) {
        scoped.add(term);
        visit(def['@context']);
      }
      if (def['@type'] === '@id') idTyped.add(term);
      if (def['@type'] === '@vocab' || def['@type'] === '@json') special.add(term);
    }
  };
  for (const url of PINNED_CONTEXTS) {
    const doc = loadStoredDocument(url);
    visit(isRecord(doc) ? doc['@context'] : undefined);
  }
  traits = { scoped, idTyped, special };
  return traits;
}

type Path = (string | number)[];

/** Why the compiled walk could not vouch for the document (`pointer` = where; `term` = the culprit). */
interface Doubt {
  readonly pointer: string;
  readonly term?: string;
}

function pointerOf(path: ReadonlyArray<string | number>): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function samePinnedContext(context: unknown): boolean {
  return (
    Array.isArray(context) &&
    context.length === PINNED_CONTEXTS.length &&
    context.every((c, i) => c === PINNED_CONTEXTS[i])
  );
}

/**
 * The compiled walk alone (pure, no expansion): undefined when every key and type value of `doc` is a term
 * of the two pinned contexts; otherwise the first thing it cannot vouch for (JSON pointer, and the term
 * when it is an undefined key or type value).
 */
export function compiledTermDoubt(
  doc: object,
): { readonly pointer: string; readonly term?: string } | undefined {
  return isRecord(doc) ? findDoubt(doc) : { pointer: '' };
}

function findDoubt(doc: Record<string, unknown>): Doubt | undefined {
  if (!samePinnedContext(doc['@context'])) return { pointer: '/@context' };
  const { scoped, idTyped, special } = contextTraits();
  const topTypes = doc.type;
  if (!(Array.isArray(topTypes) ? topTypes : [topTypes]).includes('VerifiableCredential')) {
    return { pointer: '/type' };
  }
  const root = termRoot();
  // The path of the value being looked at (pushed and popped as the walk goes; read only for a doubt).
  const path: Path = [];
  const here = (): Doubt => ({ pointer: pointerOf(path) });

  /** `state` is the term state of the object holding the type member (`path` ends with its key). */
  const checkType = (value: unknown, state: TermState, depth: number): Doubt | undefined => {
    // A type value is a term of the context active where it appears (at the top: before type scoping).
    const holder = depth === 0 ? termStep(root, 'credentialSubject')?.next : state;
    const many = Array.isArray(value);
    const values: unknown[] = many ? value : [value];
    for (let i = 0; i < values.length; i += 1) {
      const v: unknown = values[i];
      if (many) path.push(i);
      if (typeof v !== 'string') return here();
      if (scoped.has(v) && !(depth === 0 && v === 'VerifiableCredential')) return here();
      if (holder === undefined || termStep(holder, v) === undefined) {
        return { pointer: pointerOf(path), term: v };
      }
      if (many) path.pop();
    }
    return undefined;
  };

  const walk = (value: unknown, state: TermState, depth: number): Doubt | undefined => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        path.push(i);
        const doubt = walk(value[i], state, depth);
        if (doubt !== undefined) return doubt;
        path.pop();
      }
      return undefined;
    }
    if (!isRecord(value)) return undefined;
    const keys = Object.keys(value);
    for (let k = 0; k < keys.length; k += 1) {
      const key = keys[k];
      const member = value[key];
      path.push(key);
      if (key.charCodeAt(0) === 64 /* @ */) {
        if (depth === 0 && key === '@context') {
          path.pop();
          continue;
        }
        return here();
      }
      if (special.has(key)) return here();
      const edge = termStep(state, key);
      if (edge === undefined) return { pointer: pointerOf(path), term: key };
      const iri = edge.iri;
      if (iri === '@type') {
        const doubt = checkType(member, state, depth);
        if (doubt !== undefined) return doubt;
        path.pop();
        continue;
      }
      if (iri === '@id' || idTyped.has(key)) {
        const iris = Array.isArray(member) ? member : [member];
        if (iris.some((v) => typeof v === 'string' && !ABSOLUTE_IRI.test(v))) return here();
        if (iri === '@id') {
          if (iris.some((v) => typeof v !== 'string')) return here();
          path.pop();
          continue;
        }
      }
      const doubt = walk(member, edge.next, depth + 1);
      if (doubt !== undefined) return doubt;
      path.pop();
    }
    return undefined;
  };
  return walk(doc, root, 0);
}

/**
 * Resolves when every key (and type value) of `doc` is a term defined by its contexts. For a credential
 * whose only contexts are the two pinned ones (VC 2.0 + Kakehashi v1) this is a walk over a term table
 * compiled once (no JSON-LD expansion); anything else — another context, JSON-LD keywords, type-scoped
 * types, an undefined term — is decided by the full safe-mode expansion (`assertFullyDefined`), so the
 * errors are the same: `KH_JSONLD_UNDEFINED_TERM` (where = the term; details.pointer = its JSON pointer
 * when the walk found it), `KH_JSONLD_REMOTE_CONTEXT`, `KH_JSONLD_INVALID`.
 */
export async function assertTermsDefinedCompiled(doc: object): Promise<void> {
  if (!isRecord(doc)) {
    await expandSafe(doc);
    return;
  }
  const doubt = findDoubt(doc);
  if (doubt === undefined) return;
  try {
    await expandSafe(doc);
  } catch (err) {
    if (isKhError(err) && err.code === 'KH_JSONLD_UNDEFINED_TERM' && doubt.term !== undefined) {
      const details = isRecord(err.details) ? err.details : {};
      throw new KhError(err.code, err.message, {
        ...(err.where === undefined ? {} : { where: err.where }),
        details: { ...details, pointer: doubt.pointer },
        cause: err,
      });
    }
    throw err;
  }
}
