import { isDeepStrictEqual } from 'node:util';
import { validateCanonical } from '../../../adapters/canonical/validate';
import type { CanonicalRecord } from '../../../adapters/canonical/types';
import {
  catenaXToCanonical,
  companionToSupplyChain,
  supplyChainToCompanion,
} from '../../../adapters/catena-x';
import {
  canonicalToOuranos,
  ouranosAdapter,
  createOuranosAdapter,
  ouranosToCanonical,
  validateOuranosNative,
  OU_CFP_TYPES,
  OU_GHG_DECLARED_UNITS,
  type OuranosNativeRecord,
} from '../../../adapters/ouranos';
import { CFP_TYPE_TO_LIFECYCLE, GHG_UNIT_TO_CANONICAL } from '../../../adapters/ouranos/codes';
import { generateRecords } from '../../../seeds/generator';
import { ouranosSeedRegistry } from '../../../seeds/ouranos-records';
import { seedParticipantDirectory } from '../../../seeds/participants';
import { clone, seedFiles, thrown } from './helpers';

const registry = ouranosSeedRegistry();
const seeds = seedFiles('ouranos').map((s) => [s.name, s.record as OuranosNativeRecord] as const);

describe('OU → canonical → OU round trip', () => {
  it.each(seeds)('is the identity on seed %s, and the canonical record is valid', (_name, record) => {
    const canonical = ouranosToCanonical(record);
    expect(() => validateCanonical(canonical)).not.toThrow();
    expect(canonicalToOuranos(canonical, { registry })).toStrictEqual(record);
  });

  it('is the identity on 1,000 generated records', () => {
    const records = generateRecords('ouranos', 1000, 7);
    const failures: number[] = [];
    records.forEach((record, i) => {
      validateOuranosNative(record);
      const back = canonicalToOuranos(ouranosToCanonical(record), { registry });
      if (!isDeepStrictEqual(back, record)) failures.push(i);
    });
    expect(failures).toEqual([]);
  });

  it('through the PlatformAdapter (validate, map, map back, validate)', () => {
    const adapter = createOuranosAdapter({ registry });
    const record = seeds[0][1];
    const canonical = adapter.toCanonical(record);
    expect(canonical.issuer).toBe(`urn:kakehashi:participant:ouranos:${record.operatorModel.operatorId}`);
    expect(canonical.credentialSubject.provenance).toEqual({
      sourcePlatform: 'ouranos',
      publisher: canonical.issuer,
      recordId: record.recordId,
      recordVersion: String(record.recordVersion),
    });
    expect(adapter.fromCanonical(canonical)).toStrictEqual(record);
    expect(adapter.platform).toBe('ouranos');
  });

  it('toCanonical validates first and applies the envelope overrides', () => {
    const bad = clone(seeds[0][1]) as unknown as Record<string, unknown>;
    delete bad.recordId;
    expect(thrown(() => ouranosAdapter.toCanonical(bad)).code).toBe('KH_SCHEMA_INVALID');
    const c = ouranosAdapter.toCanonical(seeds[0][1], {
      validFrom: '2030-01-01T00:00:00Z',
      recordVersion: '9',
    });
    expect(c.validFrom).toBe('2030-01-01T00:00:00Z');
    expect(c.credentialSubject.provenance.recordVersion).toBe('9');
  });

  it('is deterministic', () => {
    expect(ouranosToCanonical(seeds[1][1])).toStrictEqual(ouranosToCanonical(clone(seeds[1][1])));
  });
});

describe('OU → canonical: explicit transforms', () => {
  const record = seeds[0][1];
  const canonical = ouranosToCanonical(record);
  const subject = canonical.credentialSubject;

  it('cfpType ⇄ life-cycle stage is one-to-one over the whole OU code list', () => {
    const stages = OU_CFP_TYPES.map((t) => CFP_TYPE_TO_LIFECYCLE[t]);
    expect(new Set(stages).size).toBe(OU_CFP_TYPES.length);
    expect(CFP_TYPE_TO_LIFECYCLE.preProduction).toBe('raw material acquisition and pre-processing');
    expect(CFP_TYPE_TO_LIFECYCLE.mainProduction).toBe('main product production');
  });

  it('ghgDeclaredUnit ⇄ canonical unit is one-to-one; kgCO2e/kilowatt-hour is BatteryPass "kg CO2 / kWh"', () => {
    expect(new Set(OU_GHG_DECLARED_UNITS.map((u) => GHG_UNIT_TO_CANONICAL[u])).size).toBe(
      OU_GHG_DECLARED_UNITS.length,
    );
    expect(subject.sustainability?.carbonFootprint?.every((cf) => cf.unit === 'kg CO2 / kWh')).toBe(true);
  });

  it('maps category, chemistry, mass unit, supplier relations and procurement units', () => {
    expect(subject.identification?.category).toBe('EV');
    expect(subject.characteristics?.physicalDimension?.weight).toEqual({
      value: record.batteryModel.batteryMass,
      unit: 'unit:kilogram',
    });
    const trade = record.tradeModels[0];
    const supplier = subject.supplyChain?.suppliers[0];
    expect(supplier).toMatchObject({
      tier: trade.supplierTier,
      supplierName: trade.upstreamOperatorName,
      supplierIdentifier: `urn:kakehashi:participant:ouranos:${trade.tradeModel.upstreamOperatorId}`,
      suppliedItemId: `urn:uuid:${trade.tradeModel.upstreamTraceId}`,
      procurementVolume: { quantity: trade.procurementModel?.procurementAmount, unit: 'TNE' },
    });
    expect(subject.supplyChain?.suppliers.map((s) => s.tier)).toEqual(
      record.tradeModels.map((t) => t.supplierTier),
    );
  });

  it('canonical procurement units without an OU code are converted or refused', () => {
    const c = clone(canonical);
    const volume = c.credentialSubject.supplyChain?.suppliers[0].procurementVolume;
    if (volume === undefined) throw new Error('seed without procurement volume');
    volume.unit = 'GRM';
    volume.quantity = 2_500_000;
    const back = canonicalToOuranos(c, { registry });
    expect(back.tradeModels[0].procurementModel).toMatchObject({
      procurementAmount: 2500,
      procurementAmountUnit: 'kilogram',
    });
    volume.unit = 'H87';
    const error = thrown(() => canonicalToOuranos(c, { registry }));
    expect(error.code).toBe('KH_OURANOS_UNMAPPABLE');
    expect(error.where).toBe('/credentialSubject/supplyChain/suppliers/0/procurementVolume/unit');
  });

  it('a canonical record without a category or with an unknown chemistry is refused', () => {
    const c = clone(canonical);
    delete c.credentialSubject.identification?.category;
    expect(thrown(() => canonicalToOuranos(c)).code).toBe('KH_OURANOS_UNMAPPABLE');
    const d = clone(canonical);
    if (d.credentialSubject.identification) d.credentialSubject.identification.chemistry = 'Sodium-ion';
    expect(thrown(() => canonicalToOuranos(d)).where).toBe('/credentialSubject/identification/chemistry');
  });
});

