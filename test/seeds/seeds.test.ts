import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import path from 'node:path';
import { validateCatenaXNative } from '../../adapters/catena-x';
import type { CatenaXRecord } from '../../adapters/catena-x/types';
import { validateOuranosNative, type OuranosNativeRecord } from '../../adapters/ouranos';
import {
  corporateNumber,
  corporateNumberCheckDigit,
  isValidCorporateNumber,
} from '../../seeds/corporate-number';
import { generateRecords } from '../../seeds/generator';
import { SEED_FILE_COUNT, SEED_FILE_SEED } from '../../seeds/build-seed-files';
import {
  CATENA_X_PARTICIPANTS,
  OURANOS_PARTICIPANTS,
  participantIri,
  seedDirectoryEntries,
  seedParticipantDirectory,
} from '../../seeds/participants';
import { FIXTURES, readJson, seedFiles } from '../adapters/ouranos/helpers';

const BATTERY_PASS_SCHEMA = path.join(
  FIXTURES,
  'catena-x/sldt-semantic-models/io.catenax.battery.battery_pass/6.1.0/gen/BatteryPass-schema.json',
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('participants', () => {
  const roles = ['packMaker', 'cellMaker', 'cathodeMaterialSupplier', 'refiner', 'certifier'];
  it('every platform has the required roles', () => {
    for (const list of [OURANOS_PARTICIPANTS, CATENA_X_PARTICIPANTS]) {
      const present = new Set(list.map((p) => p.role));
      for (const role of roles) expect(present).toContain(role);
    }
  });
  it('OU companies: UUID operatorId, 13-digit corporate number with a valid check digit, unique ids', () => {
    for (const p of OURANOS_PARTICIPANTS) {
      expect(p.operatorId).toMatch(UUID);
      expect(isValidCorporateNumber(p.openOperatorId)).toBe(true);
      for (const plant of p.plants) {
        expect(plant.plantId).toMatch(UUID);
        expect(plant.openPlantId).toMatch(/^[0-9]{6,26}$/);
      }
    }
    expect(new Set(OURANOS_PARTICIPANTS.map((p) => p.operatorId)).size).toBe(OURANOS_PARTICIPANTS.length);
    expect(participantIri(OURANOS_PARTICIPANTS[0])).toBe(
      `urn:kakehashi:participant:ouranos:${OURANOS_PARTICIPANTS[0].operatorId}`,
    );
  });
  it('CX companies: BPNL, BPNS and BPNA numbers', () => {
    for (const p of CATENA_X_PARTICIPANTS) {
      expect(p.bpnl).toMatch(/^BPNL[0-9A-Z]{12}$/);
      for (const s of p.sites) {
        expect(s.bpns).toMatch(/^BPNS[0-9A-Z]{12}$/);
        expect(s.bpna).toMatch(/^BPNA[0-9A-Z]{12}$/);
      }
    }
    expect(new Set(CATENA_X_PARTICIPANTS.map((p) => p.bpnl)).size).toBe(CATENA_X_PARTICIPANTS.length);
  });

  it('directory data: every company and site has an identifier on both platforms, unique across the federation', () => {
    const bpnls = [...OURANOS_PARTICIPANTS.map((p) => p.bpnl), ...CATENA_X_PARTICIPANTS.map((p) => p.bpnl)];
    const operatorIds = [
      ...OURANOS_PARTICIPANTS.map((p) => p.operatorId),
      ...CATENA_X_PARTICIPANTS.map((p) => p.operatorId),
    ];
    const ouSites = OURANOS_PARTICIPANTS.flatMap((p) => p.plants);
    const cxSites = CATENA_X_PARTICIPANTS.flatMap((p) => p.sites);
    const bpns = [...ouSites.map((s) => s.bpns), ...cxSites.map((s) => s.bpns)];
    const bpnas = [...ouSites.map((s) => s.bpna), ...cxSites.map((s) => s.bpna)];
    const plantIds = [...ouSites.map((s) => s.plantId), ...cxSites.map((s) => s.plantId)];
    for (const b of bpnls) expect(b).toMatch(/^BPNL[0-9A-Z]{12}$/);
    for (const b of bpns) expect(b).toMatch(/^BPNS[0-9A-Z]{12}$/);
    for (const b of bpnas) expect(b).toMatch(/^BPNA[0-9A-Z]{12}$/);
    for (const id of [...operatorIds, ...plantIds])
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const list of [bpnls, operatorIds, bpns, bpnas, plantIds])
      expect(new Set(list).size).toBe(list.length);
    const directory = seedParticipantDirectory();
    expect(seedDirectoryEntries()).toHaveLength(OURANOS_PARTICIPANTS.length + CATENA_X_PARTICIPANTS.length);
    for (const p of OURANOS_PARTICIPANTS)
      expect(directory.participantId(p.operatorId, 'catena-x')).toBe(p.bpnl);
    for (const p of CATENA_X_PARTICIPANTS)
      expect(directory.participantId(p.bpnl, 'ouranos')).toBe(p.operatorId);
    for (const s of cxSites) expect(directory.siteId(s.bpns, 'plantId')).toBe(s.plantId);
    for (const s of ouSites) expect(directory.siteId(s.plantId, 'bpns')).toBe(s.bpns);
  });
  it('corporate-number check digit (National Tax Agency rule)', () => {
    expect(corporateNumberCheckDigit('000012050002')).toBe(7); // 7000012050002, the National Tax Agency itself
    expect(corporateNumber('999901107919')).toBe('8999901107919');
    expect(isValidCorporateNumber('1999901107919')).toBe(false);
    expect(() => corporateNumberCheckDigit('12345')).toThrow(RangeError);
  });
});

