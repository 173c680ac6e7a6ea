/**
 * Verifying a signed agreement. A node honours it only if (1) every signature verifies, each with an x5c
 * chain to a trusted root for the `authority` role, and (2) the valid signers include one authority of each
 * platform (ouranos and catena-x), and (3) it is within its effective window.
 */
import { KhError, isKhError } from '../../connector/errors';
import { verifyPs256 } from '../../certs/certification/jws';
import { PLATFORMS, TrustStore, ValidatedLeaf, validateChain } from '../../certs/pki';
import { agreementOf, DEFAULT_MAX_MRA_BYTES, parseGeneralJws, protectedHeaderOf } from './parse';
import { MraSigner, MutualRecognitionAgreement, VerifiedMra } from './types';

export interface MraSignatureReport {
  index: number;
  valid: boolean;
  signer?: MraSigner;
  /** Why it does not verify (a KH_ code; `details.pkiCode` style reasons are folded in). */
  code?: string;
  reason?: string;
}

export interface MraInspection {
  agreement: MutualRecognitionAgreement;
  signatures: MraSignatureReport[];
  honoured: boolean;
  /** When not honoured: the code verifyMra throws. */
  code?: string;
  reason?: string;
}

export interface VerifyMraOptions {
  trust: TrustStore;
  now?: Date;
  maxBytes?: number;
}

const verifiedAgreements = new WeakSet<object>();

export function isVerifiedMra(value: unknown): value is VerifiedMra {
  return typeof value === 'object' && value !== null && verifiedAgreements.has(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function signerOf(leaf: ValidatedLeaf): MraSigner {
  return {
    subjectId: leaf.subjectId,
    ...(leaf.subjectIri ? { subjectIri: leaf.subjectIri } : {}),
    ...(leaf.platform ? { platform: leaf.platform } : {}),
    serialHex: leaf.serialHex,
  };
}

function checkSignature(
  sig: { protected: string; signature: string },
  payload: string,
  index: number,
  opts: VerifyMraOptions & { now: Date },
): MraSignatureReport {
  const header = protectedHeaderOf(sig.protected, index);
  if (header.alg !== 'PS256')
    return { index, valid: false, code: 'KH_MRA_SIGNATURE_INVALID', reason: 'alg is not PS256' };
  if (header.crit !== undefined) {
    return { index, valid: false, code: 'KH_MRA_SIGNATURE_INVALID', reason: 'unsupported crit header' };
  }
  const x5c = header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c): c is string => typeof c === 'string')) {
    return {
      index,
      valid: false,
      code: 'KH_MRA_SIGNATURE_INVALID',
      reason: 'no x5c in the protected header',
    };
  }
  let leaf: ValidatedLeaf;
  try {
    leaf = validateChain(x5c, opts.trust, { role: 'authority', at: opts.now });
  } catch (err) {
    return {
      index,
      valid: false,
      code: 'KH_MRA_SIGNATURE_INVALID',
      reason: `chain not trusted for the authority role (${isKhError(err) ? err.code : 'error'})`,
    };
  }
  const signer = signerOf(leaf);
  if (!verifyPs256(`${sig.protected}.${payload}`, Buffer.from(sig.signature, 'base64url'), leaf.publicKey)) {
    return {
      index,
      valid: false,
      signer,
      code: 'KH_MRA_SIGNATURE_INVALID',
      reason: 'signature does not verify',
    };
  }
  if (leaf.platform === undefined) {
    return {
      index,
      valid: false,
      signer,
      code: 'KH_MRA_SIGNATURE_INVALID',
      reason: 'the certificate names no platform',
    };
  }
  return { index, valid: true, signer };
}

/** Every signature's verdict and whether the agreement is honoured; throws only for a malformed document. */
export function inspectMra(input: unknown, opts: VerifyMraOptions): MraInspection {
  const now = opts.now ?? new Date();
  const jws = parseGeneralJws(input, opts.maxBytes ?? DEFAULT_MAX_MRA_BYTES);
  const agreement = agreementOf(jws);
  const signatures = jws.signatures.map((s, i) => checkSignature(s, jws.payload, i, { ...opts, now }));
  const verdict = (code: string, reason: string): MraInspection => ({
    agreement,
    signatures,
    honoured: false,
    code,
    reason,
  });
  const bad = signatures.find((s) => !s.valid);
  if (bad) return verdict('KH_MRA_SIGNATURE_INVALID', `signature ${bad.index}: ${bad.reason ?? 'invalid'}`);
  const signed = new Set(signatures.map((s) => s.signer?.platform));
  const missing = PLATFORMS.filter((p) => !signed.has(p));
  if (missing.length > 0)
    return verdict('KH_MRA_SIGNATURE_MISSING', `no valid signature of the ${missing.join(', ')} authority`);
  if (now.getTime() < Date.parse(agreement.effectiveFrom))
    return verdict('KH_MRA_NOT_EFFECTIVE', 'not effective yet');
  if (agreement.effectiveUntil !== undefined && now.getTime() > Date.parse(agreement.effectiveUntil)) {
    return verdict('KH_MRA_NOT_EFFECTIVE', 'no longer effective');
  }
  return { agreement, signatures, honoured: true };
}

/**
 * The agreement, if the node may honour it. Throws KH_MRA_MALFORMED, KH_MRA_TOO_LARGE,
 * KH_MRA_SIGNATURE_INVALID, KH_MRA_SIGNATURE_MISSING or KH_MRA_NOT_EFFECTIVE.
 */
export function verifyMra(input: unknown, opts: VerifyMraOptions): VerifiedMra {
  const now = opts.now ?? new Date();
  const inspection = inspectMra(input, { ...opts, now });
  if (!inspection.honoured) {
    throw new KhError(
      inspection.code ?? 'KH_MRA_SIGNATURE_INVALID',
      `the agreement is not honoured: ${inspection.reason}`,
      {
        details: { agreementId: inspection.agreement.id },
      },
    );
  }
  const verified: VerifiedMra = Object.freeze({
    agreement: deepFreeze(inspection.agreement),
    agreementId: inspection.agreement.id,
    signers: Object.freeze(inspection.signatures.map((s) => s.signer as MraSigner)),
    verifiedAt: now,
  });
  verifiedAgreements.add(verified);
  return verified;
}
