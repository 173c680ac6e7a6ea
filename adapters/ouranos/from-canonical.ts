/**
 * Canonical record → OU native record (pure, deterministic). The inverse of `ouranosToCanonical` on every
 * valid OU record whose publisher and plant the registry knows; identifiers the canonical record does not carry
 * are derived (ids.ts `derivedIds`), registry data comes from the `OuranosRegistry` (registry.ts).
 */
import { KhError } from '../../connector/errors';
import {
  EMPTY_DIRECTORY,
  ouranosOperatorIdOf,
  ouranosPlantIdOf,
  unknownParticipant,
  type ParticipantDirectory,
} from '../canonical/directory';
import type {
  CanonicalRecord,
  CarbonFootprint,
  CertificationReference,
  HazardousSubstance,
  LeadContent,
  Materials,
  PartQuantity,
  ProcurementUnit,
  SupplierRelation,
} from '../canonical/types';
import {
  AMOUNT_UNIT_TO_CANONICAL,
  CATEGORY_TO_CANONICAL,
  CFP_TYPE_TO_LIFECYCLE,
  CHEMISTRY_TO_CANONICAL,
  CONCENTRATION_FACTORS_TO_PERCENT,
  GHG_UNIT_TO_CANONICAL,
  MASS_UNIT_FACTORS_TO_KG,
  PROCUREMENT_UNIT_CONVERSIONS,
  PROCUREMENT_UNIT_TO_CANONICAL,
  DQR_TYPE_OF_CFP_TYPE,
  invert,
} from './codes';
import { ACTIVE_MATERIALS, ACTIVE_MATERIAL_CAS, BATCH_KEY } from './conventions';
import { derivedIds, uuidFromIdentifier, uuidV5 } from './ids';
import { EMPTY_REGISTRY, fallbackOperator, fallbackPlant, type OuranosRegistry } from './registry';
import {
  docsFromCanonical,
  dynamicFromCanonical,
  ratedFromCanonical,
  substanceFromCanonical,
  WARRANTY_UNIT_FROM,
} from './passport-extension';
import {
  type OuAmountUnit,
  OU_ACTIVE_SUBSTANCES,
  OU_HAZARDOUS_SUBSTANCES,
  OU_WITHHELD_OPERATOR_ID,
  type OuBatteryChemistry,
  type OuBatteryModel,
  type OuCfpCertificationModel,
  type OuCfpModel,
  type OuMaterialModel,
  type OuPartsModel,
  type OuPassportModel,
  type OuProcurementModel,
  type OuSubstanceModel,
  type OuSubstanceName,
  type OuUpstreamTradeModel,
  type OuWithheldItem,
  type OuranosNativeRecord,
} from './types';

export interface CanonicalToOuranosOptions {
  /** Where the publisher's OperatorModel and its PlantModel are looked up. */
  registry?: OuranosRegistry;
  /**
   * Where participants and sites of other platforms get their OU operatorId / plantId. With a directory, an
   * identifier it does not know fails with `KH_MAP_UNKNOWN_PARTICIPANT`; without one, such identifiers become
   * name-based UUIDs (ids.ts).
   */
  directory?: ParticipantDirectory;
}

/** Resolves participant and site identifiers to OU ids (see `CanonicalToOuranosOptions.directory`). */
interface OuIds {
  operator(identifier: string, where: string, kind: string): string;
  plant(identifier: string, where: string): string;
}

function ouIds(directory: ParticipantDirectory | undefined): OuIds {
  const dir = directory ?? EMPTY_DIRECTORY;
  return {
    operator(identifier, where, kind) {
      const found = ouranosOperatorIdOf(dir, identifier);
      if (found !== undefined) return found;
      if (directory !== undefined) throw unknownParticipant(where, 'participant', 'ouranos');
      return kind === 'operator' ? uuidV5(`operator:${identifier}`) : uuidFromIdentifier(identifier, kind);
    },
    plant(identifier, where) {
      const found = ouranosPlantIdOf(dir, identifier);
      if (found !== undefined) return found;
      if (directory !== undefined) throw unknownParticipant(where, 'site', 'ouranos');
      return uuidFromIdentifier(identifier, 'plant');
    },
  };
}

