/**
 * Builds CX native records (BatteryPass 6.1.0 + Kakehashi supply-chain companion) from a battery spec, with
 * supply chains through CX participants. Every section BatteryPass 6.1.0 requires is filled with realistic values.
 */
import type { CatenaXRecord, CompanionChildItem } from '../adapters/catena-x/types';
import type { DocumentReference } from '../adapters/canonical/types';
import { cfpTotal, distinctQuantity, type BatterySpec } from './battery-spec';
import { CATENA_X_PARTICIPANTS, type CatenaXParticipant } from './participants';
import type { Prng } from './prng';

function byName(fragment: string): CatenaXParticipant {
  const p = CATENA_X_PARTICIPANTS.find((x) => x.legalName.includes(fragment));
  if (p === undefined) throw new Error(`seed participant ${fragment} missing`);
  return p;
}

const doc = (header: string, content: string): DocumentReference => ({ contentType: 'URL', header, content });

interface ChainNode {
  tier: number;
  supplier: CatenaXParticipant;
  material: string;
  /** tier 1: how much one battery needs. */
  perParent?: [number, number, 'unit:piece' | 'unit:kilogram'];
  siteType: 'mine' | 'refinery' | 'processing';
  tonnes: [number, number];
}

function chainOf(rng: Prng, spec: BatterySpec): ChainNode[] {
  const d = spec.publisherRole === 'packMaker' ? 1 : 0;
  const nodes: ChainNode[] = [];
  if (d === 1)
    nodes.push({
      tier: 1,
      supplier: byName('Baltic'),
      material: `${spec.cathode} prismatic cells`,
      perParent: [96, 240, 'unit:piece'],
      siteType: 'processing',
      tonnes: [6000, 18000],
    });
  nodes.push({
    tier: 1 + d,
    supplier: byName('Pohjola'),
    material: `${spec.cathode} cathode active material`,
    perParent: [30, 140, 'unit:kilogram'],
    siteType: 'processing',
    tonnes: [1500, 6000],
  });
  if (rng.chance(0.5)) {
    nodes.push({
      tier: 2 + d,
      supplier: byName('Lausitz'),
      material: 'lithium hydroxide monohydrate',
      siteType: 'refinery',
      tonnes: [400, 2500],
    });
    nodes.push({
      tier: 3 + d,
      supplier: byName('Andes'),
      material: 'technical-grade lithium carbonate',
      siteType: 'mine',
      tonnes: [500, 3000],
    });
  } else {
    nodes.push({
      tier: 2 + d,
      supplier: byName('Kwinana'),
      material: 'lithium hydroxide monohydrate',
      siteType: 'refinery',
      tonnes: [400, 2500],
    });
  }
  if (spec.chemistry === 'NMC') {
    nodes.push({
      tier: 2 + d,
      supplier: byName('Halmahera'),
      material: 'nickel laterite ore (limonite)',
      siteType: 'mine',
      tonnes: [20000, 90000],
    });
    nodes.push({
      tier: 2 + d,
      supplier: byName('Abitibi'),
      material: 'cobalt hydroxide',
      siteType: 'mine',
      tonnes: [300, 1500],
    });
  }
  nodes.push({
    tier: 1 + d,
    supplier: byName('Laurentian'),
    material: 'coated spherical graphite',
    perParent: [25, 90, 'unit:kilogram'],
    siteType: 'processing',
    tonnes: [1000, 5000],
  });
  return nodes;
}

const LIFECYCLE: ReadonlyArray<[string, (s: BatterySpec) => number]> = [
  [
    'raw material acquisition and pre-processing',
    (s) => Math.round((s.cfp.preProduction + s.cfp.preComponent) * 100) / 100,
  ],
  ['main product production', (s) => Math.round((s.cfp.mainProduction + s.cfp.mainComponent) * 100) / 100],
];

