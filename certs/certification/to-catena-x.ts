/**
 * Catena-X native carriage of a certification: the BusinessPartnerCertificate 3.1.0 aspect (company
 * certificates) and a BatteryPass 6.1.0 `conformity.thirdPartyAssurance` document entry (product ones).
 * The original vc+jwt travels inside (`document.contentBase64`), so a CX consumer can verify it again.
 */
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { KhError } from '../../connector/errors';
import bpcSchema from '../../schemas/catena-x/BusinessPartnerCertificate-schema.json';
import { CertificationCredential } from './model';

export type BpcTrustLevel = 'none' | 'low' | 'high' | 'trusted';

/** The BusinessPartnerCertificate 3.1.0 payload (the properties this mapping fills). */
export interface BusinessPartnerCertificate {
  businessPartnerNumber: string;
  type: { certificateType: string; certificateVersion?: string };
  registrationNumber: string;
  areaOfApplication?: string;
  validFrom: string;
  validUntil: string;
  issuer?: { issuerName: string; issuerBpn?: string };
  trustLevel: BpcTrustLevel;
  validator?: { validatorName?: string; validatorBpn?: string };
  uploader?: string;
  document: { creationDate: string; documentID: string; contentType: string; contentBase64: string };
}

export interface ToBusinessPartnerCertificateOptions {
  /** The original vc+jwt; carried as the certificate document. Without it, the credential JSON is carried. */
  vcJwt?: string;
  /** BPNL of the certified legal entity, when the credential subject is not a CX participant. */
  businessPartnerNumber?: string;
  /** `trusted` only after the credential verified (default `none`). */
  trustLevel?: BpcTrustLevel;
  /** The node that validated the credential. */
  validator?: { validatorName?: string; validatorBpn?: string };
  uploader?: string;
}

const BPNL = /BPNL[A-Za-z0-9]{12}$/;
const ajv = new AjvDraft04({ strict: false, allErrors: false });
addFormats(ajv);
const validateBpc = ajv.compile(bpcSchema);

function bpnlOf(iri: string): string | undefined {
  const m = /^(?:urn:kakehashi:participant:catena-x:)?(BPNL[A-Za-z0-9]{12})$/.exec(iri);
  return m ? m[1] : undefined;
}

/** Throws KH_CERT_CX_INVALID unless `doc` validates against BusinessPartnerCertificate 3.1.0. */
export function assertBusinessPartnerCertificate(doc: unknown): void {
  if (!validateBpc(doc)) {
    const e = validateBpc.errors?.[0];
    throw new KhError(
      'KH_CERT_CX_INVALID',
      `the BusinessPartnerCertificate fails its schema: ${e?.message ?? 'invalid'}`,
      {
        where: e?.instancePath || '/',
      },
    );
  }
}

export function toBusinessPartnerCertificate(
  credential: CertificationCredential,
  opts: ToBusinessPartnerCertificateOptions = {},
): BusinessPartnerCertificate {
  const subject = credential.credentialSubject;
  if (subject.outcome === 'fail') {
    throw new KhError(
      'KH_CERT_INPUT_INVALID',
      'a failed certification is not a business partner certificate',
      {
        where: '/credentialSubject/outcome',
      },
    );
  }
  const bpn = opts.businessPartnerNumber ?? bpnlOf(subject.id);
  if (bpn === undefined) {
    throw new KhError('KH_CERT_CX_INVALID', 'the certified subject has no BPNL; pass businessPartnerNumber', {
      where: '/credentialSubject/id',
    });
  }
  const issuerBpn = BPNL.exec(credential.issuer.id)?.[0];
  const content = opts.vcJwt ?? JSON.stringify(credential);
  const area = [subject.scheme.name, subject.outcome === 'conditional' ? '(conditional)' : undefined]
    .filter((s): s is string => typeof s === 'string')
    .join(' ');
  const doc: BusinessPartnerCertificate = {
    businessPartnerNumber: bpn,
    type: {
      certificateType: subject.scheme.schemeId,
      ...(subject.scheme.schemeVersion ? { certificateVersion: subject.scheme.schemeVersion } : {}),
    },
    registrationNumber: credential.id,
    ...(area ? { areaOfApplication: area } : {}),
    validFrom: credential.validFrom.slice(0, 10),
    validUntil: credential.validUntil.slice(0, 10),
    issuer: {
      issuerName: credential.issuer.name ?? credential.issuer.id,
      ...(issuerBpn ? { issuerBpn } : {}),
    },
    trustLevel: opts.trustLevel ?? 'none',
    ...(opts.validator ? { validator: opts.validator } : {}),
    ...(opts.uploader ? { uploader: opts.uploader } : {}),
    document: {
      creationDate: credential.validFrom,
      documentID: credential.id,
      contentType: opts.vcJwt ? 'application/vc+jwt' : 'application/vc',
      contentBase64: Buffer.from(content, 'utf8').toString('base64'),
    },
  };
  assertBusinessPartnerCertificate(doc);
  return doc;
}

/** A BatteryPass 6.1.0 `conformity.thirdPartyAssurance` entry (DocumentationEntity) for a product certification. */
export function toBatteryPassThirdPartyAssurance(
  credential: CertificationCredential,
  opts: { url?: string } = {},
): { contentType: string; header: string; content: string } {
  const s = credential.credentialSubject;
  const header = `${s.scheme.name ?? s.scheme.schemeId}${s.scheme.schemeVersion ? ` ${s.scheme.schemeVersion}` : ''}: ${s.outcome}`;
  return {
    contentType: opts.url ? 'URL' : 'application/vc+jwt',
    header: header.slice(0, 100),
    content: opts.url ?? credential.id,
  };
}
