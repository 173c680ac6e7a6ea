/**
 * OU native record → canonical record (pure, deterministic). The mapping table is in docs/data-model.md
 * ("Ouranos-style native format"). Participants and plants become Kakehashi participant/site IRIs.
 */
import {
  CANONICAL_CONTEXT,
  CANONICAL_TYPE,
  type BatteryPassport,
  type CanonicalRecord,
  type CarbonFootprint,
  type CertificationReference,
  type CompositionEntry,
  type Materials,
  type SupplierRelation,
} from '../canonical/types';
import {
  CANONICAL_KILOGRAM,
  CANONICAL_PERCENT,
  AMOUNT_UNIT_TO_CANONICAL,
  CATEGORY_TO_CANONICAL,
  CFP_TYPE_TO_LIFECYCLE,
  CHEMISTRY_TO_CANONICAL,
  GHG_UNIT_TO_CANONICAL,
  PROCUREMENT_UNIT_TO_CANONICAL,
  WARRANTY_UNIT_TO_CANONICAL,
} from './codes';
import {
  BATCH_KEY,
  CFP_IMPACT_CATEGORY,
  CFP_RULEBOOK,
  DUE_DILIGENCE_HEADER,
  DOC_HEADER,
  THIRD_PARTY_HEADER,
  ouranosParticipantIri,
  ouranosRecordIri,
} from './conventions';
import { uuidUrn } from './ids';
import {
  docsToCanonical,
  dynamicToCanonical,
  ratedToCanonical,
  substancesToCanonical,
} from './passport-extension';
import { siteIri } from '../canonical/directory';
import {
  OU_WITHHELD_OPERATOR_ID,
  type OuBatteryModel,
  type OuCfpCertificationModel,
  type OuCfpModel,
  type OuPartsStructureModel,
  type OuUpstreamTradeModel,
  type OuranosNativeRecord,
} from './types';

