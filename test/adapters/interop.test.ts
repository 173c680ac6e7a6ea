/**
 * The bridge as a whole: OU records read as strictly valid Catena-X passports, CX records as valid OU records,
 * through the canonical record and the participant directory; received records (supplier identities and
 * procurement volumes withheld) still map to schema-valid natives on both sides.
 */
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import {
  createParticipantDirectory,
  SENSITIVE_TERM_IRIS,
  termIriAt,
  validateCanonical,
  type CanonicalRecord,
} from '../../adapters/canonical';
import {
  catenaXNativeViolations,
  createCatenaXAdapter,
  passportIdentifiersToCatenaX,
  type CatenaXRecord,
} from '../../adapters/catena-x';
import {
  createOuranosAdapter,
  ouranosSchemaErrors,
  OU_WITHHELD_OPERATOR_ID,
  type OuranosNativeRecord,
} from '../../adapters/ouranos';
import { getAdapter } from '../../adapters';
import { loadShippedPolicy } from '../../policies';
import { generateRecords } from '../../seeds/generator';
import { ouranosSeedRegistry } from '../../seeds/ouranos-records';
import {
  CATENA_X_PARTICIPANTS,
  OURANOS_PARTICIPANTS,
  seedParticipantDirectory,
} from '../../seeds/participants';
import { clone, seedFiles, thrown } from './ouranos/helpers';
import { BATTERY_PASS_SCHEMA_FILE } from './catena-x/fixtures';

const directory = seedParticipantDirectory();
const cx = createCatenaXAdapter({ directory });
const ou = createOuranosAdapter({ registry: ouranosSeedRegistry(), directory });

/** The real BatteryPass 6.1.0 schema from the shared fixtures, compiled as published (no Kakehashi additions). */
const realSchema = JSON.parse(readFileSync(BATTERY_PASS_SCHEMA_FILE, 'utf8')) as object;
const realValidate = new AjvDraft04({ strict: false }).compile(realSchema);

const ouSeeds = seedFiles('ouranos').map((s) => [s.name, s.record as OuranosNativeRecord] as const);
const cxSeeds = seedFiles('catena-x').map((s) => [s.name, s.record as CatenaXRecord] as const);

function ouToCx(record: OuranosNativeRecord): CatenaXRecord {
  return cx.fromCanonical(ou.toCanonical(record)) as CatenaXRecord;
}

