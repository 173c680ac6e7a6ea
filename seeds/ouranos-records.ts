/** Builds OU native records (schemas/ouranos) from a battery spec, with supply chains through OU participants. */
import { derivedIds } from '../adapters/ouranos/ids';
import type {
  OuCfpModel,
  OuCfpType,
  OuDocumentModel,
  OuDynamicPerformanceModel,
  OuPassportModel,
  OuSubstanceModel,
  OuOperatorModel,
  OuPartsModel,
  OuPlantModel,
  OuUpstreamTradeModel,
  OuranosNativeRecord,
} from '../adapters/ouranos/types';
import { DQR_TYPE_OF_CFP_TYPE } from '../adapters/ouranos/codes';
import { createOuranosRegistry, type OuranosRegistry } from '../adapters/ouranos/registry';
import { distinctQuantity, type BatterySpec } from './battery-spec';
import { OURANOS_PARTICIPANTS, type OuranosParticipant } from './participants';
import type { Prng } from './prng';

function byName(fragment: string): OuranosParticipant {
  const p = OURANOS_PARTICIPANTS.find((x) => x.operatorName.includes(fragment));
  if (p === undefined) throw new Error(`seed participant ${fragment} missing`);
  return p;
}

export function operatorModelOf(p: OuranosParticipant): OuOperatorModel {
  return {
    operatorId: p.operatorId,
    operatorName: p.operatorName,
    operatorAddress: p.operatorAddress,
    openOperatorId: p.openOperatorId,
    operatorAttribute: { globalOperatorId: p.globalOperatorId },
  };
}

export function plantModelsOf(p: OuranosParticipant): OuPlantModel[] {
  return p.plants.map((plant) => ({
    plantId: plant.plantId,
    operatorId: p.operatorId,
    plantName: plant.plantName,
    plantAddress: plant.plantAddress,
    openPlantId: plant.openPlantId,
    plantAttribute: { globalPlantId: plant.globalPlantId },
  }));
}

/** The OU registry of every seed participant (publishers and plants). */
export function ouranosSeedRegistry(): OuranosRegistry {
  return createOuranosRegistry({
    operators: OURANOS_PARTICIPANTS.map(operatorModelOf),
    plants: OURANOS_PARTICIPANTS.flatMap(plantModelsOf),
  });
}

interface ChainNode {
  tier: number;
  supplier: OuranosParticipant;
  partsName: string;
  /** tier 1: how much one battery needs (amountRequired, amountRequiredUnit). */
  perParent?: [number, number, 'unit' | 'kilogram'];
  siteType: 'mine' | 'refinery' | 'processing';
  /** tonnes per year. */
  tonnes: [number, number];
}

function chainOf(rng: Prng, spec: BatterySpec): ChainNode[] {
  const d = spec.publisherRole === 'packMaker' ? 1 : 0;
  const nodes: ChainNode[] = [];
  if (d === 1) {
    nodes.push({
      tier: 1,
      supplier: byName('Kawasemi'),
      partsName: `${spec.cathode} prismatic cells`,
      perParent: [96, 240, 'unit'],
      siteType: 'processing',
      tonnes: [6000, 18000],
    });
  }
  nodes.push({
    tier: 1 + d,
    supplier: byName('Hokuriku'),
    partsName: `${spec.cathode} cathode active material`,
    perParent: [30, 140, 'kilogram'],
    siteType: 'processing',
    tonnes: [1500, 6000],
  });
  if (spec.chemistry === 'NMC') {
    nodes.push({
      tier: 2 + d,
      supplier: byName('Setouchi'),
      partsName: 'nickel sulphate hexahydrate',
      siteType: 'refinery',
      tonnes: [2000, 8000],
    });
    nodes.push({
      tier: 3 + d,
      supplier: byName('Boreal'),
      partsName: 'nickel-cobalt sulphide concentrate',
      siteType: 'mine',
      tonnes: [4000, 12000],
    });
    if (rng.chance(0.6)) {
      nodes.push({
        tier: 2 + d,
        supplier: byName('Morowali'),
        partsName: 'mixed hydroxide precipitate (MHP)',
        siteType: 'refinery',
        tonnes: [1000, 5000],
      });
    }
  }
  nodes.push(
    rng.chance(0.5)
      ? {
          tier: 2 + d,
          supplier: byName('Salar'),
          partsName: 'battery-grade lithium carbonate',
          siteType: 'mine',
          tonnes: [400, 2000],
        }
      : {
          tier: 2 + d,
          supplier: byName('Red Gum'),
          partsName: 'spodumene concentrate SC6',
          siteType: 'mine',
          tonnes: [3000, 12000],
        },
  );
  nodes.push({
    tier: 1 + d,
    supplier: byName('Tohoku'),
    partsName: 'spherical graphite anode material',
    perParent: [25, 90, 'kilogram'],
    siteType: 'processing',
    tonnes: [1000, 5000],
  });
  return nodes;
}

