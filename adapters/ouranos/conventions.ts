/**
 * Fixed conventions of the OU ⇄ canonical mapping: IRIs, document headers and the text encodings of the two
 * OU values the canonical record has no dedicated term for (DQR, CFP-certification file references).
 */
import { participantIri, recordCredentialId } from '../canonical/participants';
import type { OuCfpModel } from './types';

/** `urn:kakehashi:participant:ouranos:<operatorId>`. */
export function ouranosParticipantIri(operatorId: string): string {
  return participantIri('ouranos', operatorId);
}

/** `urn:kakehashi:record:ouranos:<recordId>:<recordVersion>`. */
export function ouranosRecordIri(recordId: string, recordVersion: number): string {
  return recordCredentialId('ouranos', recordId, String(recordVersion));
}

/**
 * `identification.identification.codes[].key` that carries the OU plantId of the battery's plant: the canonical
 * `operation.manufacturer.facility` only takes Catena-X BPNA numbers.
 */
export const PLANT_CODE_KEY = 'ouranos:plantId';

/** `identification.identification.batch[].key` that carries the battery part's supportPartsName. */
export const BATCH_KEY = 'batchId';
export const ACTIVE_MATERIALS = ['nickel', 'lithium', 'cobalt', 'lead'] as const;
/** CAS numbers used when a canonical record lists active materials without a composition. */
export const ACTIVE_MATERIAL_CAS: Readonly<Record<(typeof ACTIVE_MATERIALS)[number], string>> = {
  nickel: '7440-02-0',
  lithium: '7439-93-2',
  cobalt: '7440-48-4',
  lead: '7439-92-1',
};

export const CFP_IMPACT_CATEGORY = 'Climate Change Total';
export const CFP_RULEBOOK = {
  header: 'EU Battery Regulation (EU) 2023/1542, Article 7 and Annex II',
  content: 'https://eur-lex.europa.eu/eli/reg/2023/1542/oj',
} as const;
export const DOC_HEADER = 'EU declaration of conformity';
export const DUE_DILIGENCE_HEADER = 'Supply-chain due diligence report';
export const THIRD_PARTY_HEADER = 'Third-party verification of supply-chain due diligence';

/** Header of the `declaration` entry that carries an OU CfpModel's dqrValue. */
export const DQR_HEADER = 'Data quality rating (Ouranos DQR: TeR, GeR, TiR)';

type Dqr = OuCfpModel['dqrValue'];

export function formatDqr(dqr: Dqr): string {
  const part = (v: number | null): string => (v === null ? 'null' : String(v));
  return `TeR=${part(dqr.TeR)};GeR=${part(dqr.GeR)};TiR=${part(dqr.TiR)}`;
}

const DQR_RE = /^TeR=([^;]+);GeR=([^;]+);TiR=([^;]+)$/;

/** Inverse of `formatDqr`; undefined when the text is not a DQR statement. */
export function parseDqr(text: string): Dqr | undefined {
  const m = DQR_RE.exec(text);
  if (m === null) return undefined;
  const values = [m[1], m[2], m[3]].map((v) => (v === 'null' ? null : Number(v)));
  if (values.some((v) => v !== null && !Number.isFinite(v))) return undefined;
  return { TeR: values[0], GeR: values[1], TiR: values[2] };
}

/** `sources[]` category and type of a CFP-certification file reference. */
export const CFP_CERTIFICATION_CATEGORY = 'Certifications and Compliance';
export const CFP_CERTIFICATION_TYPE = 'URN';
const CERT_PREFIX = 'urn:kakehashi:ouranos:cfp-certification:';

export function cfpCertificationUrn(certificationId: string, fileId: string, fileName: string): string {
  return `${CERT_PREFIX}${certificationId}:file:${fileId}:${encodeURIComponent(fileName)}`;
}

export function parseCfpCertificationUrn(
  urn: string,
): { certificationId: string; fileId: string; fileName: string } | undefined {
  if (!urn.startsWith(CERT_PREFIX)) return undefined;
  const m = /^([0-9a-f-]{36}):file:([0-9a-f-]{36}):(.*)$/i.exec(urn.slice(CERT_PREFIX.length));
  if (m === null) return undefined;
  return { certificationId: m[1], fileId: m[2], fileName: decodeURIComponent(m[3]) };
}
