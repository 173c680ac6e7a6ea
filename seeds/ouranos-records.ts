/** Builds OU native records (schemas/ouranos) from a battery spec, with supply chains through OU participants. */
import { derivedIds } from '../adapters/ouranos/ids';
import type {
  OuCfpModel,
  OuCfpType,
  OuOperatorModel,
  OuPartsModel,
  OuPlantModel,
  OuUpstreamTradeModel,
  OuranosNativeRecord,
} from '../adapters/ouranos/types';
import { DQR_TYPE_OF_CFP_TYPE } from '../adapters/ouranos/codes';
import { createOuranosRegistry, type OuranosRegistry } from '../adapters/ouranos/registry';
import type { BatterySpec } from './battery-spec';
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
      siteType: 'processing',
      tonnes: [6000, 18000],
    });
  }
  nodes.push({
    tier: 1 + d,
    supplier: byName('Hokuriku'),
    partsName: `${spec.cathode} cathode active material`,
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
        amountRequired: null,
        amountRequiredUnit: null,
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
        procurementAmount: rng.range(node.tonnes[0], node.tonnes[1], 1),
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
      })),
      dueDiligenceModel: {
        dueDiligenceReportUri: `https://${domain}.example/due-diligence/${spec.year}/battery-raw-materials.pdf`,
        thirdPartyVerificationUri: `https://${domain}.example/due-diligence/${spec.year}/assurance-statement.pdf`,
      },
      conformityModel: {
        declarationOfConformityId: `EU-DoC-${spec.modelCode}-${spec.year}`,
        declarationOfConformityUri: `https://${domain}.example/conformity/${spec.modelCode}.pdf`,
      },
    },
  };
}
