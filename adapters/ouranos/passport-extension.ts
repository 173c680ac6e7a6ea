/**
 * The OU passport extension (`batteryModel.passportModel`, plus the material, substance and conformity
 * extension members) ⇄ the BatteryPass members of the canonical passport sections. Renames, two code lists
 * (concentration and warranty units, codes.ts) and the dynamic indicators' paths. Pure.
 */
import type {
  DocumentReference,
  DynamicPerformance,
  HazardousSubstance,
  LeadContent,
  Materials,
  RatedPerformance,
  TimedValue,
} from '../canonical/types';
import {
  CONCENTRATION_UNIT_TO_CANONICAL,
  DYNAMIC_INDICATOR_PATHS,
  WARRANTY_UNIT_TO_CANONICAL,
  invert,
} from './codes';
import {
  OU_DYNAMIC_INDICATORS,
  type OuBatteryModel,
  type OuDocumentModel,
  type OuDynamicPerformanceModel,
  type OuRatedPerformanceModel,
  type OuSubstanceModel,
  type OuSubstanceName,
} from './types';

export const CONCENTRATION_UNIT_FROM = invert(CONCENTRATION_UNIT_TO_CANONICAL);
export const WARRANTY_UNIT_FROM = invert(WARRANTY_UNIT_TO_CANONICAL);

export function docsToCanonical(docs: ReadonlyArray<OuDocumentModel>): DocumentReference[] {
  return docs.map((d) => ({
    contentType: d.documentContentType,
    header: d.documentTitle,
    content: d.documentContent,
  }));
}

export function docsFromCanonical(docs: ReadonlyArray<DocumentReference> | undefined): OuDocumentModel[] {
  return (docs ?? []).map((d) => ({
    documentTitle: d.header,
    documentContent: d.content,
    documentContentType: d.contentType,
  }));
}

/** BatteryPass `materials.active.<name>` / `materials.hazardous.<name>` of one substance model. */
export function substanceToCanonical(m: OuSubstanceModel): LeadContent {
  return {
    location: m.materialLocation,
    ...(m.recycledContentRate === undefined ? {} : { recycled: m.recycledContentRate }),
    critical: m.criticalRawMaterialFlag,
    ...(m.concentration === undefined ? {} : { concentration: m.concentration }),
    ...(m.concentrationUnit === undefined
      ? {}
      : { materialUnit: CONCENTRATION_UNIT_TO_CANONICAL[m.concentrationUnit] }),
    ...(m.impactDocumentModels === undefined
      ? {}
      : { impactOfSubstances: docsToCanonical(m.impactDocumentModels) }),
    documentation: docsToCanonical(m.materialDocumentModels),
  };
}

/**
 * The substance model of a canonical substance, or `undefined` when its concentration unit has no OU code
 * (the caller reports it).
 */
export function substanceFromCanonical(
  name: OuSubstanceName,
  s: LeadContent | HazardousSubstance,
): OuSubstanceModel | 'unmappable-unit' {
  const unit = s.materialUnit === undefined ? undefined : CONCENTRATION_UNIT_FROM.get(s.materialUnit);
  if (s.materialUnit !== undefined && unit === undefined) return 'unmappable-unit';
  const recycled = (s as LeadContent).recycled;
  return {
    substanceName: name,
    materialLocation: s.location ?? 'unspecified',
    criticalRawMaterialFlag: s.critical ?? false,
    ...(recycled === undefined ? {} : { recycledContentRate: recycled }),
    ...(s.concentration === undefined || unit === undefined
      ? {}
      : { concentration: s.concentration, concentrationUnit: unit }),
    ...(s.impactOfSubstances === undefined
      ? {}
      : { impactDocumentModels: docsFromCanonical(s.impactOfSubstances) }),
    materialDocumentModels: docsFromCanonical(s.documentation),
  };
}

/** `materials.active` and `materials.hazardous` of the substance models. */
export function substancesToCanonical(model: OuBatteryModel): Pick<Materials, 'active' | 'hazardous'> {
  const pm = model.passportModel;
  const active: Record<string, LeadContent> = {};
  for (const m of pm.activeMaterialModels) active[m.substanceName] = substanceToCanonical(m);
  const hazardous: Record<string, LeadContent> = {};
  for (const m of pm.hazardousSubstanceModels) hazardous[m.substanceName] = substanceToCanonical(m);
  return {
    ...(Object.keys(active).length > 0 ? { active } : {}),
    ...(Object.keys(hazardous).length > 0 ? { hazardous } : {}),
  };
}

