/**
 * The Ouranos-style (OU) native battery product record. The `*Model` shapes reuse the Ouranos
 * data-platform API's `traceability.*Model` field names, identifiers, units and code lists unchanged;
 * the fields marked "extension" are Kakehashi's, in the same naming style (see docs/ouranos-format.md).
 * The JSON Schema is `schemas/ouranos/battery-product-record.schema.json`.
 */

/** `traceability.PartsModel.amountRequiredUnit` code list. */
export const OU_AMOUNT_UNITS = [
  'liter',
  'kilogram',
  'cubic-meter',
  'kilowatt-hour',
  'megajoule',
  'ton-kilometer',
  'square-meter',
  'unit',
] as const;
export type OuAmountUnit = (typeof OU_AMOUNT_UNITS)[number];

/** `traceability.CfpModel.ghgDeclaredUnit` code list. */
export const OU_GHG_DECLARED_UNITS = [
  'kgCO2e/liter',
  'kgCO2e/kilogram',
  'kgCO2e/cubic-meter',
  'kgCO2e/kilowatt-hour',
  'kgCO2e/megajoule',
  'kgCO2e/ton-kilometer',
  'kgCO2e/square-meter',
  'kgCO2e/unit',
] as const;
export type OuGhgDeclaredUnit = (typeof OU_GHG_DECLARED_UNITS)[number];

/** `traceability.CfpModel.cfpType` code list. */
export const OU_CFP_TYPES = [
  'preProduction',
  'mainProduction',
  'preComponent',
  'mainComponent',
  'preProductionTotal',
  'mainProductionTotal',
  'preComponentTotal',
  'mainComponentTotal',
  'preProductionResponse',
  'mainProductionResponse',
] as const;
export type OuCfpType = (typeof OU_CFP_TYPES)[number];

/** `traceability.CfpModel.dqrType` code list. */
export const OU_DQR_TYPES = [
  'preProcessing',
  'mainProcessing',
  'preProcessingTotal',
  'mainProcessingTotal',
  'preProcessingResponse',
  'mainProcessingResponse',
] as const;
export type OuDqrType = (typeof OU_DQR_TYPES)[number];

/** Extension code lists. */
export const OU_BATTERY_CATEGORIES = [
  'electricVehicle',
  'lightMeansOfTransport',
  'industrial',
  'startingLightingIgnition',
  'portable',
  'incorporated',
] as const;
export type OuBatteryCategory = (typeof OU_BATTERY_CATEGORIES)[number];
export const OU_BATTERY_CHEMISTRIES = ['NMC', 'NCA', 'LFP', 'LMFP', 'LMO', 'LTO'] as const;
export type OuBatteryChemistry = (typeof OU_BATTERY_CHEMISTRIES)[number];
export const OU_PROCUREMENT_UNITS = ['kilogram', 'ton'] as const;
export type OuProcurementUnit = (typeof OU_PROCUREMENT_UNITS)[number];

export interface OuOperatorModel {
  operatorId: string;
  operatorName: string;
  operatorAddress: string;
  openOperatorId: string;
  operatorAttribute: { globalOperatorId?: string };
}

export interface OuPlantModel {
  plantId: string;
  operatorId: string;
  plantName: string;
  plantAddress: string;
  openPlantId: string;
  plantAttribute: { globalPlantId?: string };
}

export interface OuPartsModel {
  traceId: string;
  operatorId: string;
  plantId: string;
  partsName: string;
  supportPartsName: string | null;
  terminatedFlag: boolean;
  amountRequired: number | null;
  amountRequiredUnit: OuAmountUnit | null;
  partsLabelName?: string | null;
  partsAddInfo1?: string | null;
  partsAddInfo2?: string | null;
  partsAddInfo3?: string | null;
}

export interface OuPartsStructureModel {
  parentPartsModel: OuPartsModel;
  childrenPartsModel: OuPartsModel[];
}

export interface OuTradeModel {
  tradeId: string;
  downstreamOperatorId: string;
  downstreamTraceId: string;
  upstreamOperatorId: string;
  upstreamTraceId: string;
}

