/**
 * Types of the disclosure-policy area: the compiled policy, the claims the engine evaluates and the
 * report it produces. The report names terms (IRIs and compact names) with counts and reasons, never values.
 */

export type PeerPlatform = 'ouranos' | 'catena-x';

/** The reasons every shipped policy uses; a policy may name others (lower-case kebab-case). */
export const SENSITIVE_REASONS = ['supplier-identity', 'procurement-volume'] as const;

/** Reasons the engine assigns itself; a policy may not use them. */
export const NOT_IN_POLICY = 'not-in-policy';
export const LEAK_GUARD = 'leak-guard';
export const RESERVED_REASONS: readonly string[] = [NOT_IN_POLICY, LEAK_GUARD];

export type CertificationTreatment = { mode: 'mutual-recognition'; agreement: string } | { mode: 'withhold' };

/** A policy after load: terms expanded to IRIs, checked against the vocabulary. Immutable. */
export interface CompiledPolicy {
  readonly id: string;
  readonly title?: string;
  readonly version?: string;
  readonly peer: { readonly platform: PeerPlatform; readonly nodeId: string };
  /** Expanded IRIs of the disclosed terms. */
  readonly discloses: ReadonlySet<string>;
  /** Expanded IRI → reason, for every term the policy withholds by name. */
  readonly withholds: ReadonlyMap<string, string>;
  readonly certifications: CertificationTreatment;
  /** Where the policy came from (a file path, or "inline"). */
  readonly source: string;
}

/**
 * One selectively disclosable claim, as the SD-JWT module lists it (`DisclosureView` is structurally one of
 * these). `path` is the claim's location in the fully disclosed credential; array elements end with an index.
 */
export interface PolicyDisclosure {
  readonly digest: string;
  readonly encoded?: string;
  readonly path: ReadonlyArray<string | number>;
  readonly name?: string;
  readonly value: unknown;
}

/** Resolves the expanded IRI of the claim at a JSON path of a canonical credential (`termIriAt`). */
export type TermResolver = (path: ReadonlyArray<string | number>) => string | undefined;

/** One withheld claim, as the engine decided it. Carries the value: internal, only for the leak guard. */
export interface WithheldClaim {
  readonly digest: string;
  readonly encoded?: string;
  /** IRI of the term that decided (the claim's own term, or the array's term for an element); null if unmapped. */
  readonly term: string | null;
  /** IRI of the claim's own term (its array's for an element); null if unmapped. */
  readonly ownTerm: string | null;
  /** Compact name of `term` (`kh:supplierName`), or the JSON key for an unmapped claim. */
  readonly name: string;
  readonly reason: string;
  /** True when the claim or a container is withheld by name, or is a sensitive vocabulary term. */
  readonly sensitive: boolean;
  /** The claim's own content; members that are disclosures of their own are left out (they are claims too). */
  readonly value: unknown;
}

/** One line of the withheld report: a term, the reason and how many claims were withheld for it. */
export interface WithheldTerm {
  readonly term: string | null;
  readonly name: string;
  readonly reason: string;
  readonly count: number;
}

/** What the engine reports (safe to log, audit and return: terms, reasons and counts only). */
export interface DisclosureReport {
  readonly policyId: string;
  readonly peer: { readonly platform: PeerPlatform; readonly nodeId: string };
  readonly disclosedCount: number;
  readonly withheldCount: number;
  readonly withheld: readonly WithheldTerm[];
  readonly certifications: CertificationTreatment;
}

export interface PolicyEvaluation {
  /** The predicate for `presentSdJwtVc({ keep })`. */
  readonly keep: (disclosure: { readonly digest: string }) => boolean;
  readonly keptDigests: ReadonlySet<string>;
  /** Internal: withheld claims with their values, for the leak guard. Never log or return this. */
  readonly withheldClaims: readonly WithheldClaim[];
  readonly report: DisclosureReport;
}
