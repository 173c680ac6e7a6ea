/**
 * Explicit value transforms between OU code lists / units and the canonical record's
 * (BatteryPass 6.1.0 code lists, SAMM-style units, UN/ECE Rec. 20 procurement units).
 */
import type { PartQuantityUnit, ProcurementUnit } from '../canonical/types';
import type {
  OuAmountUnit,
  OuBatteryCategory,
  OuBatteryChemistry,
  OuCfpType,
  OuConcentrationUnit,
  OuDqrType,
  OuDynamicIndicator,
  OuGhgDeclaredUnit,
  OuProcurementUnit,
  OuWarrantyUnit,
} from './types';

/** OU batteryCategory ⇄ canonical `identification.category`. */
export const CATEGORY_TO_CANONICAL: Readonly<Record<OuBatteryCategory, string>> = {
  electricVehicle: 'EV',
  lightMeansOfTransport: 'LMT',
  industrial: 'industrial',
  startingLightingIgnition: 'SLI',
  portable: 'portable',
  incorporated: 'incorporated',
};

/** OU batteryChemistry ⇄ canonical `identification.chemistry` (BatteryPass wording). */
export const CHEMISTRY_TO_CANONICAL: Readonly<Record<OuBatteryChemistry, string>> = {
  NMC: 'Nickel Cobalt Manganese (NCM)',
  NCA: 'Nickel Cobalt Aluminium (NCA)',
  LFP: 'Lithium Iron Phosphate (LFP)',
  LMFP: 'Lithium Manganese Iron Phosphate (LMFP)',
  LMO: 'Lithium Manganese Oxide (LMO)',
  LTO: 'Lithium Titanate Oxide (LTO)',
};

/** Canonical life-cycle stages (EU 2023/1542 Annex II wording used by BatteryPass). */
export const STAGE_RAW_MATERIAL = 'raw material acquisition and pre-processing';
export const STAGE_MAIN_PRODUCTION = 'main product production';

/**
 * OU cfpType ⇄ canonical `carbonFootprint.lifecycle`. `pre*` is the raw-material acquisition and
 * pre-processing stage, `main*` the main product production stage; the own / component-originated /
 * total / supplier-response distinction is kept as a qualifier so the mapping is one-to-one.
 */
export const CFP_TYPE_TO_LIFECYCLE: Readonly<Record<OuCfpType, string>> = {
  preProduction: STAGE_RAW_MATERIAL,
  mainProduction: STAGE_MAIN_PRODUCTION,
  preComponent: `${STAGE_RAW_MATERIAL} (component-originated)`,
  mainComponent: `${STAGE_MAIN_PRODUCTION} (component-originated)`,
  preProductionTotal: `${STAGE_RAW_MATERIAL} (total)`,
  mainProductionTotal: `${STAGE_MAIN_PRODUCTION} (total)`,
  preComponentTotal: `${STAGE_RAW_MATERIAL} (component-originated, total)`,
  mainComponentTotal: `${STAGE_MAIN_PRODUCTION} (component-originated, total)`,
  preProductionResponse: `${STAGE_RAW_MATERIAL} (supplier response)`,
  mainProductionResponse: `${STAGE_MAIN_PRODUCTION} (supplier response)`,
};

/** OU dqrType for each cfpType (openapi.yaml: "dqrTypeとcfpTypeの関係"). */
export const DQR_TYPE_OF_CFP_TYPE: Readonly<Record<OuCfpType, OuDqrType>> = {
  preProduction: 'preProcessing',
  preComponent: 'preProcessing',
  mainProduction: 'mainProcessing',
  mainComponent: 'mainProcessing',
  preProductionTotal: 'preProcessingTotal',
  preComponentTotal: 'preProcessingTotal',
  mainProductionTotal: 'mainProcessingTotal',
  mainComponentTotal: 'mainProcessingTotal',
  preProductionResponse: 'preProcessingResponse',
  mainProductionResponse: 'mainProcessingResponse',
};

/** OU ghgDeclaredUnit ⇄ canonical carbon-footprint unit (BatteryPass writes "kg CO2 / kWh"). */
export const GHG_UNIT_TO_CANONICAL: Readonly<Record<OuGhgDeclaredUnit, string>> = {
  'kgCO2e/liter': 'kg CO2 / l',
  'kgCO2e/kilogram': 'kg CO2 / kg',
  'kgCO2e/cubic-meter': 'kg CO2 / m3',
  'kgCO2e/kilowatt-hour': 'kg CO2 / kWh',
  'kgCO2e/megajoule': 'kg CO2 / MJ',
  'kgCO2e/ton-kilometer': 'kg CO2 / tkm',
  'kgCO2e/square-meter': 'kg CO2 / m2',
  'kgCO2e/unit': 'kg CO2 / unit',
};

