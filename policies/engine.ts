/**
 * The policy engine: decides, for each selectively disclosable claim of an issued SD-JWT VC, whether it is
 * disclosed to the peer. Pure: no I/O, no clock.
 *
 * Decisions are made on expanded vocabulary IRIs (a `TermResolver`, normally `termIriAt`), never on JSON
 * keys, so a renamed field cannot slip through. A claim is kept only when every term on its path (below
 * `credentialSubject`) is disclosed by the policy: a withheld container withholds everything inside it, a
 * disclosed container keeps only itself and its members are evaluated one by one. Array elements follow
 * the term of their array. A term the policy does not name is withheld with the reason `not-in-policy`
 * (default deny). The JSON-LD keywords `@type` and `@id` follow their container.
 *
 * Decisions depend on the path only, so they are compiled once per policy and path template (array indices
 * wildcarded) and looked up per record (see `compiledDecisions`).
 */
import { KhError } from '../connector/errors';
import { SENSITIVE_TERM_IRIS, termIriAt } from '../schemas/vocabulary';
import { compactTerm } from './terms';
import {
  NOT_IN_POLICY,
  type CompiledPolicy,
  type DisclosureReport,
  type PolicyDisclosure,
  type PolicyEvaluation,
  type TermResolver,
  type WithheldClaim,
  type WithheldTerm,
} from './types';

type Path = ReadonlyArray<string | number>;

interface Verdict {
  readonly allow: boolean;
  /** The term that decided (for a deny); null when the key maps to no IRI. */
  readonly term: string | null;
  readonly name: string;
  readonly reason: string;
  /** Withheld by name in the policy (not by default deny). */
  readonly explicit: boolean;
}

const ALLOW: Verdict = { allow: true, term: null, name: '', reason: '', explicit: false };
const SD_KEYS = new Set(['_sd', '_sd_alg']);

export interface EvaluateOptions {
  /**
   * Expanded IRI of the claim at a path; default `termIriAt` from schemas/vocabulary. Must be a pure
   * function of the path that ignores array indices (its answers are cached per policy and path template).
   */
  readonly resolveTerm?: TermResolver;
  /**
   * Terms whose values are sensitive even when withheld only by default deny (the leak guard never skips
   * them); default the vocabulary's `SENSITIVE_TERM_IRIS`. Terms the policy withholds by name always are.
   */
  readonly sensitiveTerms?: ReadonlySet<string>;
}

const DEFAULT_SENSITIVE = new Set(SENSITIVE_TERM_IRIS);
const NO_SENSITIVE: ReadonlySet<string> = new Set();

/**
 * One path template of a compiled policy (array indices wildcarded), with everything the engine decides
 * from the path alone: the claim's verdict, its own term and whether the path is a sensitive one.
 */
interface TemplateNode {
  readonly keys: Map<string, TemplateNode>;
  /** The template of any array element below this one. */
  element?: TemplateNode | undefined;
  /** `claim(path)`: the first withholding term on the path, preferring named ones. */
  readonly verdict: Verdict;
  /** First deny by name / first deny on the path so far (to extend the path by one segment). */
  readonly explicit: Verdict | undefined;
  readonly firstDeny: Verdict | undefined;
  /** The claim's own term (its array's for an element); null if unmapped. */
  readonly ownTerm: string | null;
  /** The claim or one of its containers is a sensitive term. */
  readonly sensitivePath: boolean;
  /** A path with no claim name yet (only array indices). */
  readonly nameless: boolean;
  readonly depth: number;
  /** The template as a path, array indices as 0 (what the resolver is asked). */
  readonly path: Path;
}

/** The decisions of one policy under one resolver and sensitive-term set, filled as templates are met. */
interface CompiledDecisions {
  readonly root: TemplateNode;
  size: number;
}

/**
 * Templates kept per policy: a record's claim names are bounded by canonical validation, but a cap keeps
 * a stream of odd keys from growing the cache (beyond it, decisions are computed and not kept).
 */
export const MAX_CACHED_TEMPLATES = 20_000;

const compiledByPolicy = new WeakMap<
  CompiledPolicy,
  WeakMap<TermResolver, WeakMap<ReadonlySet<string>, CompiledDecisions>>
>();

function compiledDecisions(
  policy: CompiledPolicy,
  resolve: TermResolver,
  sensitive: ReadonlySet<string>,
): CompiledDecisions {
  let byResolver = compiledByPolicy.get(policy);
  if (byResolver === undefined) compiledByPolicy.set(policy, (byResolver = new WeakMap()));
  let bySensitive = byResolver.get(resolve);
  if (bySensitive === undefined) byResolver.set(resolve, (bySensitive = new WeakMap()));
  let compiled = bySensitive.get(sensitive);
  if (compiled === undefined) {
    compiled = {
      root: {
        keys: new Map(),
        verdict: ALLOW,
        explicit: undefined,
        firstDeny: undefined,
        ownTerm: null,
        sensitivePath: false,
        nameless: true,
        depth: 0,
        path: [],
      },
      size: 1,
    };
    bySensitive.set(sensitive, compiled);
  }
  return compiled;
}

