/**
 * The Kakehashi vocabulary as compiled once from the stored contexts: which IRI a claim at a JSON path of a
 * canonical credential expands to, without running JSON-LD expansion per record.
 *
 * The compilation follows the JSON-LD 1.1 rules the canonical record relies on: the VC 2.0 context's
 * `VerifiableCredential` type-scoped terms apply at the credential's top level only (type-scoped contexts do
 * not propagate), Kakehashi terms apply everywhere below, and property-scoped contexts (which may redefine
 * protected terms such as `type`, `id`, `name`) apply to the value of their property and everything below it.
 * Array indices are transparent: the claim of an array element is its array's property.
 */
import { loadStoredDocument } from './document-loader';

export const KAKEHASHI_VOCAB_IRI = 'https://w3id.org/kakehashi/vocab#';
const VC_V2_URL = 'https://www.w3.org/ns/credentials/v2';
const KAKEHASHI_URL = 'https://w3id.org/kakehashi/v1';

interface TermDefinition {
  iri: string;
  /** Property-scoped context, already resolved to term definitions. */
  scoped?: ActiveContext;
}
type ActiveContext = ReadonlyMap<string, TermDefinition>;

interface Compiled {
  /** Terms at the credential's top level (VC type-scoped terms included). */
  credentialLevel: ActiveContext;
  /** Terms below the top level. */
  nested: ActiveContext;
  /** Every Kakehashi term IRI the context can produce. */
  kakehashiIris: ReadonlySet<string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expandIri(value: string, prefixes: ReadonlyMap<string, string>): string {
  if (value.startsWith('@')) return value;
  const colon = value.indexOf(':');
  if (colon > 0) {
    const prefix = prefixes.get(value.slice(0, colon));
    if (prefix !== undefined && !value.slice(colon + 1).startsWith('//'))
      return prefix + value.slice(colon + 1);
  }
  return value;
}

/** Resolve a context object into term definitions layered over `base`. */
function compileContext(
  ctx: Record<string, unknown>,
  base: ActiveContext,
  prefixes: Map<string, string>,
  iris: Set<string>,
): Map<string, TermDefinition> {
  const out = new Map(base);
  for (const [term, def] of Object.entries(ctx)) {
    if (
      typeof def === 'string' &&
      !def.startsWith('@') &&
      /^[a-z][a-z0-9+.-]*$/i.test(term) &&
      /[/#]$/.test(def)
    ) {
      prefixes.set(term, def);
    }
  }
  for (const [term, def] of Object.entries(ctx)) {
    if (term.startsWith('@')) continue;
    let iri: string | undefined;
    let scoped: Record<string, unknown> | undefined;
    if (typeof def === 'string') iri = expandIri(def, prefixes);
    else if (isRecord(def)) {
      if (typeof def['@id'] === 'string') iri = expandIri(def['@id'], prefixes);
      if (isRecord(def['@context'])) scoped = def['@context'];
    }
    if (iri === undefined) continue;
    if (iri.startsWith(KAKEHASHI_VOCAB_IRI)) iris.add(iri);
    const entry: TermDefinition = { iri };
    out.set(term, entry);
    if (scoped !== undefined) {
      // Scoped contexts are resolved lazily against the context active where they apply (see childContext).
      scopedSource.set(entry, scoped);
    }
  }
  return out;
}

const scopedSource = new WeakMap<TermDefinition, Record<string, unknown>>();
const childCache = new WeakMap<ActiveContext, Map<string, ActiveContext>>();
let compiled: Compiled | undefined;
let sharedPrefixes: Map<string, string> = new Map();
let sharedIris: Set<string> = new Set();

function contextBody(url: string): Record<string, unknown> {
  const doc = loadStoredDocument(url);
  if (!isRecord(doc) || !isRecord(doc['@context']))
    throw new Error(`stored context ${url} has no @context object`);
  return doc['@context'];
}

function compile(): Compiled {
  if (compiled) return compiled;
  sharedPrefixes = new Map();
  sharedIris = new Set();
  const vc = contextBody(VC_V2_URL);
  const kh = contextBody(KAKEHASHI_URL);
  const vcTop = compileContext(vc, new Map(), sharedPrefixes, sharedIris);
  const nested = compileContext(kh, vcTop, sharedPrefixes, sharedIris);
  const vcType = vc['VerifiableCredential'];
  const typeScoped = isRecord(vcType) && isRecord(vcType['@context']) ? vcType['@context'] : {};
  const credentialLevel = compileContext(typeScoped, nested, sharedPrefixes, sharedIris);
  // Compile every scoped context once (against the nested base) so that the IRI set is complete.
  const seen = new Set<TermDefinition>();
  const visit = (ctx: ActiveContext): void => {
    for (const [term, def] of ctx) {
      if (!scopedSource.has(def) || seen.has(def)) continue;
      seen.add(def);
      visit(childContext(ctx, term, def));
    }
  };
  visit(nested);
  compiled = { credentialLevel, nested, kakehashiIris: sharedIris };
  return compiled;
}

function childContext(active: ActiveContext, term: string, def: TermDefinition): ActiveContext {
  const source = scopedSource.get(def);
  if (source === undefined) return active;
  let perTerm = childCache.get(active);
  if (!perTerm) {
    perTerm = new Map();
    childCache.set(active, perTerm);
  }
  const cached = perTerm.get(term);
  if (cached) return cached;
  const child = compileContext(source, active, sharedPrefixes, sharedIris);
  perTerm.set(term, child);
  return child;
}

/**
 * A compiled walk over the term table: one state per distinct active context, with an edge per defined term
 * (created on first use and kept, so a lookup is one `Map.get` per path segment). States exist only for the
 * finitely many active contexts the two pinned contexts can produce, and edges only for defined terms, so the
 * cache is bounded whatever paths it is asked about.
 */
export interface TermState {
  /** @internal */
  readonly ctx: ActiveContext;
  /** @internal Leaving the credential's top level drops the VC type-scoped terms. */
  readonly base: ActiveContext | undefined;
  /** @internal */
  readonly edges: Map<string, TermEdge>;
}

/** The claim a key names in a state, and the state below it. */
export interface TermEdge {
  readonly iri: string;
  readonly next: TermState;
}

const stateOf = new WeakMap<ActiveContext, TermState>();
let rootState: TermState | undefined;

function nestedState(ctx: ActiveContext): TermState {
  let state = stateOf.get(ctx);
  if (state === undefined) {
    state = { ctx, base: undefined, edges: new Map() };
    stateOf.set(ctx, state);
  }
  return state;
}

/** The state at the credential's top level (where `termIriAt` starts). */
export function termRoot(): TermState {
  if (rootState !== undefined) return rootState;
  const { credentialLevel, nested } = compile();
  rootState = { ctx: credentialLevel, base: nested, edges: new Map() };
  return rootState;
}

/** The edge of `key` from `state` (its IRI and the state below); `undefined` for an undefined term or a keyword. */
export function termStep(state: TermState, key: string): TermEdge | undefined {
  const edge = state.edges.get(key);
  if (edge !== undefined) return edge;
  if (key.startsWith('@')) return undefined;
  const def = state.ctx.get(key);
  if (def === undefined) return undefined;
  const created: TermEdge = {
    iri: def.iri,
    next: nestedState(childContext(state.base ?? state.ctx, key, def)),
  };
  state.edges.set(key, created);
  return created;
}

/** The previous `termIriAt` path (its first `lastLength` segments), with the state and IRI after each. */
const lastPath: (string | number)[] = [];
const lastStates: TermState[] = [];
const lastIris: (string | undefined)[] = [];
let lastLength = 0;

/**
 * The expanded IRI of the claim at `path` inside a canonical credential (e.g.
 * `['credentialSubject', 'supplyChain', 'suppliers', 0, 'supplierName']` → `https://w3id.org/kakehashi/vocab#supplierName`).
 * `id`/`type` give `@id`/`@type`; a path ending in an array index gives its array's claim; `undefined` when a
 * key is not a defined term (or the path is empty or starts with `@context`).
 */
export function termIriAt(path: ReadonlyArray<string | number>): string | undefined {
  let state = rootState ?? termRoot();
  let iri: string | undefined;
  // Callers mostly walk records depth first, so a path usually shares a prefix with the previous one: the
  // states along the previous path are kept, and the walk resumes after the common prefix.
  let i = 0;
  const shared = Math.min(path.length, lastLength);
  while (i < shared && path[i] === lastPath[i]) i += 1;
  if (i > 0) {
    state = lastStates[i - 1];
    iri = lastIris[i - 1];
  }
  for (; i < path.length; i += 1) {
    const segment = path[i];
    if (typeof segment !== 'number') {
      const edge = state.edges.get(segment) ?? termStep(state, segment);
      if (edge === undefined) {
        lastLength = i;
        return undefined;
      }
      iri = edge.iri;
      state = edge.next;
    }
    lastPath[i] = segment;
    lastStates[i] = state;
    lastIris[i] = iri;
  }
  lastLength = path.length;
  return iri;
}

/** Every IRI in the Kakehashi vocabulary namespace that the context defines (scoped terms included). */
export function kakehashiTermIris(): ReadonlySet<string> {
  return compile().kakehashiIris;
}

/** IRIs of the claims that carry withheld-by-default data (supplier identities, procurement volumes). */
export const SENSITIVE_TERM_IRIS: ReadonlyArray<string> = [
  'supplierName',
  'supplierIdentifier',
  'procurementVolume',
  'procurementQuantity',
  'procurementUnit',
  'procurementPeriod',
  'procurementPeriodStart',
  'procurementPeriodEnd',
].map((t) => KAKEHASHI_VOCAB_IRI + t);

/** Reset the compiled mapping (tests only). */
export function resetVocabularyCacheForTests(): void {
  compiled = undefined;
  rootState = undefined;
  lastLength = 0;
}
