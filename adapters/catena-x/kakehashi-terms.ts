/**
 * The Kakehashi terms of the canonical record that BatteryPass 6.1.0 has no member for, on their way to and
 * from the BatteryPass document: a carbon footprint's `dataQualityRating` (not expressible on CX: dropped) and
 * the subject's `certificationReferences` (written as "Certifications and Compliance" sources, read back only
 * when exactly re-encodable, adapters/canonical/certification-sources.ts). Pure.
 */
import {
  certificationReferencesToSources,
  sourcesToCertificationReferences,
} from '../canonical/certification-sources';
import type { CertificationReference, PassportSections } from '../canonical/types';

/** Rewrites a clone of the passport sections into BatteryPass shape (in place). */
export function kakehashiTermsToBatteryPass(
  passport: PassportSections,
  certificationReferences: ReadonlyArray<CertificationReference> | undefined,
): void {
  for (const cf of passport.sustainability?.carbonFootprint ?? []) delete cf.dataQualityRating;
  if (certificationReferences !== undefined && certificationReferences.length > 0) {
    passport.sources = [
      ...(passport.sources ?? []),
      ...certificationReferencesToSources(certificationReferences),
    ];
  }
}

/** Takes the certification references out of a clone of a BatteryPass document's `sources` (in place). */
export function certificationReferencesOf(passport: PassportSections): CertificationReference[] {
  if (passport.sources === undefined) return [];
  const split = sourcesToCertificationReferences(passport.sources);
  if (split.certificationReferences.length === 0) return [];
  if (split.sources.length === 0) delete passport.sources;
  else passport.sources = split.sources;
  return split.certificationReferences;
}
