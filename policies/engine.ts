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
  /** Expanded IRI of the claim at a path; default `termIriAt` from schemas/vocabulary. */
  readonly resolveTerm?: TermResolver;
  /**
   * Terms whose values are sensitive even when withheld only by default deny (the leak guard never skips
   * them); default the vocabulary's `SENSITIVE_TERM_IRIS`. Terms the policy withholds by name always are.
   */
  readonly sensitiveTerms?: ReadonlySet<string>;
}

const DEFAULT_SENSITIVE = new Set(SENSITIVE_TERM_IRIS);

/** Evaluates `policy` over the disclosures of one issued SD-JWT VC. */
export function evaluatePolicy(
  disclosures: ReadonlyArray<PolicyDisclosure>,
  policy: CompiledPolicy,
  options: EvaluateOptions = {},
): PolicyEvaluation {
  const ordered = orderByDepth(disclosures);
  const disclosurePaths = new Set(ordered.map((d) => pathKey(d.path)));
  const resolve = options.resolveTerm ?? termIriAt;
  const judge = createJudge(policy, resolve, disclosurePaths);
  const sensitiveTerms = options.sensitiveTerms ?? DEFAULT_SENSITIVE;
  const withheldPaths = new Map<string, Verdict>();
  const kept = new Set<string>();
  const withheldClaims: WithheldClaim[] = [];

  for (const disclosure of ordered) {
    const own = judge.claim(disclosure.path);
    const inherited = withheldAncestor(disclosure.path, withheldPaths);
    let verdict = own.explicit ? own : (inherited ?? own);
    if (verdict.allow) verdict = judge.plainMembers(disclosure.path, disclosure.value);
    if (verdict.allow) {
      kept.add(disclosure.digest);
      continue;
    }
    withheldPaths.set(pathKey(disclosure.path), verdict);
    withheldClaims.push({
      digest: disclosure.digest,
      ...(disclosure.encoded === undefined ? {} : { encoded: disclosure.encoded }),
      term: verdict.term,
      ownTerm: resolve(termPathOf(disclosure.path)) ?? null,
      name: verdict.name,
      reason: verdict.reason,
      sensitive: verdict.explicit || isSensitivePath(disclosure.path, resolve, sensitiveTerms),
      value: ownValue(disclosure.path, disclosure.value, disclosurePaths),
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

interface Judge {
  /** The verdict for the claim at `path`: the first withholding term on the path, preferring named ones. */
  claim(path: Path): Verdict;
  /** For a kept claim: withholds it when a member that is not itself a disclosure would leave a denied term. */
  plainMembers(path: Path, value: unknown): Verdict;
}

function createJudge(
  policy: CompiledPolicy,
  resolveTerm: TermResolver,
  disclosurePaths: ReadonlySet<string>,
): Judge {
  const byTermPath = new Map<string, Verdict>();

  /** The verdict of the term named by the key at the end of `keyPath`. */
  const termVerdict = (keyPath: Path): Verdict => {
    const cacheKey = keyPath.map((s) => (typeof s === 'number' ? '#' : s)).join('\u0000');
    const cached = byTermPath.get(cacheKey);
    if (cached !== undefined) return cached;
    const key = String(keyPath[keyPath.length - 1]);
    const iri = resolveTerm(keyPath);
    let verdict: Verdict;
    if (iri === undefined) {
      verdict = { allow: false, term: null, name: key, reason: NOT_IN_POLICY, explicit: false };
    } else if (iri === '@type' || iri === '@id') {
      verdict = ALLOW;
    } else {
      const reason = policy.withholds.get(iri);
      if (reason !== undefined) {
        verdict = { allow: false, term: iri, name: compactTerm(iri), reason, explicit: true };
      } else if (policy.discloses.has(iri)) {
        verdict = ALLOW;
      } else {
        verdict = { allow: false, term: iri, name: compactTerm(iri), reason: NOT_IN_POLICY, explicit: false };
      }
    }
    byTermPath.set(cacheKey, verdict);
    return verdict;
  };

  const claim = (path: Path): Verdict => {
    if (!path.some((segment) => typeof segment === 'string')) {
      throw new KhError('KH_POLICY_INCONSISTENT_DISCLOSURES', 'a disclosure has no claim path', {
        where: '/path',
      });
    }
    const start = path[0] === 'credentialSubject' ? 1 : 0;
    let firstDeny: Verdict | undefined;
    for (let end = start + 1; end <= path.length; end += 1) {
      if (typeof path[end - 1] === 'number') continue;
      const verdict = termVerdict(path.slice(0, end));
      if (verdict.allow) continue;
      if (verdict.explicit) return verdict;
      firstDeny ??= verdict;
    }
    return firstDeny ?? ALLOW;
  };

  const plainMembers = (path: Path, value: unknown): Verdict => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        const element: unknown = value[i];
        const elementPath = [...path, i];
        if (isArrayPlaceholder(element) || disclosurePaths.has(pathKey(elementPath))) continue;
        const verdict = plainMembers(elementPath, element);
        if (!verdict.allow) return verdict;
      }
      return ALLOW;
    }
    if (value !== null && typeof value === 'object') {
      for (const [key, member] of Object.entries(value)) {
        if (SD_KEYS.has(key)) continue;
        const memberPath = [...path, key];
        if (disclosurePaths.has(pathKey(memberPath))) continue;
        const verdict = claim(memberPath);
        if (!verdict.allow) return verdict;
        const inner = plainMembers(memberPath, member);
        if (!inner.allow) return inner;
      }
    }
    return ALLOW;
  };

  return { claim, plainMembers };
}

/** The path of the term a claim belongs to: an array element belongs to its array. */
function termPathOf(path: Path): Path {
  let end = path.length;
  while (end > 0 && typeof path[end - 1] === 'number') end -= 1;
  return path.slice(0, end);
}

/** A claim's own content: members (and elements) that are disclosures of their own are left out. */
function ownValue(path: Path, value: unknown, disclosurePaths: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) {
    return value
      .map((element: unknown, i) =>
        disclosurePaths.has(pathKey([...path, i]))
          ? undefined
          : ownValue([...path, i], element, disclosurePaths),
      )
      .filter((element) => element !== undefined);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (!disclosurePaths.has(pathKey([...path, key])))
        out[key] = ownValue([...path, key], member, disclosurePaths);
    }
    return out;
  }
  return value;
}