describe('canonical with withheld claims and from the other platform', () => {
  it('a presentation without supplier names and procurement volumes still maps to a valid OU record', () => {
    const c = clone(ouranosToCanonical(seeds[2][1]));
    for (const s of c.credentialSubject.supplyChain?.suppliers ?? []) {
      delete s.supplierName;
      delete s.procurementVolume;
    }
    const back = validateOuranosNative(canonicalToOuranos(c, { registry }));
    expect(
      back.tradeModels.every((t) => t.upstreamOperatorName === undefined && t.procurementModel === undefined),
    ).toBe(true);
    expect(back.tradeModels.length).toBe(seeds[2][1].tradeModels.length);
  });

  it('without a registry the publisher and plant are built from identifiers and still validate', () => {
    const back = ouranosAdapter.fromCanonical(ouranosToCanonical(seeds[0][1]));
    expect(back.operatorModel.operatorId).toBe(seeds[0][1].operatorModel.operatorId);
    expect(back.plantModel.plantId).toBe(seeds[0][1].plantModel.plantId);
    expect(back.cfpModels).toStrictEqual(seeds[0][1].cfpModels);
  });

  it.each(seedFiles('catena-x').map((s) => [s.name, s.record]))(
    'CX seed %s → canonical → OU keeps the shared values',
    (_name, cx) => {
      const canonical: CanonicalRecord = catenaXToCanonical(cx);
      const ou = ouranosAdapter.fromCanonical(canonical);
      const s = canonical.credentialSubject;
      expect(ou.batteryModel.ratedEnergy).toBe(s.performance?.rated?.energy?.value);
      expect(ou.batteryModel.ratedCapacity).toBe(s.performance?.rated?.capacity?.value);
      expect(ou.batteryModel.batteryMass).toBe(s.characteristics?.physicalDimension?.weight?.value);
      expect(ou.partsStructureModel.parentPartsModel.partsName).toBe(
        s.identification?.identification?.type?.manufacturerPartId,
      );
      const raw = s.sustainability?.carbonFootprint?.find(
        (cf) => cf.lifecycle === 'raw material acquisition and pre-processing',
      );
      expect(ou.cfpModels.find((m) => m.cfpType === 'preProduction')?.ghgEmission).toBe(raw?.value);
      expect(ou.tradeModels.map((t) => t.supplierTier)).toEqual(s.supplyChain?.suppliers.map((x) => x.tier));
      expect(ou.tradeModels.map((t) => t.materialOriginModel?.originCountryCode)).toEqual(
        s.supplyChain?.suppliers.map((x) => x.materialOrigin?.originCountry),
      );
      // back to canonical: every value both formats carry is unchanged
      const again = ouranosToCanonical(ou).credentialSubject;
      expect(again.identification?.category).toBe(s.identification?.category);
      expect(again.materials?.composition?.map((m) => [m.id, m.concentration, m.recycled])).toEqual(
        s.materials?.composition?.map((m) => [m.id, m.concentration, m.recycled]),
      );
      expect(
        again.supplyChain?.suppliers.map((x) => [x.supplierName, x.procurementVolume, x.suppliedMaterial]),
      ).toEqual(
        s.supplyChain?.suppliers.map((x) => [x.supplierName, x.procurementVolume, x.suppliedMaterial]),
      );
    },
  );

  it('OU supply chain → CX companion → canonical keeps every shared value (identifiers through the directory)', () => {
    const directory = seedParticipantDirectory();
    for (const [, record] of seeds) {
      const subject = ouranosToCanonical(record).credentialSubject;
      const supplyChain = subject.supplyChain;
      if (supplyChain === undefined) throw new Error('seed without supply chain');
      const again = companionToSupplyChain(
        supplyChainToCompanion(supplyChain, subject.id, 'ouranos', directory),
      );
      const expected = clone(supplyChain);
      for (const s of expected.suppliers) {
        s.supplierIdentifier = directory.participantId(s.supplierIdentifier, 'catena-x') ?? 'unmapped';
        if (s.materialOrigin?.originSiteIdentifier !== undefined)
          s.materialOrigin.originSiteIdentifier = directory.siteId(
            s.materialOrigin.originSiteIdentifier,
            'bpns',
          );
      }
      expect(again).toStrictEqual(expected);
      expect(again.suppliers.every((s) => /^BPNL/.test(s.supplierIdentifier ?? ''))).toBe(true);
    }
  });
});
