/**
 * ODRL policy shapes as DSP 2025-1 carries them (compacted with the DSP context), and the battery-records
 * offer: the disclosure policy and the usage policy of a node's dataset, expressed as ODRL.
 */
export interface OdrlAtomicConstraint {
  leftOperand: string;
  operator: string;
  rightOperand: string | string[] | Record<string, unknown>;
}

export interface OdrlLogicalConstraint {
  and?: OdrlConstraint[];
  or?: OdrlConstraint[];
  xone?: OdrlConstraint[];
  andSequence?: OdrlConstraint[];
}

export type OdrlConstraint = OdrlAtomicConstraint | OdrlLogicalConstraint;

export interface OdrlRule {
  action: string;
  constraint?: OdrlConstraint[];
}

export interface OdrlOffer {
  '@id': string;
  '@type': 'Offer';
  profile?: string | string[];
  permission?: OdrlRule[];
  prohibition?: OdrlRule[];
  obligation?: OdrlRule[];
}

/** An offer inside a contract request/offer message: it names its target dataset. */
export interface OdrlMessageOffer extends OdrlOffer {
  target: string;
}

export interface OdrlAgreement {
  '@id': string;
  '@type': 'Agreement';
  target: string;
  assigner: string;
  assignee: string;
  timestamp?: string;
  profile?: string | string[];
  permission?: OdrlRule[];
  prohibition?: OdrlRule[];
  obligation?: OdrlRule[];
}

/** Kakehashi's policy vocabulary (IRIs used as ODRL left operands and profile). */
export const KH_POLICY_NS = 'https://w3id.org/kakehashi/policy#';
export const KH_ODRL_PROFILE = 'https://w3id.org/kakehashi/odrl-profile/v1';
export const KH_LEFT_OPERAND = {
  disclosurePolicy: `${KH_POLICY_NS}disclosurePolicy`,
  disclosedTerm: `${KH_POLICY_NS}disclosedTerm`,
  withheldTerm: `${KH_POLICY_NS}withheldTerm`,
  purpose: `${KH_POLICY_NS}purpose`,
} as const;
/** ODRL action forbidding onward transfer (`odrl:distribute`). */
export const ODRL_DISTRIBUTE = 'odrl:distribute';
export const KH_PURPOSE_BATTERY_PASSPORT = `${KH_POLICY_NS}BatteryPassportExchange`;

export interface BatteryRecordsOfferInput {
  offerId: string;
  /** Id (IRI) of the disclosure policy applied for the peer. */
  disclosurePolicyId: string;
  /** Vocabulary IRIs the disclosure policy lets leave (default deny: everything else is withheld). */
  disclosedTerms: readonly string[];
  /** Vocabulary IRIs always withheld (names of terms only, never values). */
  withheldTerms?: readonly string[];
  purpose?: string;
}

/**
 * The offer of the dataset "battery records from platform X": permission to `use` under the disclosure
 * policy (which terms are disclosed, which withheld, for which purpose) and a prohibition of
 * `odrl:distribute`: a receiving node may not pass the records on to anyone.
 */
export function buildBatteryRecordsOffer(input: BatteryRecordsOfferInput): OdrlOffer {
  const constraint: OdrlConstraint[] = [
    { leftOperand: KH_LEFT_OPERAND.disclosurePolicy, operator: 'eq', rightOperand: input.disclosurePolicyId },
    {
      leftOperand: KH_LEFT_OPERAND.purpose,
      operator: 'eq',
      rightOperand: input.purpose ?? KH_PURPOSE_BATTERY_PASSPORT,
    },
    {
      leftOperand: KH_LEFT_OPERAND.disclosedTerm,
      operator: 'isAnyOf',
      rightOperand: [...input.disclosedTerms],
    },
  ];
  if (input.withheldTerms && input.withheldTerms.length > 0) {
    constraint.push({
      leftOperand: KH_LEFT_OPERAND.withheldTerm,
      operator: 'isNoneOf',
      rightOperand: [...input.withheldTerms],
    });
  }
  return {
    '@id': input.offerId,
    '@type': 'Offer',
    profile: KH_ODRL_PROFILE,
    permission: [{ action: 'use', constraint }],
    prohibition: [{ action: ODRL_DISTRIBUTE }],
  };
}

/** The offer as carried in a contract request/offer message: same rules, plus the target dataset. */
export function toMessageOffer(offer: OdrlOffer, target: string): OdrlMessageOffer {
  return { ...offer, target };
}

export interface AgreementInput {
  agreementId: string;
  target: string;
  assigner: string;
  assignee: string;
  /** ISO 8601 date-time; the caller supplies it (pure). */
  timestamp: string;
}

/** The agreement the provider grants: the offer's rules, bound to target, assigner and assignee. */
export function agreementFromOffer(offer: OdrlOffer, input: AgreementInput): OdrlAgreement {
  return {
    '@id': input.agreementId,
    '@type': 'Agreement',
    target: input.target,
    timestamp: input.timestamp,
    assigner: input.assigner,
    assignee: input.assignee,
    ...(offer.profile === undefined ? {} : { profile: offer.profile }),
    ...(offer.permission === undefined ? {} : { permission: offer.permission }),
    ...(offer.prohibition === undefined ? {} : { prohibition: offer.prohibition }),
    ...(offer.obligation === undefined ? {} : { obligation: offer.obligation }),
  };
}

/** True when the policy prohibits `odrl:distribute` (onward transfer). */
export function prohibitsOnwardTransfer(policy: { prohibition?: OdrlRule[] }): boolean {
  return (policy.prohibition ?? []).some(
    (rule) => rule.action === ODRL_DISTRIBUTE || rule.action === 'distribute',
  );
}
