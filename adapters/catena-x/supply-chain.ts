/**
 * Supply chain: the CX companion aspect (SingleLevelBomAsBuilt-style child items) ⇄ the canonical
 * `supplyChain` section. Renames plus one code-list transform (procurement units, see units.ts).
 */
import { KhError } from '../../connector/errors';
import { iriSegment, participantIri } from '../canonical/participants';
import type {
  MaterialOrigin,
  OriginSiteType,
  SourcePlatform,
  SupplierRelation,
  SupplyChain,
} from '../canonical/types';
import type { CompanionChildItem, SupplyChainCompanion } from './types';
import { REC20_TO_SAMM, SAMM_TO_REC20 } from './units';

/** Copy of `obj` without its `undefined` members (canonical and native JSON never hold `undefined`). */
function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

export function companionToSupplyChain(companion: SupplyChainCompanion): SupplyChain {
  return {
    itemId: companion.catenaXId,
    suppliers: companion.childItems.map((item): SupplierRelation => {
      const origin = item.origin;
      const materialOrigin: MaterialOrigin | undefined =
        origin === undefined
          ? undefined
          : compact({
              originCountry: origin.country,
              originSiteType: origin.siteType as OriginSiteType | undefined,
              originSiteName: origin.siteName,
              originSiteIdentifier: origin.site,
            });
      return compact({
        tier: item.tier,
        supplierName: item.businessPartnerName,
        supplierIdentifier: item.businessPartner,
        suppliedItemId: item.catenaXId,
        suppliedMaterial: item.material,
        materialOrigin,
        procurementVolume:
          item.quantity === undefined || item.procurementPeriod === undefined
            ? undefined
            : {
                quantity: item.quantity.value,
                unit: SAMM_TO_REC20[item.quantity.unit],
                period: { start: item.procurementPeriod.start, end: item.procurementPeriod.end },
              },
      });
    }),
  };
}

const BPNL = /^BPNL[a-zA-Z0-9]{12}$/;
const BPNS = /^BPNS[a-zA-Z0-9]{12}$/;

/**
 * A supplier identifier as a CX business partner: a CX record's identifier as is (the companion schema
 * checks it is a BPNL); another platform's identifier, unless already a BPNL or participant IRI, as its
 * Kakehashi participant IRI.
 */
export function businessPartnerOf(identifier: string, platform: SourcePlatform): string {
  if (
    platform === 'catena-x' ||
    BPNL.test(identifier) ||
    identifier.startsWith('urn:kakehashi:participant:')
  ) {
    return identifier;
  }
  return participantIri(platform, identifier);
}

/** A site identifier for the companion: as is on CX; another platform's non-BPNS id as `urn:kakehashi:site:<platform>:<id>`. */
export function siteOf(identifier: string, platform: SourcePlatform): string {
  if (platform === 'catena-x' || BPNS.test(identifier) || identifier.startsWith('urn:kakehashi:site:')) {
    return identifier;
  }
  return `urn:kakehashi:site:${platform}:${iriSegment(identifier)}`;
}

/**
 * `platform` is the record's source platform: supplier and site identifiers that are not BPNL/BPNS are
 * that platform's and become Kakehashi IRIs (CX → canonical keeps them as they are, so CX round trips hold).
 * Members withheld from a presentation are simply absent. `fallbackItemId` (the passport's subject id) is used when the canonical section has no `itemId`
 * (records from platforms without a BOM view); the companion schema then checks it is a catenaXId.
 */
export function supplyChainToCompanion(
  supplyChain: SupplyChain,
  fallbackItemId: string,
  platform: SourcePlatform = 'catena-x',
): SupplyChainCompanion {
  return {
    catenaXId: supplyChain.itemId ?? fallbackItemId,
    childItems: (supplyChain.suppliers ?? []).map((s, index): CompanionChildItem => {
      const o = s.materialOrigin;
      const v = s.procurementVolume;
      let quantity: CompanionChildItem['quantity'];
      if (v !== undefined) {
        const unit = v.unit === undefined ? undefined : REC20_TO_SAMM[v.unit];
        if (v.unit !== undefined && unit === undefined) {
          throw new KhError('KH_CX_UNMAPPABLE', 'procurement unit has no SAMM unit in the CX companion', {
            where: `/credentialSubject/supplyChain/suppliers/${index}/procurementVolume/unit`,
          });
        }
        quantity = compact({ value: v.quantity, unit }) as CompanionChildItem['quantity'];
      }
      // With claims withheld (presentations), members may be absent: compact() drops them and the
      // companion is then validated in its incomplete reading.
      return compact({
        catenaXId: s.suppliedItemId,
        businessPartner:
          s.supplierIdentifier === undefined ? undefined : businessPartnerOf(s.supplierIdentifier, platform),
        businessPartnerName: s.supplierName,
        tier: s.tier,
        material: s.suppliedMaterial,
        origin:
          o === undefined
            ? undefined
            : compact({
                country: o.originCountry,
                siteType: o.originSiteType,
                siteName: o.originSiteName,
                site:
                  o.originSiteIdentifier === undefined ? undefined : siteOf(o.originSiteIdentifier, platform),
              }),
        quantity,
        procurementPeriod:
          v?.period === undefined ? undefined : compact({ start: v.period.start, end: v.period.end }),
      }) as CompanionChildItem;
    }),
  };
}