export function buildCatenaXRecord(rng: Prng, spec: BatterySpec): CatenaXRecord {
  const publisher = spec.publisherRole === 'packMaker' ? byName('Rheinhafen') : byName('Baltic');
  const site =
    publisher.sites.length > 1 && spec.chemistry === 'LFP' ? publisher.sites[1] : publisher.sites[0];
  const domain = publisher.legalName.split(' ')[0].toLowerCase();
  const base = `https://${domain}.example/passport/${spec.modelCode}`;
  const passportId = `urn:uuid:${rng.uuid()}`;
  const catenaXId = `urn:uuid:${rng.uuid()}`;
  const predecessorId = `urn:uuid:${rng.uuid()}`;
  const time = spec.registeredAt;
  const total = cfpTotal(spec.cfp);
  const byMaterial = (name: string): { recycled: number; content: number } => {
    const m = spec.materials.find((x) => x.name === name);
    return { recycled: m?.recycledPct ?? 0, content: m?.contentPct ?? 0 };
  };
  const active = (name: string, location: string) => ({
    location,
    recycled: byMaterial(name).recycled,
    critical: true,
    documentation: [doc(`Recycled ${name} content calculation`, `${base}/recycled-${name}.pdf`)],
  });
  const hazardous = (name: string, ppm: number) => ({
    location: 'not present above detection limit',
    concentration: ppm,
    materialUnit: 'unit:partPerMillion',
    critical: false,
    impactOfSubstances: [doc(`${name} impact statement`, `${base}/substances-${name}.pdf`)],
    documentation: [doc(`${name} test report`, `${base}/test-${name}.pdf`)],
  });
  const lead = { ...hazardous('lead', rng.range(0.5, 3, 2)), recycled: 0 };
  const timed = (value: number) => ({ value, time });

  const childItems: CompanionChildItem[] = chainOf(rng, spec).map((node) => ({
    catenaXId: `urn:uuid:${rng.uuid()}`,
    businessPartner: node.supplier.bpnl,
    businessPartnerName: node.supplier.legalName,
    tier: node.tier,
    material: node.material,
    origin: {
      country: node.supplier.countryCode,
      siteType: node.siteType,
      siteName: node.supplier.sites[0].siteName,
      site: node.supplier.sites[0].bpns,
    },
    quantity: {
      value: distinctQuantity(rng.range(node.tonnes[0], node.tonnes[1], 1), spec),
      unit: 'unit:tonneMetricTon',
    },
    procurementPeriod: { start: `${spec.year}-01-01`, end: `${spec.year}-12-31` },
    ...(node.tier === 1 && node.perParent !== undefined
      ? {
          quantityPerParent: {
            value:
              node.perParent[2] === 'unit:piece'
                ? rng.int(node.perParent[0], node.perParent[1])
                : rng.range(node.perParent[0], node.perParent[1], 1),
            unit: node.perParent[2],
          },
        }
      : {}),
  }));

  return {
    batteryPass: {
      identification: {
        category: spec.category,
        idDmc: `DMC${rng.int(10000000, 99999999)}`,
        chemistry:
          spec.chemistry === 'NMC' ? 'Nickel Cobalt Manganese (NCM)' : 'Lithium Iron Phosphate (LFP)',
        identification: {
          type: { manufacturerPartId: spec.modelCode, nameAtManufacturer: spec.modelName },
          batch: [{ key: 'batchId', value: spec.lot }],
          codes: [{ key: 'TARIC', value: '8507 60 00 00' }],
          dataCarrier: { carrierType: 'QR', carrierLayout: 'top cover, rear right' },
          classification: [
            {
              classificationStandard: 'GIN 20510-21513',
              classificationID: '1004712',
              classificationDescription: 'Traction battery',
            },
          ],
        },
      },
      operation: {
        manufacturer: {
          manufacturer: publisher.bpnl,
          facility: [{ facility: site.bpna }],
          manufacturingDate: spec.manufacturedDate,
        },
      },
      characteristics: {
        warranty: { lifeValue: spec.category === 'EV' ? 8 : 10, lifeUnit: 'unit:year' },
        physicalDimension: { weight: { value: spec.massKg, unit: 'unit:kilogram' } },
      },
      sustainability: {
        documents: {
          separateCollection: [doc('Separate collection information', `${base}/separate-collection.pdf`)],
          wastePrevention: [
            doc('Waste prevention and recycling information', `${base}/waste-prevention.pdf`),
          ],
        },
        carbonFootprint: [
          ...LIFECYCLE.map(([lifecycle, value]) => ({ lifecycle, value: value(spec) })),
          { lifecycle: 'distribution', value: Math.round(total * 0.01 * 100) / 100 },
          { lifecycle: 'end of life and recycling', value: Math.round(total * 0.02 * 100) / 100 },
        ].map((entry) => ({
          ...entry,
          unit: 'kg CO2 / kWh',
          type: 'Climate Change Total',
          performanceClass: spec.performanceClass,
          rulebook: [
            doc(
              'EU Battery Regulation (EU) 2023/1542, Article 7 and Annex II',
              'https://eur-lex.europa.eu/eli/reg/2023/1542/oj',
            ),
          ],
          declaration: [doc('Carbon footprint declaration', `${base}/cfp-declaration.pdf`)],
          manufacturingPlant: [{ facility: site.bpna }],
        })),
        status: 'original',
      },
      materials: {
        active: {
          lithium: active('lithium', 'cathode'),
          nickel: active('nickel', spec.chemistry === 'NMC' ? 'cathode' : 'not contained'),
          cobalt: active('cobalt', spec.chemistry === 'NMC' ? 'cathode' : 'not contained'),
          lead,
        },
        hazardous: {
          cadmium: hazardous('cadmium', rng.range(0.1, 2, 2)),
          mercury: hazardous('mercury', rng.range(0.01, 0.5, 2)),
          lead,
        },
        composition: spec.materials.map((m) => ({
          id: [{ type: 'CAS', name: m.name, id: m.cas }],
          concentration: m.contentPct,
          unit: 'unit:percent',
          critical: ['lithium', 'nickel', 'cobalt', 'graphite', 'manganese'].includes(m.name),
          recycled: m.recycledPct,
          renewable: 0,
          location: ['graphite', 'copper'].includes(m.name)
            ? 'anode'
            : m.name === 'aluminium'
              ? 'housing and cathode foil'
              : 'cathode',
          documentation: [doc(`${m.name} content`, `${base}/composition-${m.name}.pdf`)],
        })),
      },
      performance: {
        rated: {
          voltage: { min: spec.minV, max: spec.maxV, nominal: spec.nominalV, temperature: 25 },
          roundTripEfficiency: {
            depthOfDischarge: 90,
            initial: rng.range(93, 97, 1),
            '50PercentLife': rng.range(88, 92, 1),
            temperature: 25,
          },
          resistance: { cell: rng.range(0.6, 1.2, 2), pack: rng.range(80, 140, 1), temperature: 25 },
          power: (() => {
            const value = Math.round(spec.energyKwh * rng.range(2.2, 3.2, 2) * 10) / 10;
            return {
              value,
              at20SoC: Math.round(value * 0.7 * 10) / 10,
              at80SoC: Math.round(value * 0.95 * 10) / 10,
              temperature: 25,
            };
          })(),
          capacity: {
            value: spec.capacityAh,
            thresholdExhaustion: spec.thresholdExhaustion,
            temperature: 25,
          },
          energy: { value: spec.energyKwh, temperature: 25 },
          temperature: { lower: -20, upper: 55 },
          selfDischargingRate: rng.range(1, 3, 1),
          lifetime: {
            expectedYears: spec.category === 'EV' ? rng.int(10, 15) : rng.int(15, 20),
            report: [doc('Cycle life test report', `${base}/cycle-life.pdf`)],
            cycleLifeTesting: {
              temperature: 25,
              cycles: spec.chemistry === 'LFP' ? rng.int(4000, 6000) : rng.int(1500, 2500),
              depthOfDischarge: 100,
              appliedChargeRate: 0.5,
              appliedDischargeRate: 1,
            },
          },
        },
        dynamic: {
          stateOfCharge: timed(rng.range(40, 90, 1)),
          fullCycles: timed(0),
          selfDischargingRate: 0,
          power: { fade: timed(0), remaining: timed(100) },
          capacity: { fade: timed(0), throughput: timed(0), capacity: timed(spec.capacityAh) },
          roundTripEfficiency: { fade: timed(0), remaining: timed(100) },
          resistance: {
            increase: { pack: timed(0), cell: timed(0) },
            remaining: { pack: timed(100), cell: timed(100) },
          },
          energy: { soce: timed(100), remaining: timed(spec.energyKwh) },
        },
      },
      conformity: {
        declarationOfConformityId: `EU-DoC-${spec.modelCode}-${spec.year}`,
        declarationOfConformity: [
          doc('EU declaration of conformity', `${base}/declaration-of-conformity.pdf`),
        ],
        resultOfTestReport: [doc('Type approval test report', `${base}/test-report.pdf`)],
        thirdPartyAssurance: [
          doc('Third-party verification of supply-chain due diligence', `${base}/assurance-statement.pdf`),
        ],
        dueDiligencePolicy: [doc('Supply-chain due diligence report', `${base}/due-diligence.pdf`)],
      },
      safety: {
        usableExtinguishAgent: [{ media: 'water', fireClass: 'A' }],
        safetyMeasures: [doc('Safety instructions', `${base}/safety.pdf`)],
        meaningOfLabels: [doc('Meaning of labels and symbols', `${base}/labels.pdf`)],
        dismantling: [doc('Dismantling information', `${base}/dismantling.pdf`)],
      },
      metadata: {
        version: `${spec.recordVersion}.0.0`,
        status: 'approved',
        issueDate: spec.registeredAt.slice(0, 10),
        expirationDate: `${spec.year + 15}${spec.registeredAt.slice(4, 10)}`,
        economicOperatorId: publisher.bpnl,
        passportIdentifier: passportId,
        predecessor: predecessorId,
        backupReference: `${base}/backup`,
      },
      commercial: {
        placedOnMarket: spec.registeredAt.slice(0, 10),
        purpose: [spec.category === 'EV' ? 'automotive' : 'stationary storage'],
      },
      handling: {
        applicable: true,
        content: {
          producer: [{ id: publisher.bpnl }],
          sparePart: [
            {
              manufacturerPartId: `${spec.modelCode}-MOD`,
              nameAtManufacturer: `${spec.cathode} battery module`,
            },
          ],
        },
      },
    },
    supplyChain: { catenaXId, childItems },
  };
}
