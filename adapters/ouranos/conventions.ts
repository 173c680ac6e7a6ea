/**
 * Fixed conventions of the OU ⇄ canonical mapping: IRIs, keys, document headers and constants.
 */
import { participantIri, recordCredentialId } from '../canonical/participants';

/** `urn:kakehashi:participant:ouranos:<operatorId>`. */
export function ouranosParticipantIri(operatorId: string): string {
  return participantIri('ouranos', operatorId);
}

/** `urn:kakehashi:record:ouranos:<recordId>:<recordVersion>`. */
export function ouranosRecordIri(recordId: string, recordVersion: number): string {
  return recordCredentialId('ouranos', recordId, String(recordVersion));
}

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
