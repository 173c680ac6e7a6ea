/**
 * Procurement units: canonical UN/ECE Recommendation 20 codes ⇄ SAMM unit-catalog names used by CX
 * aspects. The only code-list transform of the CX mapping (passport sections keep BatteryPass's units).
 */
import type { PartQuantityUnit, ProcurementUnit } from '../canonical/types';
import type { CompanionQuantityUnit, PartQuantitySammUnit } from './types';

export const REC20_TO_SAMM: Readonly<Record<ProcurementUnit, CompanionQuantityUnit>> = {
  TNE: 'unit:tonneMetricTon',
  KGM: 'unit:kilogram',
  GRM: 'unit:gram',
  LBR: 'unit:pound',
  STN: 'unit:tonUsOrShortTonUkorus',
  H87: 'unit:piece',
  LTR: 'unit:litre',
  KWH: 'unit:kilowattHour',
};

export const SAMM_TO_REC20: Readonly<Record<CompanionQuantityUnit, ProcurementUnit>> = Object.fromEntries(
  Object.entries(REC20_TO_SAMM).map(([rec20, samm]) => [samm, rec20]),
) as Record<CompanionQuantityUnit, ProcurementUnit>;

/** Part quantities (quantity per parent): Rec. 20 ⇄ SAMM. */
export const PART_REC20_TO_SAMM: Readonly<Record<PartQuantityUnit, PartQuantitySammUnit>> = {
  H87: 'unit:piece',
  KGM: 'unit:kilogram',
  LTR: 'unit:litre',
  MTQ: 'unit:cubicMetre',
  MTK: 'unit:squareMetre',
  KWH: 'unit:kilowattHour',
  '3B': 'unit:megajoule',
  TKM: 'unit:tonneKilometre',
};

export const PART_SAMM_TO_REC20: Readonly<Record<PartQuantitySammUnit, PartQuantityUnit>> =
  Object.fromEntries(Object.entries(PART_REC20_TO_SAMM).map(([rec20, samm]) => [samm, rec20])) as Record<
    PartQuantitySammUnit,
    PartQuantityUnit
  >;
