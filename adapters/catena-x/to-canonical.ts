/**
 * CX native → canonical. The passport sections are BatteryPass 6.1.0 key for key (the Kakehashi context
 * gives every key its IRI), so they are copied unchanged; the companion becomes `supplyChain`; the envelope
 * and provenance come from `metadata` unless `meta` says otherwise. Pure: no clock, no I/O.
 */
import { buildCanonicalRecord } from '../canonical/envelope';
import { cloneJson } from '../canonical/json';
import { participantIri, recordCredentialId } from '../canonical/participants';
import type { CanonicalRecord, PassportSections } from '../canonical/types';
import { validateCanonical } from '../canonical/validate';
import type { CanonicalMeta } from '../types';
import { certificationReferencesOf } from './kakehashi-terms';
import { companionToSupplyChain } from './supply-chain';
import { isCatenaXRecord, type CatenaXRecord } from './types';
import { validateCatenaXNative } from './validate';

/** `provenance.recordVersion` of a BatteryPass whose `metadata.version` is the empty string. */
export const UNVERSIONED = 'unversioned';

/** `urn:uuid:` form of a BatteryPass passport identifier (which may be a bare UUID). */
export function passportSubjectId(passportIdentifier: string): string {
  return passportIdentifier.startsWith('urn:uuid:') ? passportIdentifier : `urn:uuid:${passportIdentifier}`;
}

export function catenaXToCanonical(native: unknown, meta: CanonicalMeta = {}): CanonicalRecord {
  const valid = validateCatenaXNative(native);
  const record: CatenaXRecord = isCatenaXRecord(valid) ? valid : { batteryPass: valid };
  const passport = cloneJson(record.batteryPass) as PassportSections;
  const certificationReferences = certificationReferencesOf(passport);
  // BatteryPass requires metadata.{passportIdentifier, version, economicOperatorId, issueDate}.
  const metadata = passport.metadata as Required<
    Pick<
      NonNullable<PassportSections['metadata']>,
      'passportIdentifier' | 'version' | 'economicOperatorId' | 'issueDate'
    >
  >;
  const recordId = meta.recordId ?? metadata.passportIdentifier;
  // BatteryPass allows an empty version string; provenance needs a non-empty one (the passport keeps its own).
  const recordVersion = meta.recordVersion ?? (metadata.version === '' ? UNVERSIONED : metadata.version);
  const publisher = meta.publisher ?? participantIri('catena-x', metadata.economicOperatorId);
  const subjectId = passportSubjectId(metadata.passportIdentifier);
  const canonical = buildCanonicalRecord({
    id: meta.credentialId ?? recordCredentialId('catena-x', recordId, recordVersion),
    issuer: publisher,
    validFrom: meta.validFrom ?? `${metadata.issueDate}T00:00:00Z`,
    ...(meta.validUntil === undefined ? {} : { validUntil: meta.validUntil }),
    subject: {
      id: subjectId,
      provenance: { sourcePlatform: 'catena-x', publisher, recordId, recordVersion },
      passport,
      ...(certificationReferences.length === 0 ? {} : { certificationReferences }),
      ...(record.supplyChain === undefined
        ? {}
        : { supplyChain: companionToSupplyChain(record.supplyChain) }),
    },
  });
  // A received record (child items marked `withheld`) maps to a presentation-shaped canonical record.
  const received = record.supplyChain?.childItems.some((c) => c.withheld !== undefined) === true;
  return validateCanonical(canonical, { allowWithheld: received });
}
