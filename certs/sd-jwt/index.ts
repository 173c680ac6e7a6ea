/**
 * SD-JWT VCs (IETF RFC 9901, W3C VC-JOSE-COSE `application/vc+sd-jwt`): issue, present, verify.
 * See docs/trust.md ("Signed records").
 */
export { SDJWT_ERROR_CODES, type SdJwtErrorCode } from './errors';
export {
  issueSdJwtVc,
  isDisclosableVcClaim,
  VC_SD_JWT_TYP,
  VC_CTY,
  type DisclosureFrame,
  type IssueSdJwtVcOptions,
} from './issue';
export {
  derivePresentation,
  listDisclosures,
  openSdJwt,
  presentSdJwtVc,
  type DerivedPresentation,
  type DisclosureView,
  type OpenedDisclosure,
  type OpenedSdJwt,
  type PresentOptions,
} from './present';
export {
  verifySdJwtVc,
  verifySdJwtVcAsync,
  ACCEPTED_SD_JWT_VC_TYP,
  type VerifiedSdJwtVc,
  type VerifySdJwtVcOptions,
} from './verify';
export { verifySdJwtCore, type VerifiedSdJwt, type VerifySdJwtCoreOptions } from './verify-core';
export { InMemoryReplayCache, type ReplayCache, type AsyncReplayCache } from './replay-cache';
export { conceal, decoyDigest, type ClaimPath, type ConcealOptions, type Concealed } from './conceal';
export { reveal, type Revealed, type RevealedDisclosure } from './reveal';
export {
  decodeDisclosure,
  digestOf,
  encodeDisclosure,
  randomSalt,
  type DecodedDisclosure,
  type DisclosureSerializer,
} from './disclosure';
export { createKeyBindingJwt, sdHash, KB_JWT_TYP } from './key-binding';
export { createRandomPool, createSaltPool, type RandomPool } from './lib/random-pool';
export { ALLOWED_ALGORITHMS, type JwsAlgorithm } from './jws';
export { splitSdJwt, joinSdJwt, DEFAULT_LIMITS, type SdJwtParts, type SizeLimits } from './serialization';
