/**
 * The certification credential: a W3C VC 2.0 credential modelled on the UN Transparency Protocol's
 * Digital Conformity Credential (issuer = the certifier; subject = the certified battery passport or
 * participant; the scheme, outcome and accreditation; a BitstringStatusListEntry for revocation).
 */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const CERTIFICATION_CONTEXT = 'https://w3id.org/kakehashi/certification/v1';
export const CERTIFICATION_CREDENTIAL_TYPE = 'CertificationCredential';

export type CertificationOutcome = 'pass' | 'fail' | 'conditional';
export const CERTIFICATION_OUTCOMES: readonly CertificationOutcome[] = ['pass', 'fail', 'conditional'];

export interface NamedEntity {
  id: string;
  name?: string;
}

export interface CertificationScheme {
  type: 'CertificationScheme';
  /** The scheme's identifier on the certifier's platform, e.g. `OU-CFP-VERIFICATION`, `CX-0029`. */
  schemeId: string;
  name?: string;
  schemeVersion?: string;
}

export interface Accreditation {
  type: 'Accreditation';
  /** The accreditation's identifier given by the body (certificate number). */
  accreditationId: string;
  accreditationBody: NamedEntity & { type: 'AccreditationBody' };
}

export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation';
  statusListIndex: string;
  statusListCredential: string;
}

export interface CertificationAttestation {
  /** The certified subject: a battery passport id or a participant IRI. */
  id: string;
  type: 'CertificationAttestation';
  subjectType: 'BatteryPassport' | 'Participant';
  scheme: CertificationScheme;
  outcome: CertificationOutcome;
  assessmentDate: string;
  accreditation: Accreditation;
  description?: string;
}

export interface CertificationCredential {
  '@context': [typeof VC_V2_CONTEXT, typeof CERTIFICATION_CONTEXT];
  id: string;
  type: ['VerifiableCredential', typeof CERTIFICATION_CREDENTIAL_TYPE];
  issuer: NamedEntity & { type: 'Certifier' };
  validFrom: string;
  validUntil: string;
  credentialSubject: CertificationAttestation;
  credentialStatus: BitstringStatusListEntry;
}