export function ouranosToCanonical(native: OuranosNativeRecord): CanonicalRecord {
  const operator = native.operatorModel;
  const plant = native.plantModel;
  const battery = native.partsStructureModel.parentPartsModel;
  const model = native.batteryModel;
  const publisher = ouranosParticipantIri(operator.operatorId);
  const batteryIri = uuidUrn(battery.traceId);

  const pm = model.passportModel;
  const plantIri = siteIri('ouranos', plant.plantId);

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
      idDmc: pm.idDmc,
      chemistry: CHEMISTRY_TO_CANONICAL[model.batteryChemistry],
      identification: {
        type: {
          manufacturerPartId: battery.partsName,
          nameAtManufacturer: battery.partsLabelName ?? battery.partsName,
        },
        codes: pm.productCodeModels.map((c) => ({ key: c.codeKey, value: c.codeValue })),
        ...(typeof battery.supportPartsName === 'string' && battery.supportPartsName !== ''
          ? { batch: [{ key: BATCH_KEY, value: battery.supportPartsName }] }
          : {}),
        dataCarrier: { ...pm.dataCarrierModel },
        classification: pm.classificationModels.map((c) => ({
          classificationStandard: c.classificationStandard,
          classificationID: c.classificationId,
          ...(c.classificationDescription === undefined
            ? {}
            : { classificationDescription: c.classificationDescription }),
        })),
      },
    },
    // Platform-neutral identifiers: the CX adapter writes their BPNL/BPNA from the participant directory.
    operation: {
      manufacturer: {
        manufacturer: publisher,
        facility: [{ facility: plantIri }],
        manufacturingDate: model.manufacturedDate,
      },
    },
    characteristics: {
      warranty: {
        lifeValue: pm.warrantyModel.warrantyPeriod,
        lifeUnit: WARRANTY_UNIT_TO_CANONICAL[pm.warrantyModel.warrantyPeriodUnit],
      },
      physicalDimension: { weight: { value: model.batteryMass, unit: CANONICAL_KILOGRAM } },
    },
    sustainability: {
      documents: {
        separateCollection: docsToCanonical(pm.sustainabilityDocumentModel.separateCollectionDocumentModels),
        wastePrevention: docsToCanonical(pm.sustainabilityDocumentModel.wastePreventionDocumentModels),
      },
      carbonFootprint: native.cfpModels.map((cfp) => carbonFootprint(cfp, model, plantIri)),
      status: 'original',
    },
    materials: materials(model),
    performance: { rated: ratedToCanonical(model), dynamic: dynamicToCanonical(model) },
    conformity: {
      declarationOfConformityId: model.conformityModel.declarationOfConformityId,
      declarationOfConformity: [urlDoc(DOC_HEADER, model.conformityModel.declarationOfConformityUri)],
      resultOfTestReport: docsToCanonical(model.conformityModel.testReportDocumentModels),
      thirdPartyAssurance: [urlDoc(THIRD_PARTY_HEADER, model.dueDiligenceModel.thirdPartyVerificationUri)],
      dueDiligencePolicy: [urlDoc(DUE_DILIGENCE_HEADER, model.dueDiligenceModel.dueDiligenceReportUri)],
    },
    safety: {
      usableExtinguishAgent: pm.safetyModel.extinguishingAgentModels.map((a) => ({
        media: a.extinguishingMedia,
        fireClass: a.fireClass,
      })),
      safetyMeasures: docsToCanonical(pm.safetyModel.safetyMeasureDocumentModels),
      meaningOfLabels: docsToCanonical(pm.safetyModel.labelMeaningDocumentModels),
      dismantling: docsToCanonical(pm.safetyModel.dismantlingDocumentModels),
    },

    metadata: {
      passportIdentifier: uuidUrn(native.recordId),
      version: String(native.recordVersion),
      status: 'approved',
      issueDate: native.registeredAt.slice(0, 10),
      expirationDate: pm.passportLifecycleModel.passportExpirationDate,
      economicOperatorId: publisher,
      predecessor: uuidUrn(pm.passportLifecycleModel.predecessorPassportId),
      backupReference: pm.passportLifecycleModel.backupReferenceUri,
    },
    commercial: {
      ...(pm.commercialModel.placedOnMarketDate === undefined
        ? {}
        : { placedOnMarket: pm.commercialModel.placedOnMarketDate }),
      purpose: [...pm.commercialModel.intendedPurposes],
    },
    handling: {
      applicable: pm.sparePartModel.sparePartApplicableFlag,
      content: {
        producer: pm.sparePartModel.producerOperatorIds.map((id) => ({ id: ouranosParticipantIri(id) })),
        sparePart: pm.sparePartModel.sparePartsModels.map((p) => ({
          manufacturerPartId: p.partsName,
          nameAtManufacturer: p.partsLabelName,
        })),
      },
    },
    supplyChain: {
      itemId: batteryIri,
      suppliers: native.tradeModels.map((t) => supplierRelation(t, native.partsStructureModel)),
    },
    ...(native.cfpCertificationModels.length > 0
      ? { certificationReferences: native.cfpCertificationModels.map(certificationReference) }
      : {}),
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

function carbonFootprint(cfp: OuCfpModel, model: OuBatteryModel, plantIri: string): CarbonFootprint {
  return {
    value: cfp.ghgEmission,
    unit: GHG_UNIT_TO_CANONICAL[cfp.ghgDeclaredUnit],
    lifecycle: CFP_TYPE_TO_LIFECYCLE[cfp.cfpType],
    type: CFP_IMPACT_CATEGORY,
    ...(model.cfpPerformanceClass === undefined ? {} : { performanceClass: model.cfpPerformanceClass }),
    rulebook: [urlDoc(CFP_RULEBOOK.header, CFP_RULEBOOK.content)],
    declaration: docsToCanonical(model.passportModel.cfpDeclarationDocumentModels),
    manufacturingPlant: [{ facility: plantIri }],
    ...dataQualityRating(cfp.dqrValue),
  };
}