describe('OU → canonical → CX', () => {
  it.each(ouSeeds)(
    'seed %s becomes a BatteryPass valid against the real schema, in the strict reading',
    (_n, r) => {
      const native = ouToCx(r);
      expect(catenaXNativeViolations(native)).toEqual([]);
      expect(realValidate(native.batteryPass)).toBe(true);
      // identifiers are the BPNs the directory assigned to the OU publisher and plant
      const publisher = OURANOS_PARTICIPANTS.find((p) => p.operatorId === r.operatorModel.operatorId);
      const plant = publisher?.plants.find((p) => p.plantId === r.plantModel.plantId);
      expect(native.batteryPass.operation?.manufacturer?.manufacturer).toBe(publisher?.bpnl);
      expect(native.batteryPass.metadata?.economicOperatorId).toBe(publisher?.bpnl);
      expect(native.batteryPass.operation?.manufacturer?.facility).toEqual([{ facility: plant?.bpna }]);
      expect(native.supplyChain?.childItems.every((c) => /^BPNL/.test(c.businessPartner ?? ''))).toBe(true);
    },
  );

  it('1,000 generated OU records all become strictly valid BatteryPass documents', () => {
    const failures: string[] = [];
    generateRecords('ouranos', 1000, 11).forEach((r, i) => {
      try {
        const native = ouToCx(r);
        if (!realValidate(native.batteryPass)) failures.push(`${i}: published schema`);
      } catch (err) {
        failures.push(`${i}: ${(err as { code?: string }).code ?? String(err)}`);
      }
    });
    expect(failures).toEqual([]);
  });

  it('OU → canonical → CX → canonical keeps every shared value (identifiers as the directory maps them)', () => {
    for (const r of [...ouSeeds.map(([, s]) => s), ...generateRecords('ouranos', 50, 3)]) {
      const first = ou.toCanonical(r);
      const again = cx.toCanonical(cx.fromCanonical(first));
      const expected = clone(first.credentialSubject) as unknown as Record<string, unknown>;
      passportIdentifiersToCatenaX(expected, directory);
      // the one value CX cannot hold: the footprints' data-quality rating
      const footprints = first.credentialSubject.sustainability?.carbonFootprint ?? [];
      expect(footprints.every((cf) => cf.dataQualityRating !== undefined)).toBe(true);
      for (const cf of (expected as unknown as CanonicalRecord['credentialSubject']).sustainability
        ?.carbonFootprint ?? [])
        delete cf.dataQualityRating;
      expect(again.credentialSubject.certificationReferences).toEqual(
        first.credentialSubject.certificationReferences,
      );
      for (const s of first.credentialSubject.supplyChain?.suppliers ?? [])
        expect(s.supplierIdentifier).toMatch(/^urn:/);
      const suppliers =
        (expected.supplyChain as CanonicalRecord['credentialSubject']['supplyChain'])?.suppliers ?? [];
      for (const s of suppliers) {
        s.supplierIdentifier = directory.participantId(s.supplierIdentifier, 'catena-x') ?? 'unmapped';
        if (s.materialOrigin?.originSiteIdentifier !== undefined)
          s.materialOrigin.originSiteIdentifier = directory.siteId(
            s.materialOrigin.originSiteIdentifier,
            'bpns',
          );
      }
      const { id: _id, type: _type, provenance: _p, ...shared } = expected;
      const { id: _id2, type: _type2, provenance: _p2, ...got } = again.credentialSubject;
      expect(got).toStrictEqual(shared);
      expect(again.credentialSubject.id).toBe(first.credentialSubject.metadata?.passportIdentifier);
    }
  });

  it('the OU schema requires what BatteryPass requires of the passport extension', () => {
    const base = ouSeeds[0][1];
    const broken: Array<(r: OuranosNativeRecord) => void> = [
      (r) => {
        r.batteryModel.passportModel.activeMaterialModels =
          r.batteryModel.passportModel.activeMaterialModels.filter((m) => m.substanceName !== 'cobalt');
      },
      (r) => {
        r.batteryModel.passportModel.dynamicPerformanceModels.shift(); // stateOfCharge
      },
      (r) => {
        const lead = r.batteryModel.passportModel.activeMaterialModels.find(
          (m) => m.substanceName === 'lead',
        );
        delete lead?.concentration;
        delete lead?.concentrationUnit;
      },
      (r) => {
        delete r.batteryModel.passportModel.hazardousSubstanceModels[0].impactDocumentModels;
      },
      (r) => {
        delete r.batteryModel.materialModels[0].renewableContentRate;
      },
    ];
    for (const breakIt of broken) {
      const r = clone(base);
      breakIt(r);
      expect(ouranosSchemaErrors(r).length).toBeGreaterThan(0);
      expect(thrown(() => ou.toCanonical(r)).code).toBe('KH_SCHEMA_INVALID');
    }
  });

  it('without a directory entry for the publisher, fails with KH_MAP_UNKNOWN_PARTICIPANT at its pointer', () => {
    const canonical = ou.toCanonical(ouSeeds[0][1]);
    const bare = createCatenaXAdapter({ directory: createParticipantDirectory([]) });
    const e = thrown(() => bare.fromCanonical(canonical));
    expect(e.code).toBe('KH_MAP_UNKNOWN_PARTICIPANT');
    expect(e.where).toBe('/credentialSubject/operation/manufacturer/manufacturer');
    // the registered adapter has no directory: same typed error, not a schema failure
    expect(thrown(() => getAdapter('catena-x').fromCanonical(canonical)).code).toBe(
      'KH_MAP_UNKNOWN_PARTICIPANT',
    );
    expect(getAdapter('catena-x', { directory }).fromCanonical(canonical)).toEqual(
      cx.fromCanonical(canonical),
    );
  });
});

