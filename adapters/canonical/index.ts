/** The canonical record: types and the helpers every adapter uses. */
export * from './types';
export { buildCanonicalRecord, type EnvelopeInput } from './envelope';
export {
  canonicalViolations,
  validateCanonical,
  validateCanonicalFully,
  type CanonicalValidationOptions,
} from './validate';
export { iriSegment, participantIri, parseParticipantIri, recordCredentialId } from './participants';
export {
  createParticipantDirectory,
  EMPTY_DIRECTORY,
  resolveBpnl,
  resolveBpnSite,
  siteIri,
  type DirectoryParticipant,
  type DirectorySite,
  type ParticipantDirectory,
  type SiteIdKind,
} from './directory';
export { CANONICAL_ERROR_CODES } from './errors';
export { assertFullyDefined, expandSafe } from '../../schemas/jsonld';
export {
  termIriAt,
  kakehashiTermIris,
  SENSITIVE_TERM_IRIS,
  KAKEHASHI_VOCAB_IRI,
} from '../../schemas/vocabulary';
export type { Violation } from '../../schemas/violations';
