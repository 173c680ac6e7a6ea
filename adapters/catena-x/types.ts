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

/** SAMM unit-catalog names of part quantities (canonical Rec. 20 codes in units.ts). */
export type PartQuantitySammUnit =
  | 'unit:piece'
  | 'unit:kilogram'
  | 'unit:litre'
  | 'unit:cubicMetre'
  | 'unit:squareMetre'
  | 'unit:kilowattHour'
  | 'unit:megajoule'
  | 'unit:tonneKilometre';

export interface CompanionChildItem {
  catenaXId?: string;
  /** BPNL of the supplier; absent in a received record whose supplier identity was withheld (see `withheld`). */
  businessPartner?: string;
  businessPartnerName?: string;
  tier: number;
  material?: string;
  origin?: { country: string; siteType?: string; siteName?: string; site?: string };
  quantity?: { value: number; unit: CompanionQuantityUnit };
  procurementPeriod?: { start: string; end: string };
  /** How much of this item one battery (its parent) needs. */
  quantityPerParent?: { value: number; unit: PartQuantitySammUnit };
  /** Received records only: the sensitive members the sender withheld (then `businessPartner` may be absent). */
  withheld?: Array<'businessPartner' | 'businessPartnerName' | 'catenaXId' | 'quantity'>;
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
