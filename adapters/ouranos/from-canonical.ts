/**
 * Canonical record → OU native record (pure, deterministic). The inverse of `ouranosToCanonical` on every
 * valid OU record whose publisher and plant the registry knows; identifiers the canonical record does not carry
 * are derived (ids.ts `derivedIds`), registry data comes from the `OuranosRegistry` (registry.ts).
 */
import { KhError } from '../../connector/errors';
import { parseParticipantIri } from '../canonical/participants';
import type {
  CanonicalRecord,
  CarbonFootprint,
  Materials,
  PassportSource,
  ProcurementUnit,
  SupplierRelation,
} from '../canonical/types';
import {
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
import {
  ACTIVE_MATERIALS,
  ACTIVE_MATERIAL_CAS,
  BATCH_KEY,
  DQR_HEADER,
  PLANT_CODE_KEY,
  parseCfpCertificationUrn,
  parseDqr,
} from './conventions';
import { derivedIds, uuidFromIdentifier, uuidV5 } from './ids';
import { EMPTY_REGISTRY, fallbackOperator, fallbackPlant, type OuranosRegistry } from './registry';
import type {
  OuBatteryChemistry,
  OuBatteryModel,
  OuCfpCertificationModel,
  OuCfpModel,
  OuMaterialModel,
  OuPartsModel,
  OuProcurementModel,
  OuUpstreamTradeModel,
  OuranosNativeRecord,
} from './types';

export interface CanonicalToOuranosOptions {
  /** Where the publisher's OperatorModel and its PlantModel are looked up. */
  registry?: OuranosRegistry;
}

const CATEGORY_FROM = invert(CATEGORY_TO_CANONICAL);
const CHEMISTRY_FROM = invert(CHEMISTRY_TO_CANONICAL);
const CFP_TYPE_FROM = invert(CFP_TYPE_TO_LIFECYCLE);
const GHG_UNIT_FROM = invert(GHG_UNIT_TO_CANONICAL);
const PROCUREMENT_UNIT_FROM = invert(PROCUREMENT_UNIT_TO_CANONICAL);
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
  const subject = canonical.credentialSubject;
  const base = '/credentialSubject';

  const publisherIri = subject.provenance?.publisher ?? canonical.issuer;
  const participant = parseParticipantIri(publisherIri);
  const operatorId =
    participant?.platform === 'ouranos'
      ? uuidFromIdentifier(participant.localId, 'operator')
      : uuidV5(`operator:${publisherIri}`);
  const operatorModel =
    registry.operator(operatorId) ??
    fallbackOperator(operatorId, publisherIri, subject.metadata?.economicOperatorId);

  const facility =
    subject.identification?.identification?.codes?.find((c) => c.key === PLANT_CODE_KEY)?.value ??
    subject.operation?.manufacturer?.facility?.[0]?.facility;
  const plantId =
    facility === undefined ? uuidV5(`plant-of:${publisherIri}`) : uuidFromIdentifier(facility, 'plant');
  const plantModel = registry.plant(plantId) ?? fallbackPlant(plantId, operatorId, facility ?? publisherIri);

  const batteryTraceId = uuidFromIdentifier(subject.supplyChain?.itemId ?? subject.id, 'battery');
  const partType = subject.identification?.identification?.type;
  const batch = subject.identification?.identification?.batch?.find((b) => b.key === BATCH_KEY);

  const tradeModels = trades(subject.supplyChain?.suppliers ?? [], operatorId, batteryTraceId);
  const children: OuPartsModel[] = tradeModels
    .filter((t) => t.supplierTier === 1)
    .map((t) => ({
      traceId: t.tradeModel.downstreamTraceId,
      operatorId,
      plantId,
      partsName: t.upstreamPartsName,
      supportPartsName: null,
      terminatedFlag: false,
      amountRequired: null,
      amountRequiredUnit: null,
    }));
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
    cfpCertificationModels: certifications(subject.sources ?? [], batteryTraceId, operatorId),
    batteryModel: batteryModel(canonical),
  };
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
): OuUpstreamTradeModel[] {
  const result: OuUpstreamTradeModel[] = [];
  suppliers.forEach((s, i) => {
    const upstreamOperatorId =
      s.supplierIdentifier === undefined
        ? uuidV5(`withheld-supplier:${batteryTraceId}:${i}`)
        : uuidFromIdentifier(s.supplierIdentifier, 'supplier');
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
          : { originPlantId: uuidFromIdentifier(origin.originSiteIdentifier, 'site') }),
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
  const dqrText = cf.declaration?.find((d) => d.header === DQR_HEADER)?.content;
  const dqrValue = (dqrText === undefined ? undefined : parseDqr(dqrText)) ?? {
    TeR: null,
    GeR: null,
    TiR: null,
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

function certifications(
  sources: PassportSource[],
  traceId: string,
  operatorId: string,
): OuCfpCertificationModel[] {
  const byId = new Map<string, OuCfpCertificationModel>();
  for (const source of sources) {
    const ref = parseCfpCertificationUrn(source.content);
    if (ref === undefined) continue;
    let cert = byId.get(ref.certificationId);
    if (cert === undefined) {
      cert = {
        cfpCertificationId: ref.certificationId,
        traceId,
        cfpCertificationDescription: source.header.slice(0, 100),
        cfpCertificationFileInfo: [],
      };
      byId.set(ref.certificationId, cert);
    }
    cert.cfpCertificationFileInfo.push({ operatorId, fileId: ref.fileId, fileName: ref.fileName });
  }
  return [...byId.values()];
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
    };
    if (entry.concentration !== undefined && entry.unit !== undefined) {
      const factor = CONCENTRATION_FACTORS_TO_PERCENT[entry.unit];
      if (factor === undefined)
        throw unmappable(`${where}/composition/${i}/unit`, 'material share unit has no Ouranos equivalent');
      model.materialContentRate = round(entry.concentration * factor);
    }
    if (entry.renewable !== undefined) model.renewableContentRate = entry.renewable;
    models.push(model);
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

function batteryModel(canonical: CanonicalRecord): OuBatteryModel {
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
    },
  };
  if (performanceClass !== undefined && ['A', 'B', 'C', 'D', 'E'].includes(performanceClass)) {
    model.cfpPerformanceClass = performanceClass as OuBatteryModel['cfpPerformanceClass'];
  }
  return model;
}
