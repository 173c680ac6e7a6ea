/**
 * Verification of a certification credential (vc+jwt), in the order a receiver applies it:
 * 1. chain to a root trusted for the `certifier` role, PS256 signature, JSON Schema, issuer = certificate subject;
 * 2. validity window (validFrom ≤ now ≤ validUntil);
 * 3. revocation: the certifier's own Bitstring Status List, fetched through a StatusListResolver.
 */
import { KhError, isKhError } from '../../connector/errors';
import type { TrustStore, ValidatedLeaf } from '../pki';
import { decodeBitstring, getBit } from './bitstring';
import { CertificationCredential } from './model';
import { assertCertificationShape, assertStatusListShape } from './schema-validation';
import { StatusListResolver } from './status-resolver';
import { issuerMatches, verifyVcJwt } from './vc-jwt';

export interface VerifiedCertification {
  /** The vc+jwt as received. */
  token: string;
  credential: CertificationCredential;
  /** The certifier's validated certificate. */
  certifier: ValidatedLeaf;
}

export interface CertificationCheckOptions {
  trust: TrustStore;
  now: Date;
  maxBytes?: number;
}

/** Step 1: signature, chain (role certifier), shape and issuer. Throws KH_CERT_*. */
export function verifyCertificationSignature(
  token: string,
  opts: CertificationCheckOptions,
): VerifiedCertification {
  const { payload, signer } = verifyVcJwt(token, {
    trust: opts.trust,
    role: 'certifier',
    now: opts.now,
    maxBytes: opts.maxBytes,
  });
  assertCertificationShape(payload);
  const credential = payload as unknown as CertificationCredential;
  if (!issuerMatches(credential.issuer.id, signer)) {
    throw new KhError('KH_CERT_ISSUER_MISMATCH', "the issuer is not the signing certificate's subject", {
      where: '/issuer/id',
    });
  }
  return { token, credential, certifier: signer };
}

/** Step 2: the validity window. Throws KH_CERT_NOT_YET_VALID or KH_CERT_EXPIRED. */
export function checkValidityWindow(
  credential: { validFrom?: string; validUntil?: string },
  now: Date,
): void {
  const t = now.getTime();
  if (credential.validFrom !== undefined && t < Date.parse(credential.validFrom)) {
    throw new KhError('KH_CERT_NOT_YET_VALID', 'the credential is not valid yet', {
      where: '/validFrom',
      details: { validFrom: credential.validFrom },
    });
  }
  if (credential.validUntil !== undefined && t > Date.parse(credential.validUntil)) {
    throw new KhError('KH_CERT_EXPIRED', 'the credential has expired', {
      where: '/validUntil',
      details: { validUntil: credential.validUntil },
    });
  }
}

export interface StatusCheckResult {
  revoked: boolean;
  statusListCredential: string;
  statusListIndex: number;
  /** validFrom of the status list that answered. */
  listValidFrom: string;
}

/**
 * Step 3: fetch, verify and read the certifier's status list. Returns the bit; never assumes "valid" when
 * the list cannot be had. Throws KH_CERT_STATUS_UNAVAILABLE or KH_CERT_STATUS_INVALID.
 */
export async function checkCertificationStatus(
  verified: VerifiedCertification,
  opts: CertificationCheckOptions & { statusResolver: StatusListResolver },
): Promise<StatusCheckResult> {
  const entry = verified.credential.credentialStatus;
  const url = entry.statusListCredential;
  let listToken: string;
  try {
    listToken = await opts.statusResolver.resolve(url, { now: opts.now });
  } catch (cause) {
    if (isKhError(cause) && cause.code === 'KH_CERT_STATUS_UNAVAILABLE') throw cause;
    throw new KhError('KH_CERT_STATUS_UNAVAILABLE', 'the status list could not be fetched', {
      where: url,
      cause,
    });
  }
  let list: Record<string, unknown>;
  let signer: ValidatedLeaf;
  try {
    ({ payload: list, signer } = verifyVcJwt(listToken, {
      trust: opts.trust,
      role: 'certifier',
      now: opts.now,
      maxBytes: opts.maxBytes,
    }));
  } catch (cause) {
    throw new KhError('KH_CERT_STATUS_INVALID', 'the status list credential does not verify', {
      where: url,
      details: { causeCode: isKhError(cause) ? cause.code : 'KH_INTERNAL' },
      cause,
    });
  }
  assertStatusListShape(list);
  const issuer = typeof list.issuer === 'string' ? list.issuer : (list.issuer as { id: string }).id;
  const subject = list.credentialSubject as { statusPurpose: string; encodedList: string };
  const invalid = (why: string, reason: string): KhError =>
    new KhError('KH_CERT_STATUS_INVALID', why, { where: url, details: { reason } });
  if (list.id !== url) throw invalid('the status list id is not the URL it was fetched from', 'id');
  if (issuer !== verified.credential.issuer.id || !issuerMatches(issuer, signer)) {
    throw invalid('the status list is not published by the certifier of the credential', 'issuer');
  }
  if (subject.statusPurpose !== entry.statusPurpose)
    throw invalid('the status list has another purpose', 'purpose');
  try {
    checkValidityWindow(list as { validFrom?: string; validUntil?: string }, opts.now);
  } catch {
    throw invalid('the status list is outside its validity window', 'validity');
  }
  const index = Number(entry.statusListIndex);
  let bits: Uint8Array;
  try {
    bits = decodeBitstring(subject.encodedList);
  } catch {
    throw invalid('the status list encodedList does not decode', 'encodedList');
  }
  if (index >= bits.length * 8) throw invalid('the status list is shorter than the index', 'length');
  return {
    revoked: getBit(bits, index),
    statusListCredential: url,
    statusListIndex: index,
    listValidFrom: String(list.validFrom),
  };
}

/** All three steps; throws KH_CERT_REVOKED if the bit is set. */
export async function verifyCertificationCredential(
  token: string,
  opts: CertificationCheckOptions & { statusResolver: StatusListResolver },
): Promise<VerifiedCertification & { status: StatusCheckResult }> {
  const verified = verifyCertificationSignature(token, opts);
  checkValidityWindow(verified.credential, opts.now);
  const status = await checkCertificationStatus(verified, opts);
  if (status.revoked) {
    throw new KhError('KH_CERT_REVOKED', 'the certifier has revoked this credential', {
      where: '/credentialStatus',
      details: { statusListCredential: status.statusListCredential },
    });
  }
  return { ...verified, status };
}
