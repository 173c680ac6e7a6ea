/**
 * Platform-neutral identifiers → BatteryPass's business partner numbers. The canonical record may hold, where
 * BatteryPass takes a BPNL (manufacturer, economic operator, spare-part producer) or a BPNA (facility,
 * manufacturing plant), a Kakehashi participant or site IRI; the CX adapter writes the BPNL/BPNA the participant
 * directory gives (BPNs stay as they are, so CX → canonical → CX is the identity). Pure.
 */
import { resolveBpnl, resolveBpnSite, type ParticipantDirectory } from '../canonical/directory';
import type { PassportSections } from '../canonical/types';

const BASE = '/credentialSubject';

/** A copy-free rewrite of `passport`'s identifier members (the caller passes a clone). */
export function passportIdentifiersToCatenaX(
  passport: PassportSections,
  directory: ParticipantDirectory,
): void {
  const manufacturer = passport.operation?.manufacturer;
  if (manufacturer !== undefined) {
    if (manufacturer.manufacturer !== undefined) {
      manufacturer.manufacturer = resolveBpnl(
        directory,
        manufacturer.manufacturer,
        `${BASE}/operation/manufacturer/manufacturer`,
      );
    }
    manufacturer.facility?.forEach((f, i) => {
      f.facility = resolveBpnSite(
        directory,
        f.facility,
        'bpna',
        `${BASE}/operation/manufacturer/facility/${i}/facility`,
      );
    });
  }
  passport.sustainability?.carbonFootprint?.forEach((cf, i) => {
    cf.manufacturingPlant?.forEach((p, j) => {
      p.facility = resolveBpnSite(
        directory,
        p.facility,
        'bpna',
        `${BASE}/sustainability/carbonFootprint/${i}/manufacturingPlant/${j}/facility`,
      );
    });
  });
  const metadata = passport.metadata;
  if (metadata?.economicOperatorId !== undefined) {
    metadata.economicOperatorId = resolveBpnl(
      directory,
      metadata.economicOperatorId,
      `${BASE}/metadata/economicOperatorId`,
    );
  }
  passport.handling?.content?.producer?.forEach((p, i) => {
    p.id = resolveBpnl(directory, p.id, `${BASE}/handling/content/producer/${i}/id`);
  });
}