/** `performance.rated` of the battery model. */
export function ratedToCanonical(model: OuBatteryModel): RatedPerformance {
  const r = model.passportModel.ratedPerformanceModel;
  const t = r.testTemperature === undefined ? {} : { temperature: r.testTemperature };
  return {
    voltage: { min: model.minVoltage, max: model.maxVoltage, nominal: model.nominalVoltage, ...t },
    roundTripEfficiency: {
      depthOfDischarge: r.roundTripEfficiencyDepthOfDischarge,
      initial: r.roundTripEfficiencyInitial,
      '50PercentLife': r.roundTripEfficiencyAt50PercentLife,
      ...t,
    },
    energy: { value: model.ratedEnergy, ...t },
    resistance: {
      cell: r.cellInternalResistance,
      pack: r.packInternalResistance,
      ...(r.moduleInternalResistance === undefined ? {} : { module: r.moduleInternalResistance }),
      ...t,
    },
    power: { value: r.ratedPower, at20SoC: r.powerAt20PercentSoc, at80SoC: r.powerAt80PercentSoc, ...t },
    capacity: { value: model.ratedCapacity, thresholdExhaustion: model.capacityThresholdExhaustion, ...t },
    temperature: { lower: r.operatingTemperatureLower, upper: r.operatingTemperatureUpper },
    selfDischargingRate: r.selfDischargingRate,
    lifetime: {
      expectedYears: r.expectedLifetimeYears,
      report: docsToCanonical(r.lifetimeReportDocumentModels),
      cycleLifeTesting: {
        temperature: r.cycleLifeTestModel.testTemperature,
        cycles: r.cycleLifeTestModel.cycleCount,
        depthOfDischarge: r.cycleLifeTestModel.depthOfDischarge,
        appliedChargeRate: r.cycleLifeTestModel.appliedChargeRate,
        appliedDischargeRate: r.cycleLifeTestModel.appliedDischargeRate,
      },
    },
  };
}

/** The rated-performance model of canonical `performance.rated`; `missing` names the first absent member. */
export function ratedFromCanonical(
  rated: RatedPerformance | undefined,
): OuRatedPerformanceModel | { missing: string } {
  const rte = rated?.roundTripEfficiency;
  const resistance = rated?.resistance;
  const power = rated?.power;
  const range = rated?.temperature;
  const lifetime = rated?.lifetime;
  if (rte === undefined) return { missing: 'roundTripEfficiency' };
  if (resistance === undefined) return { missing: 'resistance' };
  if (power === undefined) return { missing: 'power' };
  if (range === undefined) return { missing: 'temperature' };
  if (rated?.selfDischargingRate === undefined) return { missing: 'selfDischargingRate' };
  if (lifetime === undefined) return { missing: 'lifetime' };
  const testTemperature = rated.voltage?.temperature;
  // Built member by member in the OU schema's key order (optional members only when present).
  const model: Partial<OuRatedPerformanceModel> = {};
  if (testTemperature !== undefined) model.testTemperature = testTemperature;
  model.roundTripEfficiencyInitial = rte.initial;
  model.roundTripEfficiencyAt50PercentLife = rte['50PercentLife'];
  model.roundTripEfficiencyDepthOfDischarge = rte.depthOfDischarge;
  model.cellInternalResistance = resistance.cell;
  if (resistance.module !== undefined) model.moduleInternalResistance = resistance.module;
  model.packInternalResistance = resistance.pack;
  model.ratedPower = power.value;
  model.powerAt20PercentSoc = power.at20SoC;
  model.powerAt80PercentSoc = power.at80SoC;
  model.operatingTemperatureLower = range.lower;
  model.operatingTemperatureUpper = range.upper;
  model.selfDischargingRate = rated.selfDischargingRate;
  model.expectedLifetimeYears = lifetime.expectedYears;
  model.lifetimeReportDocumentModels = docsFromCanonical(lifetime.report);
  const cycles = lifetime.cycleLifeTesting;
  model.cycleLifeTestModel = {
    testTemperature: cycles.temperature,
    cycleCount: cycles.cycles,
    depthOfDischarge: cycles.depthOfDischarge,
    appliedChargeRate: cycles.appliedChargeRate,
    appliedDischargeRate: cycles.appliedDischargeRate,
  };
  return model as OuRatedPerformanceModel;
}

/** `performance.dynamic` of the dynamic indicators. */
export function dynamicToCanonical(model: OuBatteryModel): DynamicPerformance {
  const pm = model.passportModel;
  const out: Record<string, unknown> = { selfDischargingRate: pm.currentSelfDischargingRate };
  for (const d of pm.dynamicPerformanceModels) {
    const path = DYNAMIC_INDICATOR_PATHS[d.performanceIndicator];
    let node = out;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const value: TimedValue = { value: d.indicatorValue, time: d.measuredAt };
    node[path[path.length - 1]] = value;
  }
  return out as DynamicPerformance;
}

/** The dynamic indicators present in canonical `performance.dynamic`, in the code list's order. */
export function dynamicFromCanonical(dynamic: DynamicPerformance | undefined): OuDynamicPerformanceModel[] {
  const out: OuDynamicPerformanceModel[] = [];
  for (const indicator of OU_DYNAMIC_INDICATORS) {
    let node: unknown = dynamic;
    for (const key of DYNAMIC_INDICATOR_PATHS[indicator]) {
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
    const timed = node as TimedValue | undefined;
    if (timed !== undefined && typeof timed.value === 'number' && typeof timed.time === 'string') {
      out.push({ performanceIndicator: indicator, indicatorValue: timed.value, measuredAt: timed.time });
    }
  }
  return out;
}
