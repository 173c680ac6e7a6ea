/**
 * The Ouranos-style (OU) native battery product record. The `*Model` shapes reuse the Ouranos
 * data-platform API's `traceability.*Model` field names, identifiers, units and code lists unchanged;
 * the fields marked "extension" are Kakehashi's, in the same naming style (see docs/data-model.md (Ouranos-style native format)).
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

/** Extension: the sensitive members a received record's sender withheld (see `OuUpstreamTradeModel`). */
export const OU_WITHHELD_ITEMS = [
  'upstreamOperatorId',
  'upstreamOperatorName',
  'upstreamTraceId',
  'procurementModel',
] as const;
export type OuWithheldItem = (typeof OU_WITHHELD_ITEMS)[number];
/** `tradeModel.upstreamOperatorId` (and a child trade's `downstreamOperatorId`) of a withheld supplier: the nil UUID. */
export const OU_WITHHELD_OPERATOR_ID = '00000000-0000-0000-0000-000000000000';

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
  /**
   * extension, received records only: what the sender withheld. With `upstreamOperatorId` listed, the trade's
   * `upstreamOperatorId` is the nil UUID (`OU_WITHHELD_OPERATOR_ID`): the supplier is known to exist, not who it is.
   * With `upstreamTraceId` listed, the trade's `upstreamTraceId` is a name-based placeholder (ids.ts) that only
   * links the tiers of this record.
   */
  withheldItems?: OuWithheldItem[];
}

/** Extension: a document reference (BatteryPass `{header, content, contentType}`). */
export interface OuDocumentModel {
  documentTitle: string;
  /** a URL, or the text itself. */
  documentContent: string;
  /** `URL` or a media type (`application/pdf`, `text/plain`, ...). */
  documentContentType: string;
}

export interface OuMaterialModel {
  materialName: string;
  casNumber: string;
  /** percent of the battery mass. */
  materialContentRate?: number;
  /** percent of the material that is recycled. */
  recycledContentRate: number;
  renewableContentRate?: number;
  /** extension: a critical raw material (EU CRM list). */
  criticalRawMaterialFlag: boolean;
  /** extension: where the material is in the battery (`cathode`, `anode`, ...). */
  materialLocation: string;
  materialDocumentModels: OuDocumentModel[];
}

/** Extension: concentration units (BatteryPass `unit:partPerMillion`, … spelled out). */
export const OU_CONCENTRATION_UNITS = [
  'part-per-million',
  'percent',
  'percent-volume',
  'part-per-thousand',
  'part-per-trillion',
  'part-per-billion',
] as const;
export type OuConcentrationUnit = (typeof OU_CONCENTRATION_UNITS)[number];

export const OU_ACTIVE_SUBSTANCES = ['nickel', 'lithium', 'cobalt', 'lead'] as const;
export const OU_HAZARDOUS_SUBSTANCES = ['cadmium', 'mercury', 'lead'] as const;
export type OuSubstanceName =
  (typeof OU_ACTIVE_SUBSTANCES)[number] | (typeof OU_HAZARDOUS_SUBSTANCES)[number];

/**
 * Extension: an active material (BatteryPass `materials.active.<name>`) or a hazardous substance
 * (`materials.hazardous.<name>`). Lead and hazardous substances carry a concentration and impact documents.
 */
export interface OuSubstanceModel {
  substanceName: OuSubstanceName;
  materialLocation: string;
  criticalRawMaterialFlag: boolean;
  /** percent recycled (active materials and lead). */
  recycledContentRate?: number;
  concentration?: number;
  concentrationUnit?: OuConcentrationUnit;
  impactDocumentModels?: OuDocumentModel[];
  materialDocumentModels: OuDocumentModel[];
}

export interface OuDueDiligenceModel {
  dueDiligenceReportUri: string;
  thirdPartyVerificationUri: string;
}

export interface OuConformityModel {
  declarationOfConformityId: string;
  declarationOfConformityUri: string;
  /** extension: results of the test reports proving conformity (BatteryPass `resultOfTestReport`). */
  testReportDocumentModels: OuDocumentModel[];
}

export const OU_WARRANTY_UNITS = ['day', 'month', 'year', 'cycle', 'operating-hour'] as const;
export type OuWarrantyUnit = (typeof OU_WARRANTY_UNITS)[number];