const CATEGORY_FROM = invert(CATEGORY_TO_CANONICAL);
const CHEMISTRY_FROM = invert(CHEMISTRY_TO_CANONICAL);
const CFP_TYPE_FROM = invert(CFP_TYPE_TO_LIFECYCLE);
const GHG_UNIT_FROM = invert(GHG_UNIT_TO_CANONICAL);
const PROCUREMENT_UNIT_FROM = invert(PROCUREMENT_UNIT_TO_CANONICAL);
const AMOUNT_UNIT_FROM = invert(AMOUNT_UNIT_TO_CANONICAL);
/** Abbreviations found in free-text chemistry names (BatteryPass writes "NCM"). */
const CHEMISTRY_ABBREVIATIONS: Readonly<Record<string, OuBatteryChemistry>> = {
  NCM: 'NMC',
  NMC: 'NMC',
  NCA: 'NCA',
  LFP: 'LFP',
  LMFP: 'LMFP',
  LMO: 'LMO',
  LTO: 'LTO',
};

function unmappable(where: string, message: string): KhError {
  return new KhError('KH_OURANOS_UNMAPPABLE', message, { where, status: 422 });
}

function required<T>(value: T | undefined, where: string): T {
  if (value === undefined)
    throw unmappable(where, `canonical record lacks ${where}, which the Ouranos record requires`);
  return value;
}

export function canonicalToOuranos(
  canonical: CanonicalRecord,
  options: CanonicalToOuranosOptions = {},
): OuranosNativeRecord {
  const registry = options.registry ?? EMPTY_REGISTRY;
  const ids = ouIds(options.directory);
  const subject = canonical.credentialSubject;
  const base = '/credentialSubject';

  const publisherIri = subject.provenance?.publisher ?? canonical.issuer;
  const operatorId = ids.operator(publisherIri, `${base}/provenance/publisher`, 'operator');
  const operatorModel =
    registry.operator(operatorId) ??
    fallbackOperator(operatorId, publisherIri, subject.metadata?.economicOperatorId);

  const facility = subject.operation?.manufacturer?.facility?.[0]?.facility;
  const plantId =
    facility === undefined
      ? uuidV5(`plant-of:${publisherIri}`)
      : ids.plant(facility, `${base}/operation/manufacturer/facility/0/facility`);
  const plantModel = registry.plant(plantId) ?? fallbackPlant(plantId, operatorId, facility ?? publisherIri);

  const batteryTraceId = uuidFromIdentifier(subject.supplyChain?.itemId ?? subject.id, 'battery');
  const partType = subject.identification?.identification?.type;
  const batch = subject.identification?.identification?.batch?.find((b) => b.key === BATCH_KEY);

  const tradeModels = trades(subject.supplyChain?.suppliers ?? [], operatorId, batteryTraceId, ids);
  const suppliers = subject.supplyChain?.suppliers ?? [];
  const children: OuPartsModel[] = [];
  tradeModels.forEach((t, i) => {
    if (t.supplierTier !== 1) return;
    const amount = amountRequiredOf(suppliers[i]?.quantityPerParent);
    children.push({
      traceId: t.tradeModel.downstreamTraceId,
      operatorId,
      plantId,
      partsName: t.upstreamPartsName,
      supportPartsName: null,
      terminatedFlag: false,
      amountRequired: amount?.amountRequired ?? null,
      amountRequiredUnit: amount?.amountRequiredUnit ?? null,
    });
  });
  const parent: OuPartsModel = {
    traceId: batteryTraceId,
    operatorId,
    plantId,
    partsName: required(
      partType?.manufacturerPartId,
      `${base}/identification/identification/type/manufacturerPartId`,
    ).slice(0, 50),
    supportPartsName: batch?.value.slice(0, 50) ?? '',
    terminatedFlag: children.length === 0,
    amountRequired: 1,
    amountRequiredUnit: 'unit',
    partsLabelName: (partType?.nameAtManufacturer ?? partType?.manufacturerPartId ?? '').slice(0, 50),
  };
  const provenance = subject.provenance;
  const recordId = uuidFromIdentifier(provenance?.recordId ?? canonical.id, 'record');

  return {
    recordId,
    recordVersion: recordVersionOf(provenance?.recordVersion),
    registeredAt: canonical.validFrom,
    operatorModel,
    plantModel,
    partsStructureModel: {
      parentPartsModel: parent,
      childrenPartsModel: children,
    },
    tradeModels,
    cfpModels: (subject.sustainability?.carbonFootprint ?? []).flatMap((cf, i) =>
      cfpModel(cf, batteryTraceId, `${base}/sustainability/carbonFootprint/${i}`),
    ),
    cfpCertificationModels: certifications(subject.certificationReferences ?? [], batteryTraceId, operatorId),
    batteryModel: batteryModel(canonical, ids),
  };
}

