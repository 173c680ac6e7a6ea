/**
 * Kakehashi PKI: one X.509 hierarchy per platform (root CA → company / certifier / node / authority
 * certificates), made with node-forge; chain validation with CRL revocation; a state directory for the CLI.
 * See docs/trust.md.
 */
export type {
  PlatformId,
  Role,
  IssuedIdentity,
  IssueOptions,
  IssuedEntry,
  PlatformPki,
  CreatePlatformPkiOptions,
  TrustAnchor,
  TrustStore,
  CrlStatus,
  TrustRootInput,
  ValidatedLeaf,
  ValidateChainOptions,
} from './types';
export { PLATFORMS, ROLES } from './types';
export { PKI_ERROR_CODES, type PkiErrorCode } from './errors';
export { KAKEHASHI_ARC, ROLE_POLICY_OIDS, roleFromPolicyOid } from './oids';
export {
  participantIri,
  nodeIri,
  subjectIriFor,
  parseKakehashiIri,
  assertSafeSubjectId,
  assertPlatform,
  assertRole,
} from './identifiers';
export { createPlatformPki, restorePlatformPki, type PlatformPkiState } from './platform-pki';
export { createTrustStore } from './trust-store';
export { validateChain, clearChainCache } from './validate';
export { buildCrl, parseCrl, verifyCrlSignature, type CrlEntry, type ParsedCrl } from './crl';
export { pemToX5c, x5cToPem, certificateFingerprint256 } from './pem';
export {
  pkiPaths,
  initPkiDir,
  openPkiDir,
  issueToDir,
  revokeInDir,
  showPkiDir,
  loadIdentityFromDir,
  subjectPaths,
  ROLE_FOLDERS,
  type PkiPaths,
  type InitResult,
  type IssueToDirResult,
  type RevokeResult,
  type PkiSummary,
} from './state-dir';