/** Extension: rated performance beyond capacity, energy and voltage (BatteryPass `performance.rated`). */
export interface OuRatedPerformanceModel {
  /** °C at which the rated values were measured (every rated quantity's `temperature`). */
  testTemperature?: number;
  /** percent. */
  roundTripEfficiencyInitial: number;
  roundTripEfficiencyAt50PercentLife: number;
  roundTripEfficiencyDepthOfDischarge: number;
  /** ohm. */
  cellInternalResistance: number;
  moduleInternalResistance?: number;
  packInternalResistance: number;
  /** kilowatt. */
  ratedPower: number;
  powerAt20PercentSoc: number;
  powerAt80PercentSoc: number;
  /** °C. */
  operatingTemperatureLower: number;
  operatingTemperatureUpper: number;
  /** percent per month. */
  selfDischargingRate: number;
  expectedLifetimeYears: number;
  lifetimeReportDocumentModels: OuDocumentModel[];
  cycleLifeTestModel: {
    testTemperature: number;
    cycleCount: number;
    depthOfDischarge: number;
    appliedChargeRate: number;
    appliedDischargeRate: number;
  };
}

/** Extension: dynamic (state-of-health) indicators, each a BatteryPass `performance.dynamic` {value, time}. */
export const OU_DYNAMIC_INDICATORS = [
  'stateOfCharge',
  'fullCycles',
  'powerFade',
  'powerRemaining',
  'capacityFade',
  'capacityThroughput',
  'capacityRemaining',
  'roundTripEfficiencyFade',
  'roundTripEfficiencyRemaining',
  'resistanceIncreasePack',
  'resistanceIncreaseModule',
  'resistanceIncreaseCell',
  'resistanceRemainingPack',
  'resistanceRemainingModule',
  'resistanceRemainingCell',
  'stateOfCertifiedEnergy',
  'energyRemaining',
  'energyThroughput',
] as const;
export type OuDynamicIndicator = (typeof OU_DYNAMIC_INDICATORS)[number];

export interface OuDynamicPerformanceModel {
  performanceIndicator: OuDynamicIndicator;
  indicatorValue: number;
  measuredAt: string;
}

/** Extension: the rest of the battery passport (BatteryPass sections the Ouranos API has no model for). */
export interface OuPassportModel {
  /** data-matrix code identifier. */
  idDmc: string;
  dataCarrierModel: { carrierType: string; carrierLayout: string };
  classificationModels: Array<{
    classificationStandard: string;
    classificationId: string;
    classificationDescription?: string;
  }>;
  /** product codes (BatteryPass `identification.codes`, e.g. TARIC). */
  productCodeModels: Array<{ codeKey: string; codeValue: string }>;
  warrantyModel: { warrantyPeriod: number; warrantyPeriodUnit: OuWarrantyUnit };
  /** the carbon-footprint declaration (BatteryPass `carbonFootprint[].declaration`, the same for every cfpModel). */
  cfpDeclarationDocumentModels: OuDocumentModel[];
  ratedPerformanceModel: OuRatedPerformanceModel;
  /** percent per month, current. */
  currentSelfDischargingRate: number;
  dynamicPerformanceModels: OuDynamicPerformanceModel[];
  activeMaterialModels: OuSubstanceModel[];
  hazardousSubstanceModels: OuSubstanceModel[];
  sustainabilityDocumentModel: {
    separateCollectionDocumentModels: OuDocumentModel[];
    wastePreventionDocumentModels: OuDocumentModel[];
  };
  safetyModel: {
    extinguishingAgentModels: Array<{ extinguishingMedia: string; fireClass: string }>;
    safetyMeasureDocumentModels: OuDocumentModel[];
    labelMeaningDocumentModels: OuDocumentModel[];
    dismantlingDocumentModels: OuDocumentModel[];
  };
  commercialModel: { placedOnMarketDate?: string; intendedPurposes: string[] };
  sparePartModel: {
    sparePartApplicableFlag: boolean;
    /** operatorIds of the spare-part producers. */
    producerOperatorIds: string[];
    sparePartsModels: Array<{ partsName: string; partsLabelName: string }>;
  };
  passportLifecycleModel: {
    passportExpirationDate: string;
    /** UUID of the predecessor passport. */
    predecessorPassportId: string;
    backupReferenceUri: string;
  };
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
  /** extension: the rest of the battery passport. */
  passportModel: OuPassportModel;
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