function materials(model: OuBatteryModel): Materials {
  const composition: CompositionEntry[] = model.materialModels.map((m) => ({
    id: [{ type: 'CAS', name: m.materialName, id: m.casNumber }],
    ...(m.materialContentRate === undefined
      ? {}
      : { concentration: m.materialContentRate, unit: CANONICAL_PERCENT }),
    critical: m.criticalRawMaterialFlag,
    recycled: m.recycledContentRate,
    ...(m.renewableContentRate === undefined ? {} : { renewable: m.renewableContentRate }),
    location: m.materialLocation,
    documentation: docsToCanonical(m.materialDocumentModels),
  }));
  return { ...substancesToCanonical(model), composition };
}

function dataQualityRating(dqr: OuCfpModel['dqrValue']): Pick<CarbonFootprint, 'dataQualityRating'> {
  const rating = {
    ...(dqr.TeR === null ? {} : { technologicalRepresentativeness: dqr.TeR }),
    ...(dqr.GeR === null ? {} : { geographicalRepresentativeness: dqr.GeR }),
    ...(dqr.TiR === null ? {} : { timeRelatedRepresentativeness: dqr.TiR }),
  };
  return Object.keys(rating).length === 0 ? {} : { dataQualityRating: rating };
}

function certificationReference(cert: OuCfpCertificationModel): CertificationReference {
  return {
    certificationId: cert.cfpCertificationId,
    ...(cert.cfpCertificationDescription === ''
      ? {}
      : { certificationDescription: cert.cfpCertificationDescription }),
    certificationDocuments: cert.cfpCertificationFileInfo.map((file) => ({
      certificationDocumentId: file.fileId,
      certificationDocumentName: file.fileName,
    })),
  };
}

function supplierRelation(trade: OuUpstreamTradeModel, parts: OuPartsStructureModel): SupplierRelation {
  const origin = trade.materialOriginModel;
  // The child part of a tier-1 trade holds the quantity one battery needs (amountRequired).
  const child =
    trade.supplierTier === 1
      ? parts.childrenPartsModel.find((c) => c.traceId === trade.tradeModel.downstreamTraceId)
      : undefined;
  const quantityPerParent =
    child?.amountRequired === null || child?.amountRequired === undefined || child.amountRequiredUnit === null
      ? undefined
      : { value: child.amountRequired, unit: AMOUNT_UNIT_TO_CANONICAL[child.amountRequiredUnit] };
  const procurement = trade.procurementModel;
  // Without `supplierIdentifier` (a received record's withheld supplier) the relation is presentation-shaped.
  return {
    tier: trade.supplierTier,
    ...(trade.upstreamOperatorName === undefined ? {} : { supplierName: trade.upstreamOperatorName }),
    // A received record's withheld supplier (nil UUID, `withheldItems`) has no identifier to carry.
    ...(trade.tradeModel.upstreamOperatorId === OU_WITHHELD_OPERATOR_ID
      ? {}
      : { supplierIdentifier: ouranosParticipantIri(trade.tradeModel.upstreamOperatorId) }),
    ...(trade.withheldItems?.includes('upstreamTraceId') === true
      ? {}
      : { suppliedItemId: uuidUrn(trade.tradeModel.upstreamTraceId) }),
    suppliedMaterial: trade.upstreamPartsName,
    ...(origin === undefined
      ? {}
      : {
          materialOrigin: {
            originCountry: origin.originCountryCode,
            ...(origin.originSiteType === undefined ? {} : { originSiteType: origin.originSiteType }),
            ...(origin.originSiteName === undefined ? {} : { originSiteName: origin.originSiteName }),
            ...(origin.originPlantId === undefined
              ? {}
              : { originSiteIdentifier: siteIri('ouranos', origin.originPlantId) }),
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
    ...(quantityPerParent === undefined ? {} : { quantityPerParent }),
  } as SupplierRelation;
}