export interface OuCfpModel {
  cfpId: string;
  traceId: string;
  cfpType: OuCfpType;
  ghgEmission: number;
  ghgDeclaredUnit: OuGhgDeclaredUnit;
  dqrType: OuDqrType;
  dqrValue: { TeR: number | null; GeR: number | null; TiR: number | null };
}

export interface OuCfpCertificationFileInfo {
  operatorId: string;
  fileId: string;
  fileName: string;
}

export interface OuCfpCertificationModel {
  cfpCertificationId: string;
  traceId: string;
  cfpCertificationDescription: string;
  cfpCertificationFileInfo: OuCfpCertificationFileInfo[];
}

/** Extension: procurement volume over a period (withheld by every shipped policy). */
export interface OuProcurementModel {
  procurementAmount: number;
  procurementAmountUnit: OuProcurementUnit;
  procurementPeriodStart: string;
  procurementPeriodEnd: string;
}

export const OU_ORIGIN_SITE_TYPES = ['mine', 'refinery', 'smelter', 'processing', 'recycling'] as const;
export type OuOriginSiteType = (typeof OU_ORIGIN_SITE_TYPES)[number];

/** Extension: where the traded material comes from. */
export interface OuMaterialOriginModel {
  originCountryCode: string;
  originSiteType?: OuOriginSiteType;
  originSiteName?: string;
  originPlantId?: string;
}

/**
 * A trade with an upstream supplier: the API TradeModel plus extension fields. `tradeModels` are listed
 * depth-first: a tier-n trade supplies the nearest preceding tier-(n-1) trade (tier 1 supplies the publisher).
 */
export interface OuUpstreamTradeModel {
  tradeModel: OuTradeModel;
  /** extension: the supplier's operatorName (withheld by every shipped policy). */
  upstreamOperatorName?: string;
  /** extension: the supplier's partsName of the traded part. */
  upstreamPartsName: string;
  /** extension: 1 = direct supplier of the publisher. */
  supplierTier: number;
  procurementModel?: OuProcurementModel;
  materialOriginModel?: OuMaterialOriginModel;
}

export interface OuMaterialModel {
  materialName: string;
  casNumber: string;
  /** percent of the battery mass. */
  materialContentRate?: number;
  /** percent of the material that is recycled. */
  recycledContentRate: number;
  renewableContentRate?: number;
}

export interface OuDueDiligenceModel {
  dueDiligenceReportUri: string;
  thirdPartyVerificationUri: string;
}

export interface OuConformityModel {
  declarationOfConformityId: string;
  declarationOfConformityUri: string;
}

export type OuPerformanceClass = 'A' | 'B' | 'C' | 'D' | 'E';

/** Extension: battery passport attributes the Ouranos API does not carry. */
export interface OuBatteryModel {
  batteryCategory: OuBatteryCategory;
  batteryChemistry: OuBatteryChemistry;
  manufacturedDate: string;
  batteryMass: number;
  batteryMassUnit: 'kilogram';
  ratedCapacity: number;
  ratedCapacityUnit: 'ampere-hour';
  /** percent of rated capacity at which the battery is considered exhausted. */
  capacityThresholdExhaustion: number;
  ratedEnergy: number;
  ratedEnergyUnit: 'kilowatt-hour';
  nominalVoltage: number;
  minVoltage: number;
  maxVoltage: number;
  voltageUnit: 'volt';
  cfpPerformanceClass?: OuPerformanceClass;
  materialModels: OuMaterialModel[];
  dueDiligenceModel: OuDueDiligenceModel;
  conformityModel: OuConformityModel;
}

/** One OU native record = one battery product. */
export interface OuranosNativeRecord {
  recordId: string;
  recordVersion: number;
  registeredAt: string;
  operatorModel: OuOperatorModel;
  plantModel: OuPlantModel;
  partsStructureModel: OuPartsStructureModel;
  tradeModels: OuUpstreamTradeModel[];
  cfpModels: OuCfpModel[];
  cfpCertificationModels: OuCfpCertificationModel[];
  batteryModel: OuBatteryModel;
}
