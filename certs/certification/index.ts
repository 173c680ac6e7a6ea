/** Certifiers' certification credentials (vc+jwt), their Bitstring Status Lists, and native CX / OU carriage. */
export { CERTIFICATION_ERROR_CODES, type CertificationErrorCode } from './errors';
export * from './model';
export {
  MIN_STATUS_LIST_BITS,
  createBitstring,
  getBit,
  withBit,
  encodeBitstring,
  decodeBitstring,
} from './bitstring';
export {
  signVcJwt,
  verifyVcJwt,
  signerIri,
  issuerMatches,
  type VcJwtSigner,
  type VerifiedVcJwt,
} from './vc-jwt';
export {
  buildCertificationCredential,
  issueCertificationCredential,
  inferSubjectType,
  statusEntry,
  type CertificationInput,
} from './issue';
export {
  createStatusListState,
  allocateStatusIndex,
  revokeInStatusList,
  statusBitstring,
  buildStatusListCredential,
  issueStatusListCredential,
  type StatusListState,
  type StatusListCredential,
} from './status-list';
export {
  createCachingStatusListResolver,
  createMemoryStatusListResolver,
  type StatusListResolver,
  type CachingStatusListResolver,
} from './status-resolver';
export {
  verifyCertificationSignature,
  checkValidityWindow,
  checkCertificationStatus,
  verifyCertificationCredential,
  type VerifiedCertification,
  type CertificationCheckOptions,
  type StatusCheckResult,
} from './verify';
export {
  toBusinessPartnerCertificate,
  toBatteryPassThirdPartyAssurance,
  assertBusinessPartnerCertificate,
  type BusinessPartnerCertificate,
  type BpcTrustLevel,
  type ToBusinessPartnerCertificateOptions,
} from './to-catena-x';
export {
  toOuranosCertification,
  stableUuid,
  type CfpCertificationModel,
  type CfpCertificationFileInfo,
} from './to-ouranos';
export {
  statusFilePath,
  readStatusFile,
  writeStatusFile,
  listStatusFiles,
  createDirStatusListResolver,
  type StatusListFile,
} from './status-store';
export { createHttpStatusListResolver, type HttpStatusListResolverOptions } from './http-status-resolver';
