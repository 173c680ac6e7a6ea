/**
 * OU native record → canonical record (pure, deterministic). The mapping table is in docs/ouranos-format.md.
 */
import {
  CANONICAL_CONTEXT,
  CANONICAL_TYPE,
  type ActiveMaterial,
  type BatteryPassport,
  type CanonicalRecord,
  type CarbonFootprint,
  type CompositionEntry,
  type Materials,
  type PassportSource,
  type SupplierRelation,
} from '../canonical/types';
import {
  CANONICAL_KILOGRAM,
  CANONICAL_PERCENT,
  CATEGORY_TO_CANONICAL,
  CFP_TYPE_TO_LIFECYCLE,
  CHEMISTRY_TO_CANONICAL,
  GHG_UNIT_TO_CANONICAL,
  PROCUREMENT_UNIT_TO_CANONICAL,
} from './codes';
import {
  ACTIVE_MATERIALS,
  BATCH_KEY,
  CFP_IMPACT_CATEGORY,
  CFP_RULEBOOK,
  CFP_CERTIFICATION_CATEGORY,
  CFP_CERTIFICATION_TYPE,
  DQR_HEADER,
  DUE_DILIGENCE_HEADER,
  DOC_HEADER,
  PLANT_CODE_KEY,
  THIRD_PARTY_HEADER,
  cfpCertificationUrn,
  formatDqr,
  ouranosParticipantIri,
  ouranosRecordIri,
} from './conventions';
import { uuidUrn } from './ids';
import type {
  OuBatteryModel,
  OuCfpCertificationModel,
  OuCfpModel,
  OuUpstreamTradeModel,
  OuranosNativeRecord,
} from './types';

export function ouranosToCanonical(native: OuranosNativeRecord): CanonicalRecord {
  const operator = native.operatorModel;
  const plant = native.plantModel;
  const battery = native.partsStructureModel.parentPartsModel;
  const model = native.batteryModel;
  const publisher = ouranosParticipantIri(operator.operatorId);
  const batteryIri = uuidUrn(battery.traceId);

  const subject: BatteryPassport = {
    id: batteryIri,
    type: 'BatteryPassport',
    provenance: {
      sourcePlatform: 'ouranos',
      publisher,
      recordId: native.recordId,
      recordVersion: String(native.recordVersion),
    },
    identification: {
      category: CATEGORY_TO_CANONICAL[model.batteryCategory],
      chemistry: CHEMISTRY_TO_CANONICAL[model.batteryChemistry],
      identification: {
        type: {
          manufacturerPartId: battery.partsName,
          nameAtManufacturer: battery.partsLabelName ?? battery.partsName,
        },
        codes: [{ key: PLANT_CODE_KEY, value: plant.plantId }],
        ...(typeof battery.supportPartsName === 'string' && battery.supportPartsName !== ''
          ? { batch: [{ key: BATCH_KEY, value: battery.supportPartsName }] }
          : {}),
      },
    },
    // manufacturer / facility / economicOperatorId take CX identifiers (BPNL, BPNA) in the canonical schema:
    // the OU publisher is the issuer IRI, its plant travels as an identification code (see conventions.ts).
    operation: { manufacturer: { manufacturingDate: model.manufacturedDate } },
    characteristics: {
      physicalDimension: { weight: { value: model.batteryMass, unit: CANONICAL_KILOGRAM } },
    },
    sustainability: {
      carbonFootprint: native.cfpModels.map((cfp) => carbonFootprint(cfp, model)),
      status: 'original',
    },
    materials: materials(model),
    performance: {
      rated: {
        capacity: { value: model.ratedCapacity, thresholdExhaustion: model.capacityThresholdExhaustion },
        energy: { value: model.ratedEnergy },
        voltage: { min: model.minVoltage, max: model.maxVoltage, nominal: model.nominalVoltage },
      },
    },
    conformity: {
      declarationOfConformityId: model.conformityModel.declarationOfConformityId,
      declarationOfConformity: [urlDoc(DOC_HEADER, model.conformityModel.declarationOfConformityUri)],
      dueDiligencePolicy: [urlDoc(DUE_DILIGENCE_HEADER, model.dueDiligenceModel.dueDiligenceReportUri)],
      thirdPartyAssurance: [urlDoc(THIRD_PARTY_HEADER, model.dueDiligenceModel.thirdPartyVerificationUri)],
    },
    ...(native.cfpCertificationModels.length > 0
      ? { sources: native.cfpCertificationModels.flatMap(certificationSources) }
      : {}),
    metadata: {
      passportIdentifier: uuidUrn(native.recordId),
      version: String(native.recordVersion),
      status: 'approved',
      issueDate: native.registeredAt.slice(0, 10),
    },
    supplyChain: { itemId: batteryIri, suppliers: native.tradeModels.map(supplierRelation) },
  };

  return {
    '@context': [...CANONICAL_CONTEXT],
    type: [...CANONICAL_TYPE],
    id: ouranosRecordIri(native.recordId, native.recordVersion),
    issuer: publisher,
    validFrom: native.registeredAt,
    credentialSubject: subject,
  };
}

