/**
 * A mutual-recognition agreement (MRA): which certifications each platform accepts from the other.
 * JSON-LD (contexts: VC 2.0 for id/type/name, then schemas/contexts/kakehashi-certification-v1.jsonld);
 * JSON Schema in schemas/mra/.
 */
import type { PlatformId } from '../../certs/pki';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const MRA_CONTEXT = 'https://w3id.org/kakehashi/certification/v1';

export interface MraAccreditationBody {
  id: string;
  type: 'AccreditationBody';
  name?: string;
}

export interface MraCertifier {
  /** The certifier's participant IRI (the issuer of its certification credentials). */
  id: string;
  type: 'RecognisedCertifier';
  name?: string;
  /** IRI of the accreditation body that accredits it (must be one of the recognition's bodies). */
  accreditationBody: string;
}

/** What `targetPlatform` accepts from certifiers of `sourcePlatform`. */
export interface MraRecognition {
  type: 'Recognition';
  sourcePlatform: PlatformId;
  targetPlatform: PlatformId;
  accreditationBodies: MraAccreditationBody[];
  /** Recognised certifiers. When empty, any certifier accredited by one of the bodies is recognised. */
  certifiers: MraCertifier[];
  /** Scheme ids (as named on the source platform) that the target accepts. */
  schemes: string[];
}

export interface MraPlatformScheme {
  type: 'PlatformScheme';
  platform: PlatformId;
  schemeId: string;
  name?: string;
  /** When present, only certifications under this version correspond. */
  schemeVersion?: string;
}

export interface MraSchemeCorrespondence {
  type: 'SchemeCorrespondence';
  /** One scheme per platform that both sides hold equivalent. */
  correspondingSchemes: MraPlatformScheme[];
}

export interface MutualRecognitionAgreement {
  '@context': [typeof VC_V2_CONTEXT, typeof MRA_CONTEXT];
  id: string;
  type: 'MutualRecognitionAgreement';
  title?: string;
  agreementVersion: string;
  effectiveFrom: string;
  effectiveUntil?: string;
  recognitions: MraRecognition[];
  schemeCorrespondences: MraSchemeCorrespondence[];
}

/** RFC 7515 §7.2.1 general JWS JSON serialization. */
export interface GeneralJws {
  payload: string;
  signatures: Array<{ protected: string; header?: Record<string, unknown>; signature: string }>;
}

export interface MraSigner {
  subjectId: string;
  subjectIri?: string;
  platform?: PlatformId;
  serialHex: string;
}

/** An agreement whose two authority signatures verified (only `verifyMra` makes one). */
export interface VerifiedMra {
  readonly agreement: MutualRecognitionAgreement;
  readonly agreementId: string;
  readonly signers: ReadonlyArray<MraSigner>;
  readonly verifiedAt: Date;
}
