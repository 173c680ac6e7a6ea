/**
 * A platform-neutral description of one battery product drawn from a seeded PRNG: chemistry, ratings, mass,
 * carbon footprint per life-cycle stage (kg CO2e/kWh), material shares and recycled content. Both platforms'
 * record builders start from it. Ranges follow public EV-battery figures (60–110 kg CO2e/kWh for NMC packs,
 * lower for LFP; pack-level energy density 150–180 Wh/kg).
 */
import type { Prng } from './prng';

export type SpecChemistry = 'NMC' | 'LFP';

export interface SpecMaterial {
  name: string;
  cas: string;
  /** percent of the battery mass. */
  contentPct: number;
  /** percent recycled. */
  recycledPct: number;
}

export interface CfpSplit {
  preProduction: number;
  mainProduction: number;
  preComponent: number;
  mainComponent: number;
}

export interface BatterySpec {
  chemistry: SpecChemistry;
  /** Cathode family shown in names, e.g. "NMC811". */
  cathode: string;
  category: 'EV' | 'industrial';
  publisherRole: 'packMaker' | 'cellMaker';
  modelCode: string;
  modelName: string;
  lot: string;
  energyKwh: number;
  nominalV: number;
  minV: number;
  maxV: number;
  capacityAh: number;
  massKg: number;
  thresholdExhaustion: number;
  year: number;
  manufacturedDate: string;
  registeredAt: string;
  recordVersion: number;
  /** kg CO2e per kWh, per OU cfpType (own vs component-originated, pre-processing vs main production). */
  cfp: CfpSplit;
  performanceClass: 'A' | 'B' | 'C' | 'D' | 'E';
  dqr: { TeR: number; GeR: number; TiR: number }[];
  materials: SpecMaterial[];
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function cfpTotal(cfp: CfpSplit): number {
  return (
    Math.round((cfp.preProduction + cfp.mainProduction + cfp.preComponent + cfp.mainComponent) * 1000) / 1000
  );
}

function performanceClassOf(total: number): BatterySpec['performanceClass'] {
  if (total < 65) return 'A';
  if (total < 75) return 'B';
  if (total < 85) return 'C';
  if (total < 95) return 'D';
  return 'E';
}

function materialsOf(rng: Prng, chemistry: SpecChemistry, cathode: string): SpecMaterial[] {
  const m = (
    name: string,
    cas: string,
    content: [number, number],
    recycled: [number, number],
  ): SpecMaterial => ({
    name,
    cas,
    contentPct: rng.range(content[0], content[1], 2),
    recycledPct: rng.range(recycled[0], recycled[1], 1),
  });
  const shared = [
    m('graphite', '7782-42-5', [10, 13], [0, 5]),
    m('aluminium', '7429-90-5', [17, 24], [20, 45]),
    m('copper', '7440-50-8', [6, 9], [15, 40]),
  ];
  if (chemistry === 'LFP') {
    return [
      m('lithium', '7439-93-2', [1.1, 1.35], [2, 7]),
      m('iron', '7439-89-6', [7, 9], [5, 20]),
      m('phosphorus', '7723-14-0', [4, 5], [0, 3]),
      ...shared,
    ];
  }
  const nickel: [number, number] = cathode === 'NMC811' ? [8.5, 10.5] : [6.5, 8];
  const cobalt: [number, number] = cathode === 'NMC811' ? [1.0, 1.3] : [2.2, 2.8];
  return [
    m('lithium', '7439-93-2', [1.3, 1.65], [3, 8]),
    m('nickel', '7440-02-0', nickel, [4, 10]),
    m('cobalt', '7440-48-4', cobalt, [8, 18]),
    m('manganese', '7439-96-5', [1.0, 2.6], [0, 5]),
    ...shared,
  ];
}

export function batterySpec(rng: Prng, index: number): BatterySpec {
  const chemistry: SpecChemistry = rng.chance(0.6) ? 'NMC' : 'LFP';
  const cathode = chemistry === 'LFP' ? 'LFP' : rng.pick(['NMC811', 'NMC622']);
  const category = chemistry === 'LFP' && rng.chance(0.25) ? 'industrial' : 'EV';
  const publisherRole = rng.chance(0.5) ? 'packMaker' : 'cellMaker';
  const energyKwh =
    category === 'industrial'
      ? rng.range(180, 320, 1)
      : chemistry === 'NMC'
        ? rng.range(60, 100, 1)
        : rng.range(50, 80, 1);
  const seriesCells = chemistry === 'NMC' ? rng.pick([96, 108]) : rng.pick([104, 120]);
  const cell = chemistry === 'NMC' ? { nom: 3.65, min: 2.8, max: 4.2 } : { nom: 3.2, min: 2.5, max: 3.65 };
  const nominalV = Math.round(seriesCells * cell.nom * 10) / 10;
  const whPerKg = chemistry === 'NMC' ? rng.range(155, 180, 1) : rng.range(130, 150, 1);
  const total = chemistry === 'NMC' ? rng.range(68, 108, 2) : rng.range(56, 82, 2);
  const preComponent = Math.round(total * rng.range(0.56, 0.66, 3) * 100) / 100;
  const mainComponent = Math.round(total * rng.range(0.1, 0.15, 3) * 100) / 100;
  const preProduction = Math.round(total * rng.range(0.02, 0.04, 3) * 100) / 100;
  const mainProduction = Math.round((total - preComponent - mainComponent - preProduction) * 100) / 100;
  const cfp = { preProduction, mainProduction, preComponent, mainComponent };
  const year = rng.pick([2025, 2026]);
  const month = rng.int(1, 12);
  // Never on 1 January: procurement periods start then, and a disclosed manufacturing date equal to a
  // withheld period start would (rightly, fail-closed) stop the record at the leak guard.
  const day = rng.int(month === 1 ? 2 : 1, 28);
  const regDay = Math.min(day + rng.int(1, 10), 28);
  const capacityClass = Math.round(energyKwh);
  return {
    chemistry,
    cathode,
    category,
    publisherRole,
    modelCode: `${category === 'EV' ? 'EVP' : 'ESS'}-${cathode}-${capacityClass}-${String(index + 1).padStart(3, '0')}`,
    modelName: `${cathode} ${capacityClass} kWh ${category === 'EV' ? 'EV battery pack' : 'stationary battery rack'}`,
    lot: `LOT-${String(year).slice(2)}${pad(month)}${pad(day)}-${pad(rng.int(1, 40))}`,
    energyKwh,
    nominalV,
    minV: Math.round(seriesCells * cell.min * 10) / 10,
    maxV: Math.round(seriesCells * cell.max * 10) / 10,
    capacityAh: Math.round((energyKwh * 1000 * 10) / nominalV) / 10,
    massKg: Math.round((energyKwh * 1000 * 10) / whPerKg) / 10,
    thresholdExhaustion: rng.pick([60, 70, 80]),
    year,
    manufacturedDate: `${year}-${pad(month)}-${pad(day)}`,
    registeredAt: `${year}-${pad(month)}-${pad(regDay)}T${pad(rng.int(0, 23))}:${pad(rng.int(0, 59))}:00Z`,
    recordVersion: rng.int(1, 3),
    cfp,
    performanceClass: performanceClassOf(cfpTotal(cfp)),
    dqr: [0, 1].map(() => ({ TeR: rng.range(1, 3, 1), GeR: rng.range(1, 3, 1), TiR: rng.range(1, 3, 1) })),
    materials: materialsOf(rng, chemistry, cathode),
  };
}

/**
 * A procurement quantity that differs from every number the battery's own passport discloses (mass, energy,
 * voltages, capacity…) and is never a whole number: an exact coincidence would make the leak guard refuse the record, fail-closed, since it
 * cannot tell a coincidence from a leak. Bumps by 0.1 t until distinct; deterministic.
 */
export function distinctQuantity(value: number, spec: BatterySpec): number {
  const taken = new Set<number>();
  for (const v of Object.values(spec)) if (typeof v === 'number') taken.add(v);
  // never a whole number either: a whole number of tonnes can equal a digit run of a disclosed identifier
  // (the CAS number 7440-02-0, a model code ending in -1916), which the guard also treats as a leak
  let q = Number.isInteger(value) ? value + 0.1 : value;
  while (taken.has(q) || Number.isInteger(q)) q = Math.round((q + 0.1) * 10) / 10;
  return q;
}