describe('CX → canonical → OU', () => {
  it.each(cxSeeds)('seed %s becomes a valid OU record with the directory’s OU ids', (_n, r) => {
    const native = ou.fromCanonical(cx.toCanonical(r));
    expect(ouranosSchemaErrors(native)).toEqual([]);
    const publisher = CATENA_X_PARTICIPANTS.find(
      (p) => p.bpnl === r.batteryPass.metadata?.economicOperatorId,
    );
    expect(native.operatorModel.operatorId).toBe(publisher?.operatorId);
    const site = publisher?.sites.find(
      (s) => s.bpna === r.batteryPass.operation?.manufacturer?.facility?.[0].facility,
    );
    expect(native.plantModel.plantId).toBe(site?.plantId);
    const byBpnl = new Map(CATENA_X_PARTICIPANTS.map((p) => [p.bpnl, p.operatorId]));
    expect(native.tradeModels.map((t) => t.tradeModel.upstreamOperatorId)).toEqual(
      r.supplyChain?.childItems.map((c) => byBpnl.get(c.businessPartner ?? '')),
    );
    // and it reads back: OU → canonical → CX is again a strictly valid BatteryPass
    expect(catenaXNativeViolations(ouToCx(native))).toEqual([]);
  });

  it('1,000 generated CX records all become valid OU records', () => {
    const failures: string[] = [];
    generateRecords('catena-x', 1000, 11).forEach((r, i) => {
      try {
        const native = ou.fromCanonical(cx.toCanonical(r));
        if (ouranosSchemaErrors(native).length > 0) failures.push(`${i}: schema`);
      } catch (err) {
        failures.push(`${i}: ${(err as { code?: string }).code ?? String(err)}`);
      }
    });
    expect(failures).toEqual([]);
  });

  it('with a directory, an unknown supplier fails with KH_MAP_UNKNOWN_PARTICIPANT at its pointer', () => {
    const canonical = cx.toCanonical(cxSeeds[0][1]);
    const suppliers = canonical.credentialSubject.supplyChain?.suppliers ?? [];
    suppliers[1].supplierIdentifier = 'BPNL0000000ZZZZZ';
    const e = thrown(() => ou.fromCanonical(canonical));
    expect(e.code).toBe('KH_MAP_UNKNOWN_PARTICIPANT');
    expect(e.where).toBe('/credentialSubject/supplyChain/suppliers/1/supplierIdentifier');
  });
});

/**
 * Every IRI a presentation lacks: the sensitive terms and whatever else the shipped policies withhold (supplied
 * item ids, origin site names and identifiers).
 */
const WITHHELD_IRIS: ReadonlySet<string> = new Set([
  ...SENSITIVE_TERM_IRIS,
  ...loadShippedPolicy('ouranos', 'catena-x').withholds.keys(),
  ...loadShippedPolicy('catena-x', 'ouranos').withholds.keys(),
]);

/** Deletes every withheld claim (supplier identities, procurement volumes), as a presentation would. */
function withhold(record: CanonicalRecord, iris: ReadonlySet<string> = WITHHELD_IRIS): CanonicalRecord {
  const out = clone(record);
  const walk = (node: unknown, p: Array<string | number>): void => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...p, i]));
    else if (typeof node === 'object' && node !== null) {
      const obj = node as Record<string, unknown>;
      for (const key of Object.keys(obj)) {
        const iri = termIriAt([...p, key]);
        if (iri !== undefined && iris.has(iri)) delete obj[key];
        else walk(obj[key], [...p, key]);
      }
    }
  };
  walk(out, []);
  return out;
}

