/**
 * Ouranos-style native carriage: the data-transaction system's `traceability.CfpCertificationModel`
 * (cfpCertificationId, traceId, cfpCertificationDescription ≤ 100 chars, cfpCertificationFileInfo[]).
 */
import { createHash } from 'node:crypto';
import { KhError } from '../../connector/errors';
import { CertificationCredential } from './model';

export interface CfpCertificationFileInfo {
  operatorId: string | null;
  fileId: string | null;
  fileName: string | null;
}

export interface CfpCertificationModel {
  cfpCertificationId: string;
  traceId: string;
  cfpCertificationDescription: string | null;
  cfpCertificationFileInfo: CfpCertificationFileInfo[] | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stable UUID (v5-shaped, SHA-256 based) for a non-UUID identifier, so re-mapping gives the same id. */
export function stableUuid(name: string): string {
  const h = createHash('sha256').update(`kakehashi:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

function asUuid(id: string): string {
  const bare = id.replace(/^urn:uuid:/, '');
  return UUID.test(bare) ? bare.toLowerCase() : stableUuid(id);
}

export function toOuranosCertification(
  credential: CertificationCredential,
  opts: {
    /** The Ouranos trace id of the certified part (required when the subject is not a UUID itself). */
    traceId?: string;
    /** Ouranos operator id holding the certificate file, and its file id, if the file was uploaded. */
    file?: { operatorId: string; fileId: string; fileName?: string };
  } = {},
): CfpCertificationModel {
  const subject = credential.credentialSubject;
  const traceId = opts.traceId ?? subject.id.replace(/^urn:uuid:/, '');
  if (!UUID.test(traceId)) {
    throw new KhError('KH_CERT_INPUT_INVALID', 'an Ouranos traceId is a UUID; pass traceId', {
      where: 'traceId',
    });
  }
  const scheme = `${subject.scheme.name ?? subject.scheme.schemeId}${subject.scheme.schemeVersion ? ` ${subject.scheme.schemeVersion}` : ''}`;
  const description = `${scheme}: ${subject.outcome}, valid until ${credential.validUntil.slice(0, 10)}`;
  return {
    cfpCertificationId: asUuid(credential.id),
    traceId: traceId.toLowerCase(),
    cfpCertificationDescription: description.length > 100 ? `${description.slice(0, 99)}…` : description,
    cfpCertificationFileInfo: opts.file
      ? [{ operatorId: opts.file.operatorId, fileId: opts.file.fileId, fileName: opts.file.fileName ?? null }]
      : null,
  };
}