const CFP_TYPES: ReadonlyArray<keyof BatterySpec['cfp'] & OuCfpType> = [
  'preProduction',
  'mainProduction',
  'preComponent',
  'mainComponent',
];

export function buildOuranosRecord(rng: Prng, spec: BatterySpec): OuranosNativeRecord {
  const publisher = spec.publisherRole === 'packMaker' ? byName('Sakuragawa') : byName('Kawasemi');
  const plantSeed =
    publisher.plants.length > 1 && spec.chemistry === 'LFP' ? publisher.plants[1] : publisher.plants[0];
  const plantModel = plantModelsOf(publisher).find((p) => p.plantId === plantSeed.plantId) as OuPlantModel;
  const recordId = rng.uuid();
  const batteryTraceId = rng.uuid();

  const trades: OuUpstreamTradeModel[] = [];
  const children: OuPartsModel[] = [];
  for (const node of chainOf(rng, spec)) {
    const upstreamTraceId = rng.uuid();
    let downstreamOperatorId = publisher.operatorId;
    let downstreamTraceId = derivedIds.childTraceId(batteryTraceId, upstreamTraceId);
    if (node.tier > 1) {
      const parent = [...trades].reverse().find((t) => t.supplierTier === node.tier - 1);
      if (parent !== undefined) {
        downstreamOperatorId = parent.tradeModel.upstreamOperatorId;
        downstreamTraceId = parent.tradeModel.upstreamTraceId;
      }
    } else {
      children.push({
        traceId: downstreamTraceId,
        operatorId: publisher.operatorId,
        plantId: plantModel.plantId,
        partsName: node.partsName,
        supportPartsName: null,
        terminatedFlag: false,
        amountRequired:
          node.perParent === undefined
            ? null
            : node.perParent[2] === 'unit'
              ? rng.int(node.perParent[0], node.perParent[1])
              : rng.range(node.perParent[0], node.perParent[1], 1),
        amountRequiredUnit: node.perParent?.[2] ?? null,
      });
    }
    const site = node.supplier.plants[0];
    trades.push({
      tradeModel: {
        tradeId: derivedIds.tradeId(downstreamTraceId, upstreamTraceId),
        downstreamOperatorId,
        downstreamTraceId,
        upstreamOperatorId: node.supplier.operatorId,
        upstreamTraceId,
      },
      upstreamOperatorName: node.supplier.operatorName,
      upstreamPartsName: node.partsName,
      supplierTier: node.tier,
      procurementModel: {
        procurementAmount: distinctQuantity(rng.range(node.tonnes[0], node.tonnes[1], 1), spec),
        procurementAmountUnit: 'ton',
        procurementPeriodStart: `${spec.year}-01-01`,
        procurementPeriodEnd: `${spec.year}-12-31`,
      },
      materialOriginModel: {
        originCountryCode: node.supplier.countryCode,
        originSiteType: node.siteType,
        originSiteName: site.plantName,
        originPlantId: site.plantId,
      },
    });
  }

  const cfpModels: OuCfpModel[] = CFP_TYPES.map((cfpType) => {
    const dqrType = DQR_TYPE_OF_CFP_TYPE[cfpType];
    return {
      cfpId: derivedIds.cfpId(batteryTraceId, cfpType),
      traceId: batteryTraceId,
      cfpType,
      ghgEmission: spec.cfp[cfpType],
      ghgDeclaredUnit: 'kgCO2e/kilowatt-hour',
      dqrType,
      dqrValue: spec.dqr[dqrType === 'preProcessing' ? 0 : 1],
    };
  });

  const certifier = byName('Verification Institute');
  const files = [
    {
      operatorId: publisher.operatorId,
      fileId: rng.uuid(),
      fileName: `CFP_verification_${spec.modelCode}_${spec.year}.pdf`,
    },
  ];
  if (rng.chance(0.4))
    files.push({
      operatorId: publisher.operatorId,
      fileId: rng.uuid(),
      fileName: `CFP_study_report_${spec.modelCode}.pdf`,
    });
  const domain = publisher.operatorName.split(' ')[0].toLowerCase();
  const passportModel = passportModelOf(
    rng,
    spec,
    publisher,
    `https://${domain}.example/passport/${spec.modelCode}`,
  );

  return {
    recordId,
    recordVersion: spec.recordVersion,
    registeredAt: spec.registeredAt,
    operatorModel: operatorModelOf(publisher),
    plantModel,
    partsStructureModel: {
      parentPartsModel: {
        traceId: batteryTraceId,
        operatorId: publisher.operatorId,
        plantId: plantModel.plantId,
        partsName: spec.modelCode,
        supportPartsName: spec.lot,
        terminatedFlag: children.length === 0,
        amountRequired: 1,
        amountRequiredUnit: 'unit',
        partsLabelName: spec.modelName,
      },
      childrenPartsModel: children,
    },
    tradeModels: trades,
    cfpModels,
    cfpCertificationModels: [
      {
        cfpCertificationId: rng.uuid(),
        traceId: batteryTraceId,
        cfpCertificationDescription: `CFP verified by ${certifier.operatorName} (ISO 14067)`.slice(0, 100),
        cfpCertificationFileInfo: files,
      },
    ],
    batteryModel: {
      batteryCategory: spec.category === 'EV' ? 'electricVehicle' : 'industrial',
      batteryChemistry: spec.chemistry,
      manufacturedDate: spec.manufacturedDate,
      batteryMass: spec.massKg,
      batteryMassUnit: 'kilogram',
      ratedCapacity: spec.capacityAh,
      ratedCapacityUnit: 'ampere-hour',
      capacityThresholdExhaustion: spec.thresholdExhaustion,
      ratedEnergy: spec.energyKwh,
      ratedEnergyUnit: 'kilowatt-hour',
      nominalVoltage: spec.nominalV,
      minVoltage: spec.minV,
      maxVoltage: spec.maxV,
      voltageUnit: 'volt',
      cfpPerformanceClass: spec.performanceClass,
      materialModels: spec.materials.map((m) => ({
        materialName: m.name,
        casNumber: m.cas,
        materialContentRate: m.contentPct,
        recycledContentRate: m.recycledPct,
        renewableContentRate: 0,
        criticalRawMaterialFlag: CRITICAL_MATERIALS.includes(m.name),
        materialLocation: locationOf(m.name),
        materialDocumentModels: [
          doc(
            `${m.name} content`,
            `https://${domain}.example/passport/${spec.modelCode}/composition-${m.name}.pdf`,
          ),
        ],
      })),
      dueDiligenceModel: {
        dueDiligenceReportUri: `https://${domain}.example/due-diligence/${spec.year}/battery-raw-materials.pdf`,
        thirdPartyVerificationUri: `https://${domain}.example/due-diligence/${spec.year}/assurance-statement.pdf`,
      },
      conformityModel: {
        declarationOfConformityId: `EU-DoC-${spec.modelCode}-${spec.year}`,
        declarationOfConformityUri: `https://${domain}.example/conformity/${spec.modelCode}.pdf`,
        testReportDocumentModels: [
          doc(
            'Type approval test report',
            `https://${domain}.example/conformity/${spec.modelCode}-test-report.pdf`,
          ),
        ],
      },
      passportModel,
    },
  };
}