interface Templates {
  readonly root: TemplateNode;
  /** The template one segment below `node` (compiled on first use, then a map lookup). */
  child(node: TemplateNode, segment: string | number): TemplateNode;
}

function templates(policy: CompiledPolicy, resolve: TermResolver, sensitive: ReadonlySet<string>): Templates {
  const compiled = compiledDecisions(policy, resolve, sensitive);

  /** The verdict of the term named by `key` (expanded to `iri`). */
  const termVerdict = (key: string, iri: string | undefined): Verdict => {
    if (iri === undefined)
      return { allow: false, term: null, name: key, reason: NOT_IN_POLICY, explicit: false };
    if (iri === '@type' || iri === '@id') return ALLOW;
    const reason = policy.withholds.get(iri);
    if (reason !== undefined)
      return { allow: false, term: iri, name: compactTerm(iri), reason, explicit: true };
    if (policy.discloses.has(iri)) return ALLOW;
    return { allow: false, term: iri, name: compactTerm(iri), reason: NOT_IN_POLICY, explicit: false };
  };

  const build = (parent: TemplateNode, segment: string | number): TemplateNode => {
    const depth = parent.depth + 1;
    if (typeof segment === 'number') {
      return { ...parent, keys: new Map(), element: undefined, depth, path: [...parent.path, 0] };
    }
    const path = [...parent.path, segment];
    const iri = resolve(path);
    // `credentialSubject` itself is not a claim of the record: it is not judged (its members are).
    const judged = !(depth === 1 && segment === 'credentialSubject');
    const own = judged ? termVerdict(segment, iri) : ALLOW;
    const explicit = parent.explicit ?? (own.explicit ? own : undefined);
    const firstDeny = parent.firstDeny ?? (own.allow ? undefined : own);
    return {
      keys: new Map(),
      verdict: explicit ?? firstDeny ?? ALLOW,
      explicit,
      firstDeny,
      ownTerm: iri ?? null,
      sensitivePath: parent.sensitivePath || (iri !== undefined && sensitive.has(iri)),
      nameless: false,
      depth,
      path,
    };
  };

  const child = (node: TemplateNode, segment: string | number): TemplateNode => {
    const found = typeof segment === 'number' ? node.element : node.keys.get(segment);
    if (found !== undefined) return found;
    const made = build(node, segment);
    if (compiled.size < MAX_CACHED_TEMPLATES) {
      compiled.size += 1;
      if (typeof segment === 'number') node.element = made;
      else node.keys.set(segment, made);
    }
    return made;
  };

  return { root: compiled.root, child };
}

/** One path of the record being evaluated: its template, and the Disclosure there, if any. */
interface RecordNode {
  readonly template: TemplateNode;
  /** The paths one segment below (made when the first one is). */
  members?: Map<string | number, RecordNode>;
  /** A Disclosure sits at this path. */
  disclosure: boolean;
  /** The verdict of the withheld Disclosure at this path. */
  withheld?: Verdict;
}

