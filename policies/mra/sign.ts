/**
 * Signing an agreement: one JWS in general JSON serialization (RFC 7515 §7.2.1), the payload once and one
 * signature per platform authority, each protected header carrying that authority's `x5c`.
 */
import type { KeyObject } from 'node:crypto';
import { KhError } from '../../connector/errors';
import { base64urlJson, signPs256 } from '../../certs/certification/jws';
import type { PlatformId } from '../../certs/pki';
import { canonicalJson } from './canonical-json';
import { assertAgreementShape } from './schema-validation';
import { parseGeneralJws, protectedHeaderOf } from './parse';
import { GeneralJws, MutualRecognitionAgreement } from './types';

export const MRA_JWS_TYP = 'mra+jws';

export interface MraAuthoritySigner {
  privateKey: KeyObject;
  /** Base64 DER chain of the authority certificate, leaf first. */
  x5c: string[];
  /** The authority's platform: a second signature of the same platform is refused. */
  platform: PlatformId;
  /** The authority's IRI, put in `kid`. */
  subjectIri?: string;
}

/** The unsigned JWS of an agreement: canonical JSON payload, no signature yet. */
export function agreementPayload(agreement: MutualRecognitionAgreement): string {
  assertAgreementShape(agreement);
  return Buffer.from(canonicalJson(agreement), 'utf8').toString('base64url');
}

/**
 * Add `signer`'s signature to an agreement: either the agreement itself (first signature) or a JWS that
 * the other authority has already signed. Throws KH_MRA_SIGNATURE_EXISTS if this platform already signed.
 */
export function signMra(
  input: MutualRecognitionAgreement | GeneralJws,
  signer: MraAuthoritySigner,
): GeneralJws {
  const jws: GeneralJws =
    'payload' in input && 'signatures' in input
      ? parseGeneralJws(input)
      : { payload: agreementPayload(input as MutualRecognitionAgreement), signatures: [] };
  for (const [i, s] of jws.signatures.entries()) {
    const header = protectedHeaderOf(s.protected, i);
    if (header.platform === signer.platform) {
      throw new KhError('KH_MRA_SIGNATURE_EXISTS', `the ${signer.platform} authority has already signed`, {
        where: `/signatures/${i}`,
      });
    }
  }
  const header = {
    alg: 'PS256',
    typ: MRA_JWS_TYP,
    cty: 'application/ld+json',
    x5c: signer.x5c,
    platform: signer.platform,
    ...(signer.subjectIri ? { kid: signer.subjectIri } : {}),
  };
  const protectedB64 = base64urlJson(header);
  const signature = signPs256(`${protectedB64}.${jws.payload}`, signer.privateKey).toString('base64url');
  return { payload: jws.payload, signatures: [...jws.signatures, { protected: protectedB64, signature }] };
}
