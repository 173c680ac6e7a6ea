/**
 * Supply chain: the CX companion aspect (SingleLevelBomAsBuilt-style child items) ⇄ the canonical
 * `supplyChain` section. Renames plus one code-list transform (procurement units, see units.ts).
 */
import { KhError } from '../../connector/errors';
import {
  EMPTY_DIRECTORY,
  resolveBpnl,
  resolveBpnSite,
  type ParticipantDirectory,
} from '../canonical/directory';
import type {
  MaterialOrigin,
  OriginSiteType,
  SourcePlatform,
  SupplierRelation,
  SupplyChain,
} from '../canonical/types';
import type { CompanionChildItem, SupplyChainCompanion } from './types';
import { PART_REC20_TO_SAMM, PART_SAMM_TO_REC20, REC20_TO_SAMM, SAMM_TO_REC20 } from './units';

/** Copy of `obj` without its `undefined` members (canonical and native JSON never hold `undefined`). */
function compact<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out as T;
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
      // A received item without businessPartner maps to a presentation-shaped relation (no supplierIdentifier).
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
        quantityPerParent:
          item.quantityPerParent === undefined
            ? undefined
            : { value: item.quantityPerParent.value, unit: PART_SAMM_TO_REC20[item.quantityPerParent.unit] },
      }) as SupplierRelation;
    }),
  };
}

/**
 * A supplier identifier as a CX business partner: a BPNL as is; else its BPNL from the participant directory
 * (participant IRIs of either platform, or a bare native id of the record's source `platform`). Without a
 * directory entry: `KH_MAP_UNKNOWN_PARTICIPANT` (where = `where`).
 */
export function businessPartnerOf(
  identifier: string,
  platform: SourcePlatform,
  directory: ParticipantDirectory = EMPTY_DIRECTORY,
  where = '/credentialSubject/supplyChain',
): string {
  return resolveBpnl(directory, identifier, where, platform);
}

/** A site identifier as a BPNS: as is when it is one, else the directory's; `KH_MAP_UNKNOWN_PARTICIPANT` otherwise. */
export function siteOf(
  identifier: string,
  directory: ParticipantDirectory = EMPTY_DIRECTORY,
  where = '/credentialSubject/supplyChain',
): string {
  return resolveBpnSite(directory, identifier, 'bpns', where);
}

/** Sensitive child-item members a received record may lack; `withheld` lists them (see the companion schema). */
export const COMPANION_WITHHELD_MEMBERS = [
  'businessPartner',
  'businessPartnerName',
  'catenaXId',
  'quantity',
] as const;

export type CompanionWithheldMember = (typeof COMPANION_WITHHELD_MEMBERS)[number];

/**
 * `platform` is the record's source platform (qualifies bare supplier ids); identifiers become BPNL/BPNS through
 * `directory`. Members withheld from a presentation are absent; a child item without its supplier identity says
 * so with `withheld: ["businessPartner", …]` (the companion requires `businessPartner` or `withheld`).
 * `fallbackItemId` (the passport's subject id) is used when the canonical section has no `itemId`.
 */
export function supplyChainToCompanion(
  supplyChain: SupplyChain,
  fallbackItemId: string,
  platform: SourcePlatform = 'catena-x',
  directory: ParticipantDirectory = EMPTY_DIRECTORY,
): SupplyChainCompanion {
  return {
    catenaXId: supplyChain.itemId ?? fallbackItemId,
    childItems: (supplyChain.suppliers ?? []).map((s, index): CompanionChildItem => {
      const where = `/credentialSubject/supplyChain/suppliers/${index}`;
      const o = s.materialOrigin;
      const v = s.procurementVolume;
      let quantity: CompanionChildItem['quantity'];
      if (v !== undefined) {
        const unit = v.unit === undefined ? undefined : REC20_TO_SAMM[v.unit];
        if (v.unit !== undefined && unit === undefined) {
          throw new KhError('KH_CX_UNMAPPABLE', 'procurement unit has no SAMM unit in the CX companion', {
            where: `${where}/procurementVolume/unit`,
          });
        }
        quantity = compact({ value: v.quantity, unit }) as CompanionChildItem['quantity'];
      }
      const withheld: CompanionWithheldMember[] = [];
      if (s.supplierIdentifier === undefined) {
        withheld.push('businessPartner');
        if (s.supplierName === undefined) withheld.push('businessPartnerName');
        if (s.suppliedItemId === undefined) withheld.push('catenaXId');
        if (v === undefined) withheld.push('quantity');
      }
      return compact({
        catenaXId: s.suppliedItemId,
        businessPartner:
          s.supplierIdentifier === undefined
            ? undefined
            : businessPartnerOf(s.supplierIdentifier, platform, directory, `${where}/supplierIdentifier`),
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
                  o.originSiteIdentifier === undefined
                    ? undefined
                    : siteOf(
                        o.originSiteIdentifier,
                        directory,
                        `${where}/materialOrigin/originSiteIdentifier`,
                      ),
              }),
        quantity,
        procurementPeriod:
          v?.period === undefined ? undefined : compact({ start: v.period.start, end: v.period.end }),
        quantityPerParent:
          s.quantityPerParent === undefined
            ? undefined
            : { value: s.quantityPerParent.value, unit: PART_REC20_TO_SAMM[s.quantityPerParent.unit] },
        withheld: withheld.length === 0 ? undefined : withheld,
      }) as CompanionChildItem;
    }),
  };
}