/** A child part's amountRequired of a canonical quantity per parent (none when absent or not expressible). */
function amountRequiredOf(
  quantity: PartQuantity | undefined,
): { amountRequired: number; amountRequiredUnit: OuAmountUnit } | undefined {
  const unit = quantity === undefined ? undefined : AMOUNT_UNIT_FROM.get(quantity.unit);
  if (quantity === undefined || unit === undefined || quantity.value > 99999.99999) return undefined;
  return { amountRequired: quantity.value, amountRequiredUnit: unit };
}

function recordVersionOf(version: string | undefined): number {
  const m = /^(\d+)/.exec(version ?? '');
  const n = m === null ? 1 : Number(m[1]);
  return n >= 1 && n <= 999999 ? n : 1;
}

function trades(
  suppliers: SupplierRelation[],
  publisherId: string,
  batteryTraceId: string,
  ids: OuIds,
): OuUpstreamTradeModel[] {
  const result: OuUpstreamTradeModel[] = [];
  suppliers.forEach((s, i) => {
    const where = `/credentialSubject/supplyChain/suppliers/${i}`;
    // A withheld supplier identity (a presentation) is the nil UUID, said so in `withheldItems`.
    const upstreamOperatorId =
      s.supplierIdentifier === undefined
        ? OU_WITHHELD_OPERATOR_ID
        : ids.operator(s.supplierIdentifier, `${where}/supplierIdentifier`, 'supplier');
    const upstreamTraceId =
      s.suppliedItemId === undefined
        ? uuidV5(`withheld-item:${batteryTraceId}:${i}`)
        : uuidFromIdentifier(s.suppliedItemId, 'item');
    const tier = Math.min(Math.max(Math.trunc(s.tier), 1), 9);
    let downstreamOperatorId = publisherId;
    let downstreamTraceId = derivedIds.childTraceId(batteryTraceId, upstreamTraceId);
    if (tier > 1) {
      for (let j = result.length - 1; j >= 0; j -= 1) {
        if (result[j].supplierTier === tier - 1) {
          downstreamOperatorId = result[j].tradeModel.upstreamOperatorId;
          downstreamTraceId = result[j].tradeModel.upstreamTraceId;
          break;
        }
      }
    }
    const trade: OuUpstreamTradeModel = {
      tradeModel: {
        tradeId: derivedIds.tradeId(downstreamTraceId, upstreamTraceId),
        downstreamOperatorId,
        downstreamTraceId,
        upstreamOperatorId,
        upstreamTraceId,
      },
      ...(s.supplierName === undefined ? {} : { upstreamOperatorName: s.supplierName.slice(0, 256) }),
      upstreamPartsName: (s.suppliedMaterial ?? 'unspecified material').slice(0, 50),
      supplierTier: tier,
    };
    const procurement =
      s.procurementVolume === undefined ? undefined : procurementModel(s.procurementVolume, i);
    if (procurement !== undefined) trade.procurementModel = procurement;
    const withheld: OuWithheldItem[] = [];
    if (s.supplierIdentifier === undefined) {
      withheld.push('upstreamOperatorId');
      if (s.supplierName === undefined) withheld.push('upstreamOperatorName');
    }
    if (s.suppliedItemId === undefined) withheld.push('upstreamTraceId');
    if (s.supplierIdentifier === undefined && procurement === undefined) withheld.push('procurementModel');
    if (withheld.length > 0) trade.withheldItems = withheld;
    const origin = s.materialOrigin;
    if (origin !== undefined) {
      trade.materialOriginModel = {
        originCountryCode: origin.originCountry,
        ...(origin.originSiteType === undefined ? {} : { originSiteType: origin.originSiteType }),
        ...(origin.originSiteName === undefined
          ? {}
          : { originSiteName: origin.originSiteName.slice(0, 200) }),
        ...(origin.originSiteIdentifier === undefined
          ? {}
          : {
              originPlantId: ids.plant(
                origin.originSiteIdentifier,
                `${where}/materialOrigin/originSiteIdentifier`,
              ),
            }),
      };
    }
    result.push(trade);
  });
  return result;
}

