/** Mutual-recognition agreements: format, signing by both platform authorities, verification, evaluation. */
export { MRA_ERROR_CODES, type MraErrorCode } from './errors';
export * from './types';
export { signMra, agreementPayload, MRA_JWS_TYP, type MraAuthoritySigner } from './sign';
export { parseGeneralJws, agreementOf, protectedHeaderOfJws, DEFAULT_MAX_MRA_BYTES } from './parse';
export { assertAgreementShape } from './schema-validation';
export { canonicalJson } from './canonical-json';
export {
  inspectMra,
  verifyMra,
  isVerifiedMra,
  type MraInspection,
  type MraSignatureReport,
  type VerifyMraOptions,
} from './verify';
export {
  evaluateCertifications,
  isCertifierAccredited,
  translateScheme,
  type DropReason,
  type SchemeRef,
  type PassedCertification,
  type DroppedCertification,
  type EvaluationResult,
  type EvaluateCertificationsInput,
} from './evaluate';