/** Whether the claim or one of its containers is a sensitive term. */
function isSensitivePath(path: Path, resolveTerm: TermResolver, sensitive: ReadonlySet<string>): boolean {
  if (sensitive.size === 0) return false;
  for (let end = path.length; end > 0; end -= 1) {
    if (typeof path[end - 1] === 'number') continue;
    const iri = resolveTerm(path.slice(0, end));
    if (iri !== undefined && sensitive.has(iri)) return true;
  }
  return false;
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

function pathKey(path: Path): string {
  return JSON.stringify(path);
}

function orderByDepth(disclosures: ReadonlyArray<PolicyDisclosure>): PolicyDisclosure[] {
  const seen = new Set<string>();
  for (const d of disclosures) {
    if (seen.has(d.digest)) {
      throw new KhError('KH_POLICY_INCONSISTENT_DISCLOSURES', 'two disclosures share one digest', {
        details: { digest: d.digest },
      });
    }
    seen.add(d.digest);
  }
  return [...disclosures].sort((a, b) => a.path.length - b.path.length);
}

function withheldAncestor(path: Path, withheld: ReadonlyMap<string, Verdict>): Verdict | undefined {
  for (let end = path.length - 1; end > 0; end -= 1) {
    const verdict = withheld.get(pathKey(path.slice(0, end)));
    if (verdict !== undefined) return verdict;
  }
  return undefined;
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
