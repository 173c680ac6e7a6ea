/**
 * Which certifications travel from `sourcePlatform` to `targetPlatform` under a verified agreement.
 * A certification travels only if (in this order):
 *  1. its credential verifies (certifier chain for the `certifier` role, signature, schema, issuer);
 *  2. its certifier belongs to the source platform and is accredited there as the agreement recognises;
 *  3. the agreement accepts its scheme on the target side (listed, and with a corresponding target scheme);
 *  4. it is within its validity window (not expired);
 *  5. its certifier's status list (fresh within the resolver's bound) does not mark it revoked.
 * It arrives under the target side's scheme name, with the original vc+jwt attached unchanged.
 */
import { createHash } from 'node:crypto';
import { KhError, isKhError } from '../../connector/errors';
import type { PlatformId, TrustStore } from '../../certs/pki';
import { decodeCompactJws } from '../../certs/certification/jws';
import type { CertificationCredential, CertificationOutcome } from '../../certs/certification/model';
import type { StatusListResolver } from '../../certs/certification/status-resolver';
import {
  checkCertificationStatus,
  checkValidityWindow,
  VerifiedCertification,
  verifyCertificationSignature,
} from '../../certs/certification/verify';
import { MraPlatformScheme, MraRecognition, VerifiedMra } from './types';
import { isVerifiedMra } from './verify';

export type DropReason =
  | 'invalid-credential'
  | 'certifier-not-accredited'
  | 'scheme-not-accepted'
  | 'expired'
  | 'revoked'
  | 'status-unavailable';

export interface SchemeRef {
  schemeId: string;
  name?: string;
  schemeVersion?: string;
}

export interface PassedCertification {
  credentialId: string;
  /** The original vc+jwt, unchanged, so the receiver verifies it again. */
  credential: string;
  certifier: string;
  subject: string;
  outcome: CertificationOutcome;
  schemeOnSource: SchemeRef;
  /** The scheme as the target platform names it. */
  schemeOnTarget: SchemeRef;
  validUntil: string;
  agreementId: string;
  /** URL of the status list that was checked and the index in it. */
  statusListCredential: string;
  statusListIndex: number;
}

export interface DroppedCertification {
  credentialId: string;
  reason: DropReason;
  code: string;
}

export interface EvaluationResult {
  passed: PassedCertification[];
  dropped: DroppedCertification[];
}

export interface EvaluateCertificationsInput {
  credentials: string[];
  sourcePlatform: PlatformId;
  targetPlatform: PlatformId;
  mra: VerifiedMra;
  trust: TrustStore;
  statusResolver: StatusListResolver;
  now?: Date;
  maxBytes?: number;
}

class Drop extends Error {
  constructor(
    readonly reason: DropReason,
    readonly code: string,
  ) {
    super(code);
  }
}

/** The credential's id for reporting, even when it does not verify (a digest if it cannot be read). */
function reportedId(token: string): string {
  try {
    const payload = decodeCompactJws(token).payload as { id?: unknown };
    if (typeof payload.id === 'string' && payload.id.length <= 2048) return payload.id;
  } catch {
    // not decodable: fall back to a digest
  }
  return `sha256:${createHash('sha256').update(String(token)).digest('hex')}`;
}

function reasonOfCode(code: string): DropReason {
  if (code === 'KH_CERT_EXPIRED') return 'expired';
  if (code === 'KH_CERT_REVOKED') return 'revoked';
  if (code === 'KH_CERT_STATUS_UNAVAILABLE' || code === 'KH_CERT_STATUS_INVALID') return 'status-unavailable';
  return 'invalid-credential';
}

function codeOf(err: unknown): string {
  return isKhError(err) ? err.code : 'KH_INTERNAL';
}

/** Rule 2: the certifier is recognised on the source side. */
export function isCertifierAccredited(
  recognition: MraRecognition | undefined,
  credential: CertificationCredential,
  certifierPlatform: PlatformId | undefined,
): boolean {
  if (!recognition || certifierPlatform !== recognition.sourcePlatform) return false;
  const bodyId = credential.credentialSubject.accreditation.accreditationBody.id;
  if (!recognition.accreditationBodies.some((b) => b.id === bodyId)) return false;
  if (recognition.certifiers.length === 0) return true;
  return recognition.certifiers.some((c) => c.id === credential.issuer.id && c.accreditationBody === bodyId);
}