describe('received records: supplier identities and procurement volumes withheld', () => {
  const cases = [
    ...ouSeeds.map(([n, r]) => [n, ou.toCanonical(r)] as const),
    ...cxSeeds.map(([n, r]) => [n, cx.toCanonical(r)] as const),
  ];

  it.each(cases)(
    '%s: both platforms produce schema-valid natives that hold no withheld value',
    (_n, canonical) => {
      const presented = withhold(canonical);
      expect(presented.credentialSubject.supplyChain?.suppliers.length).toBeGreaterThan(0);
      expect(JSON.stringify(presented)).not.toMatch(/supplierName|supplierIdentifier|procurementVolume/);
      validateCanonical(presented, { allowWithheld: true });
      const secrets = (canonical.credentialSubject.supplyChain?.suppliers ?? []).flatMap((s) => [
        s.supplierName ?? '',
        String(s.procurementVolume?.quantity),
        ...[s.supplierIdentifier ?? ''].map((id) => id.replace(/^urn:kakehashi:participant:[a-z-]+:/, '')),
      ]);

      const cxNative = cx.fromCanonical(presented) as CatenaXRecord;
      expect(cx.validateNative(cxNative)).toBe(cxNative);
      expect(catenaXNativeViolations(cxNative)).toEqual([]);
      for (const item of cxNative.supplyChain?.childItems ?? []) {
        expect(item.businessPartner).toBeUndefined();
        expect(item.quantity).toBeUndefined();
        expect(item.withheld).toEqual(['businessPartner', 'businessPartnerName', 'catenaXId', 'quantity']);
      }

      const ouNative = ou.fromCanonical(presented);
      expect(ou.validateNative(ouNative)).toBe(ouNative);
      for (const t of ouNative.tradeModels) {
        expect(t.tradeModel.upstreamOperatorId).toBe(OU_WITHHELD_OPERATOR_ID);
        expect(t.upstreamOperatorName).toBeUndefined();
        expect(t.procurementModel).toBeUndefined();
        expect(t.withheldItems).toEqual([
          'upstreamOperatorId',
          'upstreamOperatorName',
          'upstreamTraceId',
          'procurementModel',
        ]);
      }
      const text = JSON.stringify([cxNative, ouNative]);
      for (const secret of secrets) if (secret.length > 3) expect(text).not.toContain(secret);

      // the received natives read back as presentations: nothing withheld reappears
      const back = [cx.toCanonical(cxNative), ou.toCanonical(ouNative)];
      for (const b of back) {
        validateCanonical(b, { allowWithheld: true });
        expect(
          b.credentialSubject.supplyChain?.suppliers.every((s) => s.supplierIdentifier === undefined),
        ).toBe(true);
      }
    },
  );

  it('with only the sensitive terms withheld, items keep their other members and say what is missing', () => {
    const canonical = cx.toCanonical(cxSeeds[0][1]);
    const presented = withhold(canonical, new Set(SENSITIVE_TERM_IRIS));
    const cxNative = cx.fromCanonical(presented) as CatenaXRecord;
    const item = cxNative.supplyChain?.childItems[0];
    expect(item?.withheld).toEqual(['businessPartner', 'businessPartnerName', 'quantity']);
    expect(item?.catenaXId).toBe(cxSeeds[0][1].supplyChain?.childItems[0].catenaXId);
    expect(item?.origin).toEqual(cxSeeds[0][1].supplyChain?.childItems[0].origin);
    const ouNative = ou.fromCanonical(presented);
    expect(ouNative.tradeModels[0].withheldItems).toEqual([
      'upstreamOperatorId',
      'upstreamOperatorName',
      'procurementModel',
    ]);
    expect(ouNative.tradeModels[0].materialOriginModel?.originPlantId).toBe(
      CATENA_X_PARTICIPANTS.flatMap((p) => p.sites).find(
        (s) => s.bpns === cxSeeds[0][1].supplyChain?.childItems[0].origin?.site,
      )?.plantId,
    );
  });

  it('an OU trade with the nil operator id must say it was withheld', () => {
    const native = ou.fromCanonical(withhold(ou.toCanonical(ouSeeds[0][1])));
    const broken = clone(native);
    delete broken.tradeModels[0].withheldItems;
    expect(thrown(() => ou.validateNative(broken)).code).toBe('KH_SCHEMA_INVALID');
  });
});