/** OU procurement unit ⇄ UN/ECE Rec. 20 code. */
export const PROCUREMENT_UNIT_TO_CANONICAL: Readonly<Record<OuProcurementUnit, ProcurementUnit>> = {
  ton: 'TNE',
  kilogram: 'KGM',
};

/**
 * Canonical procurement units OU has no code for, converted explicitly (factor to the OU unit).
 * Units of count, volume or energy (H87, LTR, KWH) cannot be expressed as a mass and are refused.
 */
export const PROCUREMENT_UNIT_CONVERSIONS: Readonly<
  Partial<Record<ProcurementUnit, { unit: OuProcurementUnit; factor: number }>>
> = {
  GRM: { unit: 'kilogram', factor: 0.001 },
  LBR: { unit: 'kilogram', factor: 0.45359237 },
  STN: { unit: 'ton', factor: 0.90718474 },
};

/** Canonical mass units (SAMM unit catalogue) accepted for the battery mass and material masses, in kg. */
export const MASS_UNIT_FACTORS_TO_KG: Readonly<Record<string, number>> = {
  'unit:kilogram': 1,
  'unit:gram': 0.001,
  'unit:tonneMetricTon': 1000,
};
export const CANONICAL_KILOGRAM = 'unit:kilogram';

/** Canonical concentration units (BatteryPass ConcentrationEnumeration) accepted for material shares, in percent. */
export const CONCENTRATION_FACTORS_TO_PERCENT: Readonly<Record<string, number>> = {
  'unit:percent': 1,
  'unit:partPerThousand': 0.1,
  'unit:partPerMillion': 0.0001,
  'unit:partPerBillionUs': 0.0000001,
};
export const CANONICAL_PERCENT = 'unit:percent';

/** Inverse lookup of a one-to-one table. */
export function invert<K extends string>(table: Readonly<Record<K, string>>): ReadonlyMap<string, K> {
  const map = new Map<string, K>();
  for (const key of Object.keys(table) as K[]) map.set(table[key], key);
  return map;
}

/** Extension concentration units ⇄ BatteryPass `materialUnit` / composition `unit`. */
export const CONCENTRATION_UNIT_TO_CANONICAL: Readonly<Record<OuConcentrationUnit, string>> = {
  'part-per-million': 'unit:partPerMillion',
  percent: 'unit:percent',
  'percent-volume': 'unit:percentVolume',
  'part-per-thousand': 'unit:partPerThousand',
  'part-per-trillion': 'unit:partPerTrillionUs',
  'part-per-billion': 'unit:partPerBillionUs',
};

/** Extension warranty units ⇄ BatteryPass `characteristics.warranty.lifeUnit`. */
export const WARRANTY_UNIT_TO_CANONICAL: Readonly<Record<OuWarrantyUnit, string>> = {
  day: 'unit:day',
  month: 'unit:month',
  year: 'unit:year',
  cycle: 'unit:cycle',
  'operating-hour': 'unit:runningOrOperatingHour',
};

/** Each dynamic indicator's path under BatteryPass `performance.dynamic` (an object `{ value, time }`). */
export const DYNAMIC_INDICATOR_PATHS: Readonly<Record<OuDynamicIndicator, ReadonlyArray<string>>> = {
  stateOfCharge: ['stateOfCharge'],
  fullCycles: ['fullCycles'],
  powerFade: ['power', 'fade'],
  powerRemaining: ['power', 'remaining'],
  capacityFade: ['capacity', 'fade'],
  capacityThroughput: ['capacity', 'throughput'],
  capacityRemaining: ['capacity', 'capacity'],
  roundTripEfficiencyFade: ['roundTripEfficiency', 'fade'],
  roundTripEfficiencyRemaining: ['roundTripEfficiency', 'remaining'],
  resistanceIncreasePack: ['resistance', 'increase', 'pack'],
  resistanceIncreaseModule: ['resistance', 'increase', 'module'],
  resistanceIncreaseCell: ['resistance', 'increase', 'cell'],
  resistanceRemainingPack: ['resistance', 'remaining', 'pack'],
  resistanceRemainingModule: ['resistance', 'remaining', 'module'],
  resistanceRemainingCell: ['resistance', 'remaining', 'cell'],
  stateOfCertifiedEnergy: ['energy', 'soce'],
  energyRemaining: ['energy', 'remaining'],
  energyThroughput: ['energy', 'throughput'],
};

/** `traceability.PartsModel.amountRequiredUnit` ⇄ canonical part-quantity units (UN/ECE Rec. 20). */
export const AMOUNT_UNIT_TO_CANONICAL: Readonly<Record<OuAmountUnit, PartQuantityUnit>> = {
  liter: 'LTR',
  kilogram: 'KGM',
  'cubic-meter': 'MTQ',
  'kilowatt-hour': 'KWH',
  megajoule: '3B',
  'ton-kilometer': 'TKM',
  'square-meter': 'MTK',
  unit: 'H87',
};