/** Rule 3: the scheme on the target side, or undefined when the agreement does not accept it. */
export function translateScheme(
  mra: VerifiedMra,
  recognition: MraRecognition | undefined,
  scheme: SchemeRef,
): SchemeRef | undefined {
  if (!recognition || !recognition.schemes.includes(scheme.schemeId)) return undefined;
  const matches = (s: MraPlatformScheme, platform: PlatformId): boolean =>
    s.platform === platform &&
    s.schemeId === scheme.schemeId &&
    (s.schemeVersion === undefined || s.schemeVersion === scheme.schemeVersion);
  for (const c of mra.agreement.schemeCorrespondences) {
    const source = c.correspondingSchemes.find((s) => matches(s, recognition.sourcePlatform));
    const target = c.correspondingSchemes.find((s) => s.platform === recognition.targetPlatform);
    if (source && target) {
      return {
        schemeId: target.schemeId,
        ...(target.name ? { name: target.name } : {}),
        ...(target.schemeVersion ? { schemeVersion: target.schemeVersion } : {}),
      };
    }
  }
  return undefined;
}

async function evaluateOne(
  token: string,
  input: EvaluateCertificationsInput & { now: Date },
  recognition: MraRecognition | undefined,
): Promise<PassedCertification> {
  let verified: VerifiedCertification;
  try {
    verified = verifyCertificationSignature(token, {
      trust: input.trust,
      now: input.now,
      maxBytes: input.maxBytes,
    });
  } catch (err) {
    throw new Drop('invalid-credential', codeOf(err));
  }
  const { credential } = verified;
  if (!isCertifierAccredited(recognition, credential, verified.certifier.platform)) {
    throw new Drop('certifier-not-accredited', 'KH_MRA_CERTIFIER_NOT_ACCREDITED');
  }
  const s = credential.credentialSubject.scheme;
  const schemeOnSource: SchemeRef = {
    schemeId: s.schemeId,
    ...(s.name ? { name: s.name } : {}),
    ...(s.schemeVersion ? { schemeVersion: s.schemeVersion } : {}),
  };
  const schemeOnTarget = translateScheme(input.mra, recognition, schemeOnSource);
  if (!schemeOnTarget) throw new Drop('scheme-not-accepted', 'KH_MRA_SCHEME_NOT_ACCEPTED');
  try {
    checkValidityWindow(credential, input.now);
  } catch (err) {
    throw new Drop(reasonOfCode(codeOf(err)), codeOf(err));
  }
  let status;
  try {
    status = await checkCertificationStatus(verified, {
      trust: input.trust,
      now: input.now,
      statusResolver: input.statusResolver,
      maxBytes: input.maxBytes,
    });
  } catch (err) {
    throw new Drop('status-unavailable', codeOf(err));
  }
  if (status.revoked) throw new Drop('revoked', 'KH_CERT_REVOKED');
  return {
    credentialId: credential.id,
    credential: token,
    certifier: credential.issuer.id,
    subject: credential.credentialSubject.id,
    outcome: credential.credentialSubject.outcome,
    schemeOnSource,
    schemeOnTarget,
    validUntil: credential.validUntil,
    agreementId: input.mra.agreementId,
    statusListCredential: status.statusListCredential,
    statusListIndex: status.statusListIndex,
  };
}

/**
 * Sort certifications into those that travel (translated, original attached) and those dropped, each with
 * its reason and code. Throws (for the whole call) KH_MRA_NOT_VERIFIED, KH_MRA_INPUT_INVALID or
 * KH_MRA_NOT_EFFECTIVE; a single bad credential never throws, it is dropped.
 */
export async function evaluateCertifications(input: EvaluateCertificationsInput): Promise<EvaluationResult> {
  if (!isVerifiedMra(input.mra)) {
    throw new KhError('KH_MRA_NOT_VERIFIED', 'the agreement must come from verifyMra', { where: 'mra' });
  }
  if (input.sourcePlatform === input.targetPlatform) {
    throw new KhError('KH_MRA_INPUT_INVALID', 'source and target platforms must differ', {
      where: 'targetPlatform',
    });
  }
  const now = input.now ?? new Date();
  const { agreement } = input.mra;
  if (
    now.getTime() < Date.parse(agreement.effectiveFrom) ||
    (agreement.effectiveUntil !== undefined && now.getTime() > Date.parse(agreement.effectiveUntil))
  ) {
    throw new KhError('KH_MRA_NOT_EFFECTIVE', 'the agreement is not effective at this time', {
      details: { agreementId: agreement.id },
    });
  }
  const recognition = agreement.recognitions.find(
    (r) => r.sourcePlatform === input.sourcePlatform && r.targetPlatform === input.targetPlatform,
  );
  const result: EvaluationResult = { passed: [], dropped: [] };
  for (const token of input.credentials) {
    try {
      result.passed.push(await evaluateOne(token, { ...input, now }, recognition));
    } catch (err) {
      if (err instanceof Drop) {
        result.dropped.push({ credentialId: reportedId(token), reason: err.reason, code: err.code });
      } else {
        result.dropped.push({
          credentialId: reportedId(token),
          reason: reasonOfCode(codeOf(err)),
          code: codeOf(err),
        });
      }
    }
  }
  return result;
}
