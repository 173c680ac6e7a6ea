/** Building the VC 2.0 envelope around a battery passport. */
import {
  CANONICAL_CONTEXT,
  CANONICAL_TYPE,
  type BatteryPassport,
  type CertificationReference,
  type CanonicalRecord,
  type PassportSections,
  type Provenance,
  type SupplyChain,
} from './types';

export interface EnvelopeInput {
  /** Credential id (an IRI). */
  id: string;
  /** Issuer IRI; defaults to `subject.provenance.publisher`. */
  issuer?: string;
  validFrom: string;
  validUntil?: string;
  subject: {
    id: string;
    provenance: Provenance;
    passport: PassportSections;
    supplyChain?: SupplyChain;
    certificationReferences?: CertificationReference[];
  };
}

/** A canonical record in the canonical key order: envelope, then subject id/type/provenance/sections/supplyChain. */
export function buildCanonicalRecord(input: EnvelopeInput): CanonicalRecord {
  const { subject } = input;
  const credentialSubject: BatteryPassport = {
    id: subject.id,
    type: 'BatteryPassport',
    provenance: { ...subject.provenance },
    ...subject.passport,
    ...(subject.supplyChain === undefined ? {} : { supplyChain: subject.supplyChain }),
    ...(subject.certificationReferences === undefined
      ? {}
      : { certificationReferences: subject.certificationReferences }),
  };
  return {
    '@context': [CANONICAL_CONTEXT[0], CANONICAL_CONTEXT[1]],
    type: [CANONICAL_TYPE[0], CANONICAL_TYPE[1]],
    id: input.id,
    issuer: input.issuer ?? subject.provenance.publisher,
    validFrom: input.validFrom,
    ...(input.validUntil === undefined ? {} : { validUntil: input.validUntil }),
    credentialSubject,
  };
}
