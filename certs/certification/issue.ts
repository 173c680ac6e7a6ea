/** Build (pure) and sign a certifier's certification credential as a vc+jwt. */
import { randomUUID } from 'node:crypto';
import { KhError } from '../../connector/errors';
import {
  BitstringStatusListEntry,
  CERTIFICATION_CONTEXT,
  CERTIFICATION_OUTCOMES,
  CertificationCredential,
  CertificationOutcome,
  VC_V2_CONTEXT,
} from './model';
import { assertCertificationShape } from './schema-validation';
import { signVcJwt, VcJwtSigner } from './vc-jwt';

export interface CertificationInput {
  /** Credential id (an IRI). Default: a fresh `urn:uuid:`. */
  id?: string;
  certifier: { id: string; name?: string };
  subject: { id: string; type?: 'BatteryPassport' | 'Participant' };
  scheme: { schemeId: string; name?: string; schemeVersion?: string };
  outcome: CertificationOutcome;
  validFrom: Date;
  validUntil: Date;
  /** Day of the assessment (YYYY-MM-DD); default: the day of validFrom. */
  assessmentDate?: string;
  accreditation: { accreditationId: string; body: { id: string; name?: string } };
  status: { statusListCredential: string; statusListIndex: number };
  description?: string;
}

/** Participant IRIs and BPNLs are participants; anything else is taken as a battery passport id. */
export function inferSubjectType(id: string): 'BatteryPassport' | 'Participant' {
  return /^urn:kakehashi:participant:/.test(id) || /^BPNL[A-Za-z0-9]{12}$/.test(id)
    ? 'Participant'
    : 'BatteryPassport';
}

/** A subject id as an IRI: a bare BPNL becomes its Catena-X participant IRI. */
export function subjectIri(id: string): string {
  return /^BPNL[A-Za-z0-9]{12}$/.test(id) ? `urn:kakehashi:participant:catena-x:${id}` : id;
}

function isoSeconds(d: Date, where: string): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
    throw new KhError('KH_CERT_INPUT_INVALID', 'a date is not valid', { where });
  }
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function statusEntry(statusListCredential: string, index: number): BitstringStatusListEntry {
  return {
    id: `${statusListCredential}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String(index),
    statusListCredential,
  };
}

/** The credential for `input` (pure but for the default id). Throws KH_CERT_INPUT_INVALID. */
export function buildCertificationCredential(input: CertificationInput): CertificationCredential {
  if (!CERTIFICATION_OUTCOMES.includes(input.outcome)) {
    throw new KhError('KH_CERT_INPUT_INVALID', 'outcome must be pass, fail or conditional', {
      where: 'outcome',
    });
  }
  const validFrom = isoSeconds(input.validFrom, 'validFrom');
  const validUntil = isoSeconds(input.validUntil, 'validUntil');
  if (input.validUntil.getTime() <= input.validFrom.getTime()) {
    throw new KhError('KH_CERT_INPUT_INVALID', 'validUntil must be after validFrom', { where: 'validUntil' });
  }
  const subjectId = subjectIri(input.subject.id);
  const credential: CertificationCredential = {
    '@context': [VC_V2_CONTEXT, CERTIFICATION_CONTEXT],
    id: input.id ?? `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'CertificationCredential'],
    issuer: {
      id: input.certifier.id,
      type: 'Certifier',
      ...(input.certifier.name ? { name: input.certifier.name } : {}),
    },
    validFrom,
    validUntil,
    credentialSubject: {
      id: subjectId,
      type: 'CertificationAttestation',
      subjectType: input.subject.type ?? inferSubjectType(input.subject.id),
      scheme: {
        type: 'CertificationScheme',
        schemeId: input.scheme.schemeId,
        ...(input.scheme.name ? { name: input.scheme.name } : {}),
        ...(input.scheme.schemeVersion ? { schemeVersion: input.scheme.schemeVersion } : {}),
      },
      outcome: input.outcome,
      assessmentDate: input.assessmentDate ?? validFrom.slice(0, 10),
      accreditation: {
        type: 'Accreditation',
        accreditationId: input.accreditation.accreditationId,
        accreditationBody: {
          id: input.accreditation.body.id,
          type: 'AccreditationBody',
          ...(input.accreditation.body.name ? { name: input.accreditation.body.name } : {}),
        },
      },
      ...(input.description ? { description: input.description } : {}),
    },
    credentialStatus: statusEntry(input.status.statusListCredential, input.status.statusListIndex),
  };
  assertCertificationShape(credential, 'KH_CERT_INPUT_INVALID');
  return credential;
}

/** Sign a certification credential with the certifier's key and chain: a vc+jwt. */
export function issueCertificationCredential(
  credential: CertificationCredential,
  signer: VcJwtSigner,
): string {
  assertCertificationShape(credential, 'KH_CERT_INPUT_INVALID');
  return signVcJwt(credential, signer);
}