describe('generateRecords', () => {
  it('is deterministic in the seed and differs between seeds', () => {
    expect(generateRecords('ouranos', 5, 42)).toStrictEqual(generateRecords('ouranos', 5, 42));
    expect(generateRecords('catena-x', 5, 42)).toStrictEqual(generateRecords('catena-x', 5, 42));
    expect(generateRecords('ouranos', 5, 42)).not.toStrictEqual(generateRecords('ouranos', 5, 43));
  });
  it('record i depends only on (seed, i)', () => {
    expect(generateRecords('ouranos', 8, 9).slice(0, 3)).toStrictEqual(generateRecords('ouranos', 3, 9));
  });
  it('returns n records, and refuses a bad n', () => {
    expect(generateRecords('catena-x', 0, 1)).toEqual([]);
    expect(generateRecords('ouranos', 3, 1)).toHaveLength(3);
    expect(() => generateRecords('ouranos', -1, 1)).toThrow(RangeError);
    expect(() => generateRecords('ouranos', 1.5, 1)).toThrow(RangeError);
  });
  it('OU records validate and look realistic', () => {
    const records = generateRecords('ouranos', 200, 3);
    const countries = new Set<string>();
    const chemistries = new Set<string>();
    for (const r of records) {
      validateOuranosNative(r);
      chemistries.add(r.batteryModel.batteryChemistry);
      const perKwh = r.cfpModels.reduce((sum, c) => sum + c.ghgEmission, 0);
      expect(perKwh).toBeGreaterThanOrEqual(50);
      expect(perKwh).toBeLessThanOrEqual(115);
      const ids = new Set(r.tradeModels.map((t) => t.tradeModel.tradeId));
      expect(ids.size).toBe(r.tradeModels.length);
      for (const t of r.tradeModels) {
        countries.add(t.materialOriginModel?.originCountryCode ?? '');
        expect(t.procurementModel?.procurementAmountUnit).toBe('ton');
        expect(t.procurementModel?.procurementAmount).toBeGreaterThan(100);
      }
      for (const m of r.batteryModel.materialModels) expect(m.recycledContentRate).toBeLessThanOrEqual(50);
      expect(r.batteryModel.ratedEnergy / r.batteryModel.batteryMass).toBeGreaterThan(0.12);
    }
    for (const c of ['CA', 'AU', 'CL', 'ID', 'JP']) expect(countries).toContain(c);
    expect(chemistries).toEqual(new Set(['NMC', 'LFP']));
  });
});

describe('seed files', () => {
  it('are what the generator produces (seeds/build-seed-files.ts)', () => {
    const ou = generateRecords('ouranos', SEED_FILE_COUNT, SEED_FILE_SEED);
    const cx = generateRecords('catena-x', SEED_FILE_COUNT, SEED_FILE_SEED);
    expect(seedFiles('ouranos').map((f) => f.record)).toStrictEqual(ou);
    expect(seedFiles('catena-x').map((f) => f.record)).toStrictEqual(cx);
  });

  it('each platform has at least 10 records, NMC and LFP', () => {
    const ou = seedFiles('ouranos').map((f) => f.record as OuranosNativeRecord);
    const cx = seedFiles('catena-x').map((f) => f.record as CatenaXRecord);
    expect(ou.length).toBeGreaterThanOrEqual(10);
    expect(cx.length).toBeGreaterThanOrEqual(10);
    expect(new Set(ou.map((r) => r.batteryModel.batteryChemistry))).toEqual(new Set(['NMC', 'LFP']));
    expect(new Set(cx.map((r) => r.batteryPass.identification?.chemistry))).toEqual(
      new Set(['Nickel Cobalt Manganese (NCM)', 'Lithium Iron Phosphate (LFP)']),
    );
  });

  describe('CX seeds against the real BatteryPass 6.1.0 schema and the companion aspect', () => {
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(readJson(BATTERY_PASS_SCHEMA) as object);
    it.each(seedFiles('catena-x').map((f) => [f.name, f.record as CatenaXRecord]))('%s', (_name, record) => {
      const ok = validate(record.batteryPass);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
      expect(() => validateCatenaXNative(record)).not.toThrow();
      expect(record.supplyChain?.childItems.every((c) => c.quantity?.unit === 'unit:tonneMetricTon')).toBe(
        true,
      );
    });
    it('generated CX records validate too', () => {
      for (const r of generateRecords('catena-x', 50, 11)) {
        expect(validate(r.batteryPass)).toBe(true);
        validateCatenaXNative(r);
      }
    });
  });
});