/** Evaluates `policy` over the disclosures of one issued SD-JWT VC. */
export function evaluatePolicy(
  disclosures: ReadonlyArray<PolicyDisclosure>,
  policy: CompiledPolicy,
  options: EvaluateOptions = {},
): PolicyEvaluation {
  const ordered = orderByDepth(disclosures);
  const resolve = options.resolveTerm ?? termIriAt;
  const sensitiveTerms = options.sensitiveTerms ?? DEFAULT_SENSITIVE;
  const tpl = templates(policy, resolve, sensitiveTerms.size === 0 ? NO_SENSITIVE : sensitiveTerms);
  const root: RecordNode = { template: tpl.root, disclosure: false };
  const step = (node: RecordNode, segment: string | number): RecordNode => {
    const members = (node.members ??= new Map());
    let next = members.get(segment);
    if (next === undefined) {
      next = { template: tpl.child(node.template, segment), disclosure: false };
      members.set(segment, next);
    }
    return next;
  };
  const nodes: RecordNode[] = [];
  for (const disclosure of ordered) {
    let node = root;
    for (const segment of disclosure.path) node = step(node, segment);
    node.disclosure = true;
    nodes.push(node);
  }
  const memberIsDisclosure = (node: RecordNode | undefined, segment: string | number): boolean =>
    node?.members?.get(segment)?.disclosure === true;

  /** For a kept claim: withholds it when a member that is not itself a disclosure would leave a denied term. */
  const plainMembers = (node: RecordNode | undefined, template: TemplateNode, value: unknown): Verdict => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        const element: unknown = value[i];
        if (isArrayPlaceholder(element) || memberIsDisclosure(node, i)) continue;
        const verdict = plainMembers(node?.members?.get(i), tpl.child(template, i), element);
        if (!verdict.allow) return verdict;
      }
      return ALLOW;
    }
    if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (SD_KEYS.has(key) || memberIsDisclosure(node, key)) continue;
        const memberTemplate = tpl.child(template, key);
        if (!memberTemplate.verdict.allow) return memberTemplate.verdict;
        const inner = plainMembers(
          node?.members?.get(key),
          memberTemplate,
          (value as Record<string, unknown>)[key],
        );
        if (!inner.allow) return inner;
      }
    }
    return ALLOW;
  };

  /** A claim's own content: members (and elements) that are disclosures of their own are left out. */
  const ownValue = (node: RecordNode | undefined, value: unknown): unknown => {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i += 1) {
        if (!memberIsDisclosure(node, i)) out.push(ownValue(node?.members?.get(i), value[i]));
      }
      return out;
    }
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, member] of Object.entries(value)) {
        if (!memberIsDisclosure(node, key)) out[key] = ownValue(node?.members?.get(key), member);
      }
      return out;
    }
    return value;
  };

  const kept = new Set<string>();
  const withheldClaims: WithheldClaim[] = [];
  for (let index = 0; index < ordered.length; index += 1) {
    const disclosure = ordered[index] as PolicyDisclosure;
    const node = nodes[index] as RecordNode;
    const template = node.template;
    if (template.nameless) {
      throw new KhError('KH_POLICY_INCONSISTENT_DISCLOSURES', 'a disclosure has no claim path', {
        where: '/path',
      });
    }
    const own = template.verdict;
    const inherited = withheldAncestor(root, disclosure.path);
    let verdict = own.explicit ? own : (inherited ?? own);
    if (verdict.allow) verdict = plainMembers(node, template, disclosure.value);
    if (verdict.allow) {
      kept.add(disclosure.digest);
      continue;
    }
    node.withheld = verdict;
    withheldClaims.push({
      digest: disclosure.digest,
      ...(disclosure.encoded === undefined ? {} : { encoded: disclosure.encoded }),
      term: verdict.term,
      ownTerm: template.ownTerm,
      name: verdict.name,
      reason: verdict.reason,
      sensitive: verdict.explicit || template.sensitivePath,
      value: ownValue(node, disclosure.value),
    });
  }

  const report: DisclosureReport = {
    policyId: policy.id,
    peer: policy.peer,
    disclosedCount: kept.size,
    withheldCount: withheldClaims.length,
    withheld: summarise(withheldClaims),
    certifications: policy.certifications,
  };
  return {
    keep: (d) => kept.has(d.digest),
    keptDigests: kept,
    withheldClaims,
    report,
  };
}

/** The nearest withheld Disclosure strictly above `path`. */
function withheldAncestor(root: RecordNode, path: Path): Verdict | undefined {
  let node: RecordNode | undefined = root;
  let found: Verdict | undefined;
  for (let i = 0; i < path.length - 1 && node !== undefined; i += 1) {
    node = node.members?.get(path[i] as string | number);
    if (node?.withheld !== undefined) found = node.withheld;
  }
  return found;
}

function isArrayPlaceholder(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    '...' in value
  );
}

function orderByDepth(disclosures: ReadonlyArray<PolicyDisclosure>): PolicyDisclosure[] {
  const seen = new Set<string>();
  let sorted = true;
  for (let i = 0; i < disclosures.length; i += 1) {
    const d = disclosures[i] as PolicyDisclosure;
    if (seen.has(d.digest)) {
      throw new KhError('KH_POLICY_INCONSISTENT_DISCLOSURES', 'two disclosures share one digest', {
        details: { digest: d.digest },
      });
    }
    seen.add(d.digest);
    if (i > 0 && (disclosures[i - 1] as PolicyDisclosure).path.length > d.path.length) sorted = false;
  }
  return sorted ? [...disclosures] : [...disclosures].sort((a, b) => a.path.length - b.path.length);
}

function summarise(claims: ReadonlyArray<WithheldClaim>): WithheldTerm[] {
  const lines = new Map<string, { term: string | null; name: string; reason: string; count: number }>();
  for (const c of claims) {
    const key = `${c.term ?? `?${c.name}`}\u0000${c.reason}`;
    const line = lines.get(key);
    if (line === undefined) lines.set(key, { term: c.term, name: c.name, reason: c.reason, count: 1 });
    else line.count += 1;
  }
  return [...lines.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.reason < b.reason ? -1 : 1,
  );
}
