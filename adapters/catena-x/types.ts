/**
 * The Catena-X native record Kakehashi reads and writes: a BatteryPass 6.1.0 aspect document, alone or
 * together with the Kakehashi supply-chain companion aspect (SingleLevelBomAsBuilt-style).
 */
import type { PassportSections } from '../canonical/types';

/** A BatteryPass 6.1.0 document (`schemas/catena-x/BatteryPass-6.1.0-schema.json`); same shape as the passport sections. */
export type BatteryPassDocument = PassportSections;

/** SAMM unit-catalog names allowed for companion quantities. */
export type CompanionQuantityUnit =
  | 'unit:tonneMetricTon'
  | 'unit:kilogram'
  | 'unit:gram'
  | 'unit:pound'
  | 'unit:tonUsOrShortTonUkorus'
  | 'unit:piece'
  | 'unit:litre'
  | 'unit:kilowattHour';

export interface CompanionChildItem {
  catenaXId?: string;
  /** BPNL of the supplier. */
  businessPartner: string;
  businessPartnerName?: string;
  tier: number;
  material?: string;
  origin?: { country: string; siteType?: string; siteName?: string; site?: string };
  quantity?: { value: number; unit: CompanionQuantityUnit };
  procurementPeriod?: { start: string; end: string };
}

/** `schemas/catena-x/supply-chain-companion.schema.json`. */
export interface SupplyChainCompanion {
  /** catenaXId of the battery. */
  catenaXId: string;
  childItems: CompanionChildItem[];
}

export interface CatenaXRecord {
  batteryPass: BatteryPassDocument;
  supplyChain?: SupplyChainCompanion;
}

/** What `validateCatenaXNative` accepts: the record, or a bare BatteryPass document. */
export type CatenaXNative = CatenaXRecord | BatteryPassDocument;

export function isCatenaXRecord(doc: unknown): doc is CatenaXRecord {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'batteryPass' in doc;
}
