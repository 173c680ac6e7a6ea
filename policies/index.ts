/**
 * Disclosure policies: loading (`loadPolicy`), the engine (`evaluatePolicy`), the leak guard
 * (`assertNoLeak`) and the pipeline the node calls (`applyDisclosurePolicy`). See docs/policies.md.
 * Mutual-recognition agreements live in `./mra`.
 */
export { POLICY_ERROR_CODES, type PolicyErrorCode } from './errors';
export { loadPolicy, POLICY_CONTEXT_URL, REASON_PATTERN, type LoadPolicyOptions } from './load';
export { evaluatePolicy, type EvaluateOptions } from './engine';
export { batteryRecordFrame, INLINE_TERM_IRIS, isWithholdableTerm } from './frame';
export { assertNoLeak, findLeaks, RAW_TOKEN_MIN_LENGTH, type LeakHit } from './leak-guard';
export {
  CODE_LIST_TERMS,
  compileLeakNeedles,
  MIN_INTEGER,
  MIN_STRING_LENGTH,
  type LeakCandidate,
  type LeakNeedles,
} from './leak-needles';
export {
  decodeDerivedPresentation,
  decodePresentation,
  type DecodedPresentation,
  type DerivedParts,
  type OutboundPart,
} from './outbound';
export {
  applyDisclosurePolicy,
  type ApplyDisclosurePolicyInput,
  type AppliedDisclosurePolicy,
} from './apply';
export { loadShippedPolicy, shippedPolicyPath, SHIPPED_POLICY_DIR } from './shipped';
export { compactTerm, expandTerm, KH_VOCAB } from './terms';
export {
  LEAK_GUARD,
  NOT_IN_POLICY,
  RESERVED_REASONS,
  SENSITIVE_REASONS,
  type CertificationTreatment,
  type CompiledPolicy,
  type DisclosureReport,
  type PeerPlatform,
  type PolicyDisclosure,
  type PolicyEvaluation,
  type TermResolver,
  type WithheldClaim,
  type WithheldTerm,
} from './types';