const CRITICAL_MATERIALS: ReadonlyArray<string> = ['lithium', 'nickel', 'cobalt', 'graphite', 'manganese'];

function locationOf(material: string): string {
  if (material === 'graphite' || material === 'copper') return 'anode';
  return material === 'aluminium' ? 'housing and cathode foil' : 'cathode';
}

function doc(title: string, uri: string): OuDocumentModel {
  return { documentTitle: title, documentContent: uri, documentContentType: 'URL' };
}

/** The passport extension: every BatteryPass 6.1.0 member the Ouranos API has no model for. */
function passportModelOf(
  rng: Prng,
  spec: BatterySpec,
  publisher: OuranosParticipant,
  base: string,
): OuPassportModel {
  const recycledOf = (name: string): number => spec.materials.find((m) => m.name === name)?.recycledPct ?? 0;
  const active = (name: 'nickel' | 'lithium' | 'cobalt', location: string): OuSubstanceModel => ({
    substanceName: name,
    materialLocation: location,
    criticalRawMaterialFlag: true,
    recycledContentRate: recycledOf(name),
    materialDocumentModels: [doc(`Recycled ${name} content calculation`, `${base}/recycled-${name}.pdf`)],
  });
  const hazardous = (name: 'cadmium' | 'mercury' | 'lead', ppm: number): OuSubstanceModel => ({
    substanceName: name,
    materialLocation: 'not present above detection limit',
    criticalRawMaterialFlag: false,
    ...(name === 'lead' ? { recycledContentRate: 0 } : {}),
    concentration: ppm,
    concentrationUnit: 'part-per-million',
    impactDocumentModels: [doc(`${name} impact statement`, `${base}/substances-${name}.pdf`)],
    materialDocumentModels: [doc(`${name} test report`, `${base}/test-${name}.pdf`)],
  });
  const lead = hazardous('lead', rng.range(0.5, 3, 2));
  const nmc = spec.chemistry === 'NMC';
  const ratedPower = Math.round(spec.energyKwh * rng.range(2.2, 3.2, 2) * 10) / 10;
  const measuredAt = spec.registeredAt;
  const indicator = (
    performanceIndicator: OuDynamicPerformanceModel['performanceIndicator'],
    indicatorValue: number,
  ): OuDynamicPerformanceModel => ({ performanceIndicator, indicatorValue, measuredAt });
  return {
    idDmc: `DMC${rng.int(10000000, 99999999)}`,
    dataCarrierModel: { carrierType: 'QR', carrierLayout: 'top cover, front left' },
    classificationModels: [
      {
        classificationStandard: 'GIN 20510-21513',
        classificationId: spec.category === 'EV' ? '1004712' : '1004713',
        classificationDescription: spec.category === 'EV' ? 'Traction battery' : 'Stationary battery',
      },
    ],
    productCodeModels: [{ codeKey: 'HS', codeValue: '8507.60' }],
    warrantyModel: { warrantyPeriod: spec.category === 'EV' ? 8 : 10, warrantyPeriodUnit: 'year' },
    cfpDeclarationDocumentModels: [doc('Carbon footprint declaration', `${base}/cfp-declaration.pdf`)],
    ratedPerformanceModel: {
      testTemperature: 25,
      roundTripEfficiencyInitial: rng.range(93, 97, 1),
      roundTripEfficiencyAt50PercentLife: rng.range(88, 92, 1),
      roundTripEfficiencyDepthOfDischarge: 90,
      cellInternalResistance: rng.range(0.6, 1.2, 2),
      packInternalResistance: rng.range(80, 140, 1),
      ratedPower,
      powerAt20PercentSoc: Math.round(ratedPower * 0.7 * 10) / 10,
      powerAt80PercentSoc: Math.round(ratedPower * 0.95 * 10) / 10,
      operatingTemperatureLower: -20,
      operatingTemperatureUpper: 55,
      selfDischargingRate: rng.range(1, 3, 1),
      expectedLifetimeYears: spec.category === 'EV' ? rng.int(10, 15) : rng.int(15, 20),
      lifetimeReportDocumentModels: [doc('Cycle life test report', `${base}/cycle-life.pdf`)],
      cycleLifeTestModel: {
        testTemperature: 25,
        cycleCount: spec.chemistry === 'LFP' ? rng.int(4000, 6000) : rng.int(1500, 2500),
        depthOfDischarge: 100,
        appliedChargeRate: 0.5,
        appliedDischargeRate: 1,
      },
    },
    currentSelfDischargingRate: 0,
    dynamicPerformanceModels: [
      indicator('stateOfCharge', rng.range(40, 90, 1)),
      indicator('fullCycles', 0),
      indicator('powerFade', 0),
      indicator('powerRemaining', 100),
      indicator('capacityFade', 0),
      indicator('capacityThroughput', 0),
      indicator('capacityRemaining', spec.capacityAh),
      indicator('roundTripEfficiencyFade', 0),
      indicator('roundTripEfficiencyRemaining', 100),
      indicator('resistanceIncreasePack', 0),
      indicator('resistanceIncreaseCell', 0),
      indicator('resistanceRemainingPack', 100),
      indicator('resistanceRemainingCell', 100),
      indicator('stateOfCertifiedEnergy', 100),
      indicator('energyRemaining', spec.energyKwh),
    ],
    activeMaterialModels: [
      active('nickel', nmc ? 'cathode' : 'not contained'),
      active('lithium', 'cathode'),
      active('cobalt', nmc ? 'cathode' : 'not contained'),
      lead,
    ],
    hazardousSubstanceModels: [
      hazardous('cadmium', rng.range(0.1, 2, 2)),
      hazardous('mercury', rng.range(0.01, 0.5, 2)),
      lead,
    ],
    sustainabilityDocumentModel: {
      separateCollectionDocumentModels: [
        doc('Separate collection information', `${base}/separate-collection.pdf`),
      ],
      wastePreventionDocumentModels: [
        doc('Waste prevention and recycling information', `${base}/waste-prevention.pdf`),
      ],
    },
    safetyModel: {
      extinguishingAgentModels: [{ extinguishingMedia: 'water', fireClass: 'A' }],
      safetyMeasureDocumentModels: [doc('Safety instructions', `${base}/safety.pdf`)],
      labelMeaningDocumentModels: [doc('Meaning of labels and symbols', `${base}/labels.pdf`)],
      dismantlingDocumentModels: [doc('Dismantling information', `${base}/dismantling.pdf`)],
    },
    commercialModel: {
      placedOnMarketDate: spec.registeredAt.slice(0, 10),
      intendedPurposes: [spec.category === 'EV' ? 'automotive' : 'stationary storage'],
    },
    sparePartModel: {
      sparePartApplicableFlag: true,
      producerOperatorIds: [publisher.operatorId],
      sparePartsModels: [
        { partsName: `${spec.modelCode}-MOD`, partsLabelName: `${spec.cathode} battery module` },
      ],
    },
    passportLifecycleModel: {
      passportExpirationDate: `${spec.year + 15}${spec.registeredAt.slice(4, 10)}`,
      predecessorPassportId: rng.uuid(),
      backupReferenceUri: `${base}/backup`,
    },
  };
}