function urlDoc(header: string, content: string): { contentType: string; header: string; content: string } {
  return { contentType: 'URL', header, content };
}

function carbonFootprint(cfp: OuCfpModel, model: OuBatteryModel): CarbonFootprint {
  return {
    value: cfp.ghgEmission,
    unit: GHG_UNIT_TO_CANONICAL[cfp.ghgDeclaredUnit],
    lifecycle: CFP_TYPE_TO_LIFECYCLE[cfp.cfpType],
    type: CFP_IMPACT_CATEGORY,
    ...(model.cfpPerformanceClass === undefined ? {} : { performanceClass: model.cfpPerformanceClass }),
    rulebook: [urlDoc(CFP_RULEBOOK.header, CFP_RULEBOOK.content)],
    declaration: [{ contentType: 'text/plain', header: DQR_HEADER, content: formatDqr(cfp.dqrValue) }],
  };
}

function materials(model: OuBatteryModel): Materials {
  const composition: CompositionEntry[] = model.materialModels.map((m) => ({
    id: [{ type: 'CAS', name: m.materialName, id: m.casNumber }],
    ...(m.materialContentRate === undefined
      ? {}
      : { concentration: m.materialContentRate, unit: CANONICAL_PERCENT }),
    recycled: m.recycledContentRate,
    ...(m.renewableContentRate === undefined ? {} : { renewable: m.renewableContentRate }),
  }));
  const active: Record<string, ActiveMaterial> = {};
  for (const m of model.materialModels) {
    if (
      (ACTIVE_MATERIALS as ReadonlyArray<string>).includes(m.materialName) &&
      active[m.materialName] === undefined
    ) {
      active[m.materialName] = { recycled: m.recycledContentRate };
    }
  }
  return { ...(Object.keys(active).length > 0 ? { active } : {}), composition };
}

function certificationSources(cert: OuCfpCertificationModel): PassportSource[] {
  return cert.cfpCertificationFileInfo.map((file) => ({
    header: cert.cfpCertificationDescription,
    category: CFP_CERTIFICATION_CATEGORY,
    type: CFP_CERTIFICATION_TYPE,
    content: cfpCertificationUrn(cert.cfpCertificationId, file.fileId, file.fileName),
  }));
}

function supplierRelation(trade: OuUpstreamTradeModel): SupplierRelation {
  const origin = trade.materialOriginModel;
  const procurement = trade.procurementModel;
  return {
    tier: trade.supplierTier,
    ...(trade.upstreamOperatorName === undefined ? {} : { supplierName: trade.upstreamOperatorName }),
    supplierIdentifier: trade.tradeModel.upstreamOperatorId,
    suppliedItemId: uuidUrn(trade.tradeModel.upstreamTraceId),
    suppliedMaterial: trade.upstreamPartsName,
    ...(origin === undefined
      ? {}
      : {
          materialOrigin: {
            originCountry: origin.originCountryCode,
            ...(origin.originSiteType === undefined ? {} : { originSiteType: origin.originSiteType }),
            ...(origin.originSiteName === undefined ? {} : { originSiteName: origin.originSiteName }),
            ...(origin.originPlantId === undefined ? {} : { originSiteIdentifier: origin.originPlantId }),
          },
        }),
    ...(procurement === undefined
      ? {}
      : {
          procurementVolume: {
            quantity: procurement.procurementAmount,
            unit: PROCUREMENT_UNIT_TO_CANONICAL[procurement.procurementAmountUnit],
            period: { start: procurement.procurementPeriodStart, end: procurement.procurementPeriodEnd },
          },
        }),
  };
}