function procurementModel(
  volume: { quantity: number; unit: ProcurementUnit; period: { start: string; end: string } },
  index: number,
): OuProcurementModel {
  const direct = PROCUREMENT_UNIT_FROM.get(volume.unit);
  const converted = PROCUREMENT_UNIT_CONVERSIONS[volume.unit];
  if (direct === undefined && converted === undefined) {
    throw unmappable(
      `/credentialSubject/supplyChain/suppliers/${index}/procurementVolume/unit`,
      'procurement unit is not a mass, which the Ouranos record requires',
    );
  }
  return {
    procurementAmount:
      direct !== undefined ? volume.quantity : round(volume.quantity * (converted?.factor ?? 1)),
    procurementAmountUnit: direct ?? converted?.unit ?? 'kilogram',
    procurementPeriodStart: volume.period.start,
    procurementPeriodEnd: volume.period.end,
  };
}

function round(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

function cfpModel(cf: CarbonFootprint, traceId: string, where: string): OuCfpModel[] {
  if (cf.type !== undefined && cf.type !== 'Climate Change Total') return [];
  const cfpType = cf.lifecycle === undefined ? undefined : CFP_TYPE_FROM.get(cf.lifecycle);
  // OU has no code for the distribution and end-of-life stages: those entries are not expressible.
  if (cfpType === undefined) return [];
  const unit = GHG_UNIT_FROM.get(required(cf.unit, `${where}/unit`));
  if (unit === undefined)
    throw unmappable(`${where}/unit`, 'carbon-footprint unit has no Ouranos ghgDeclaredUnit code');
  const rating = cf.dataQualityRating;
  const dqrValue = {
    TeR: rating?.technologicalRepresentativeness ?? null,
    GeR: rating?.geographicalRepresentativeness ?? null,
    TiR: rating?.timeRelatedRepresentativeness ?? null,
  };
  return [
    {
      cfpId: derivedIds.cfpId(traceId, cfpType),
      traceId,
      cfpType,
      ghgEmission: required(cf.value, `${where}/value`),
      ghgDeclaredUnit: unit,
      dqrType: DQR_TYPE_OF_CFP_TYPE[cfpType],
      dqrValue,
    },
  ];
}

/** OU certifications of the canonical references; a reference without documents has no OU form (fileInfo ≥ 1). */
function certifications(
  refs: ReadonlyArray<CertificationReference>,
  traceId: string,
  operatorId: string,
): OuCfpCertificationModel[] {
  return refs
    .filter((ref) => (ref.certificationDocuments ?? []).length > 0)
    .map((ref) => ({
      cfpCertificationId: uuidFromIdentifier(ref.certificationId, 'certification'),
      traceId,
      cfpCertificationDescription: (ref.certificationDescription ?? '').slice(0, 100),
      cfpCertificationFileInfo: (ref.certificationDocuments ?? []).map((d) => ({
        operatorId,
        fileId: uuidFromIdentifier(d.certificationDocumentId, 'certification-document'),
        fileName: d.certificationDocumentName,
      })),
    }));
}

function massInKg(measured: { value: number; unit: string } | undefined, where: string): number {
  const m = required(measured, where);
  const factor = MASS_UNIT_FACTORS_TO_KG[m.unit];
  if (factor === undefined) throw unmappable(`${where}/unit`, 'mass unit has no Ouranos equivalent');
  return round(m.value * factor);
}

function chemistryOf(text: string | undefined, where: string): OuBatteryChemistry {
  const value = required(text, where);
  const exact = CHEMISTRY_FROM.get(value);
  if (exact !== undefined) return exact;
  const abbreviation = /\(([A-Z]+)\)\s*$/.exec(value)?.[1] ?? value.trim().toUpperCase();
  const mapped = CHEMISTRY_ABBREVIATIONS[abbreviation];
  if (mapped === undefined) throw unmappable(where, 'battery chemistry has no Ouranos batteryChemistry code');
  return mapped;
}

function materialModels(materials: Materials | undefined, where: string): OuMaterialModel[] {
  const composition = materials?.composition ?? [];
  const models: OuMaterialModel[] = [];
  composition.forEach((entry, i) => {
    const cas = entry.id?.find((id) => id.type === 'CAS');
    if (cas === undefined) return;
    const model: OuMaterialModel = {
      materialName: cas.name.slice(0, 100),
      casNumber: cas.id,
      recycledContentRate: entry.recycled ?? 0,
      criticalRawMaterialFlag: entry.critical ?? false,
      materialLocation: entry.location ?? 'unspecified',
      materialDocumentModels: docsFromCanonical(entry.documentation),
    };
    if (entry.concentration !== undefined && entry.unit !== undefined) {
      const factor = CONCENTRATION_FACTORS_TO_PERCENT[entry.unit];
      if (factor === undefined)
        throw unmappable(`${where}/composition/${i}/unit`, 'material share unit has no Ouranos equivalent');
      model.materialContentRate = round(entry.concentration * factor);
    }
    if (entry.renewable !== undefined) model.renewableContentRate = entry.renewable;
    models.push(sortMaterialModel(model));
  });
  if (models.length > 0) return models;
  const active = materials?.active ?? {};
  for (const name of ACTIVE_MATERIALS) {
    const material = active[name];
    if (material !== undefined) {
      models.push({
        materialName: name,
        casNumber: ACTIVE_MATERIAL_CAS[name],
        recycledContentRate: material.recycled ?? 0,
        criticalRawMaterialFlag: material.critical ?? false,
        materialLocation: material.location ?? 'unspecified',
        materialDocumentModels: docsFromCanonical(material.documentation),
      });
    }
  }
  if (models.length === 0)
    throw unmappable(
      `${where}/composition`,
      'canonical record lists no material the Ouranos record can carry',
    );
  return models;
}

/** Key order of the OU schema (only cosmetic: JSON objects are unordered). */
function sortMaterialModel(m: OuMaterialModel): OuMaterialModel {
  return {
    materialName: m.materialName,
    casNumber: m.casNumber,
    ...(m.materialContentRate === undefined ? {} : { materialContentRate: m.materialContentRate }),
    recycledContentRate: m.recycledContentRate,
    ...(m.renewableContentRate === undefined ? {} : { renewableContentRate: m.renewableContentRate }),
    criticalRawMaterialFlag: m.criticalRawMaterialFlag,
    materialLocation: m.materialLocation,
    materialDocumentModels: m.materialDocumentModels,
  };
}

function substances(
  names: ReadonlyArray<OuSubstanceName>,
  section: object | undefined,
  where: string,
): OuSubstanceModel[] {
  const out: OuSubstanceModel[] = [];
  const members = (section ?? {}) as Partial<Record<OuSubstanceName, LeadContent | HazardousSubstance>>;
  for (const name of names) {
    const s = members[name];
    if (s === undefined) continue;
    const model = substanceFromCanonical(name, s);
    if (model === 'unmappable-unit')
      throw unmappable(`${where}/${name}/materialUnit`, 'concentration unit has no Ouranos equivalent');
    out.push(model);
  }
  return out;
}

function passportModel(canonical: CanonicalRecord, ids: OuIds): OuPassportModel {
  const s = canonical.credentialSubject;
  const base = '/credentialSubject';
  const ident = s.identification?.identification;
  const warranty = required(s.characteristics?.warranty, `${base}/characteristics/warranty`);
  const warrantyUnit = WARRANTY_UNIT_FROM.get(warranty.lifeUnit);
  if (warrantyUnit === undefined)
    throw unmappable(`${base}/characteristics/warranty/lifeUnit`, 'warranty unit has no Ouranos equivalent');
  const rated = ratedFromCanonical(s.performance?.rated);
  if ('missing' in rated)
    throw unmappable(
      `${base}/performance/rated/${rated.missing}`,
      'canonical record lacks a rated-performance member the Ouranos record requires',
    );
  const dynamic = s.performance?.dynamic;
  const metadata = s.metadata;
  const predecessor = required(metadata?.predecessor, `${base}/metadata/predecessor`);
  const handling = s.handling;
  const safety = s.safety;
  return {
    idDmc: required(s.identification?.idDmc, `${base}/identification/idDmc`),
    dataCarrierModel: {
      ...required(ident?.dataCarrier, `${base}/identification/identification/dataCarrier`),
    },
    classificationModels: (ident?.classification ?? []).map((c) => ({
      classificationStandard: c.classificationStandard,
      classificationId: c.classificationID,
      ...(c.classificationDescription === undefined
        ? {}
        : { classificationDescription: c.classificationDescription }),
    })),
    productCodeModels: (ident?.codes ?? []).map((c) => ({ codeKey: c.key, codeValue: c.value })),
    warrantyModel: { warrantyPeriod: warranty.lifeValue, warrantyPeriodUnit: warrantyUnit },
    cfpDeclarationDocumentModels: docsFromCanonical(
      s.sustainability?.carbonFootprint?.find((cf) => cf.declaration !== undefined)?.declaration,
    ),
    ratedPerformanceModel: rated,
    currentSelfDischargingRate: required(
      dynamic?.selfDischargingRate,
      `${base}/performance/dynamic/selfDischargingRate`,
    ),
    dynamicPerformanceModels: dynamicFromCanonical(dynamic),
    activeMaterialModels: substances(OU_ACTIVE_SUBSTANCES, s.materials?.active, `${base}/materials/active`),
    hazardousSubstanceModels: substances(
      OU_HAZARDOUS_SUBSTANCES,
      s.materials?.hazardous,
      `${base}/materials/hazardous`,
    ),
    sustainabilityDocumentModel: {
      separateCollectionDocumentModels: docsFromCanonical(s.sustainability?.documents?.separateCollection),
      wastePreventionDocumentModels: docsFromCanonical(s.sustainability?.documents?.wastePrevention),
    },
    safetyModel: {
      extinguishingAgentModels: (safety?.usableExtinguishAgent ?? []).map((a) => ({
        extinguishingMedia: a.media,
        fireClass: a.fireClass,
      })),
      safetyMeasureDocumentModels: docsFromCanonical(safety?.safetyMeasures),
      labelMeaningDocumentModels: docsFromCanonical(safety?.meaningOfLabels),
      dismantlingDocumentModels: docsFromCanonical(safety?.dismantling),
    },
    commercialModel: {
      ...(s.commercial?.placedOnMarket === undefined
        ? {}
        : { placedOnMarketDate: s.commercial.placedOnMarket }),
      intendedPurposes: [...(s.commercial?.purpose ?? [])],
    },
    sparePartModel: {
      sparePartApplicableFlag: handling?.applicable ?? false,
      producerOperatorIds: (handling?.content?.producer ?? []).map((p, i) =>
        ids.operator(p.id, `${base}/handling/content/producer/${i}/id`, 'operator'),
      ),
      sparePartsModels: (handling?.content?.sparePart ?? []).map((p) => ({
        partsName: p.manufacturerPartId,
        partsLabelName: p.nameAtManufacturer,
      })),
    },
    passportLifecycleModel: {
      passportExpirationDate: required(metadata?.expirationDate, `${base}/metadata/expirationDate`),
      predecessorPassportId: predecessor.replace(/^urn:uuid:/, '').toLowerCase(),
      backupReferenceUri: required(metadata?.backupReference, `${base}/metadata/backupReference`),
    },
  };
}

function batteryModel(canonical: CanonicalRecord, ids: OuIds): OuBatteryModel {
  const s = canonical.credentialSubject;
  const base = '/credentialSubject';
  const category = CATEGORY_FROM.get(required(s.identification?.category, `${base}/identification/category`));
  if (category === undefined)
    throw unmappable(`${base}/identification/category`, 'battery category has no Ouranos code');
  const rated = s.performance?.rated;
  const capacity = required(rated?.capacity, `${base}/performance/rated/capacity`);
  const voltage = required(rated?.voltage, `${base}/performance/rated/voltage`);
  const conformity = s.conformity;
  const performanceClass = s.sustainability?.carbonFootprint?.find(
    (cf) => cf.performanceClass !== undefined,
  )?.performanceClass;
  const model: OuBatteryModel = {
    batteryCategory: category,
    batteryChemistry: chemistryOf(s.identification?.chemistry, `${base}/identification/chemistry`),
    manufacturedDate: s.operation?.manufacturer?.manufacturingDate ?? canonical.validFrom.slice(0, 10),
    batteryMass: massInKg(
      s.characteristics?.physicalDimension?.weight,
      `${base}/characteristics/physicalDimension/weight`,
    ),
    batteryMassUnit: 'kilogram',
    ratedCapacity: capacity.value,
    ratedCapacityUnit: 'ampere-hour',
    capacityThresholdExhaustion: capacity.thresholdExhaustion,
    // Without a rated energy, it is derived as capacity (Ah) × nominal voltage (V) / 1000.
    ratedEnergy: rated?.energy?.value ?? round((capacity.value * voltage.nominal) / 1000),
    ratedEnergyUnit: 'kilowatt-hour',
    nominalVoltage: voltage.nominal,
    minVoltage: voltage.min,
    maxVoltage: voltage.max,
    voltageUnit: 'volt',
    materialModels: materialModels(s.materials, `${base}/materials`),
    dueDiligenceModel: {
      dueDiligenceReportUri: required(
        conformity?.dueDiligencePolicy?.[0]?.content,
        `${base}/conformity/dueDiligencePolicy`,
      ),
      thirdPartyVerificationUri: required(
        conformity?.thirdPartyAssurance?.[0]?.content,
        `${base}/conformity/thirdPartyAssurance`,
      ),
    },
    conformityModel: {
      declarationOfConformityId: required(
        conformity?.declarationOfConformityId,
        `${base}/conformity/declarationOfConformityId`,
      ),
      declarationOfConformityUri: required(
        conformity?.declarationOfConformity?.[0]?.content,
        `${base}/conformity/declarationOfConformity`,
      ),
      testReportDocumentModels: docsFromCanonical(conformity?.resultOfTestReport),
    },
    passportModel: passportModel(canonical, ids),
  };
  if (performanceClass !== undefined && ['A', 'B', 'C', 'D', 'E'].includes(performanceClass)) {
    model.cfpPerformanceClass = performanceClass as OuBatteryModel['cfpPerformanceClass'];
  }
  return model;
}
