import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import {
  businessPartnerOf,
  canonicalToCatenaX,
  catenaXAdapter,
  catenaXMissingRequired,
  catenaXNativeViolations,
  createCatenaXAdapter,
  siteOf,
  catenaXToCanonical,
  REC20_TO_SAMM,
  SAMM_TO_REC20,
  type CatenaXRecord,
} from '../../../adapters/catena-x';
import { assertFullyDefined, canonicalViolations, type CanonicalRecord } from '../../../adapters/canonical';
import { createParticipantDirectory } from '../../../adapters/canonical/directory';
import { getAdapter } from '../../../adapters';
import { BATTERY_PASS_SCHEMA_FILE, correctedExample, realExample, sampleCompanion, setAt } from './fixtures';

const publishedValidate = new AjvDraft04({ strict: false }).compile(
  JSON.parse(readFileSync(BATTERY_PASS_SCHEMA_FILE, 'utf8')),
);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('Catena-X ⇄ canonical mapping', () => {
  it('refuses the published example as is (impossible intoServiceDate)', () => {
    expect(codeOf(() => catenaXToCanonical(realExample()))).toBe('KH_SCHEMA_INVALID');
  });

  it('maps the corrected example to canonical and back to the identical BatteryPass, valid against the real schema', async () => {
    const input = correctedExample();
    const canonical = catenaXToCanonical(input);
    expect(canonicalViolations(canonical)).toEqual([]);
    await assertFullyDefined(canonical);
    const back = canonicalToCatenaX(canonical);
    expect(back).toEqual(input);
    expect(JSON.stringify(back)).toBe(JSON.stringify(input)); // same key order too
    expect(publishedValidate(back)).toBe(true);
  });

  it('builds the envelope and provenance from metadata, deterministically', () => {
    const canonical = catenaXToCanonical(correctedExample());
    expect(canonical['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://w3id.org/kakehashi/v1',
    ]);
    expect(canonical.type).toEqual(['VerifiableCredential', 'BatteryPassportCredential']);
    expect(canonical.issuer).toBe('urn:kakehashi:participant:catena-x:BPNL0123456789ZZ');
    expect(canonical.validFrom).toBe('2000-01-01T00:00:00Z');
    expect(canonical.id).toBe(
      'urn:kakehashi:record:catena-x:urn:uuid:550e8400-e29b-41d4-a716-446655440000:1.0.0',
    );
    expect(canonical.credentialSubject.id).toBe('urn:uuid:550e8400-e29b-41d4-a716-446655440000');
    expect(canonical.credentialSubject.type).toBe('BatteryPassport');
    expect(canonical.credentialSubject.provenance).toEqual({
      sourcePlatform: 'catena-x',
      publisher: 'urn:kakehashi:participant:catena-x:BPNL0123456789ZZ',
      recordId: 'urn:uuid:550e8400-e29b-41d4-a716-446655440000',
      recordVersion: '1.0.0',
    });
    expect(catenaXToCanonical(correctedExample())).toEqual(canonical);
  });

  it('takes envelope choices from meta', () => {
    const canonical = catenaXToCanonical(correctedExample(), {
      publisher: 'urn:kakehashi:participant:catena-x:BPNL000000000001',
      recordId: 'rec-1',
      recordVersion: '7',
      credentialId: 'urn:example:cred:1',
      validFrom: '2025-01-02T03:04:05Z',
      validUntil: '2030-01-01T00:00:00Z',
    });
    expect(canonical.issuer).toBe('urn:kakehashi:participant:catena-x:BPNL000000000001');
    expect(canonical.id).toBe('urn:example:cred:1');
    expect(canonical.validUntil).toBe('2030-01-01T00:00:00Z');
    expect(canonical.credentialSubject.provenance).toMatchObject({ recordId: 'rec-1', recordVersion: '7' });
  });

  it('gives a bare-UUID passport identifier an urn:uuid subject id and keeps the identifier unchanged', () => {
    const input = correctedExample();
    setAt(input, '/metadata/passportIdentifier', '550e8400-e29b-41d4-a716-446655440000');
    const canonical = catenaXToCanonical(input);
    expect(canonical.credentialSubject.id).toBe('urn:uuid:550e8400-e29b-41d4-a716-446655440000');
    expect(canonicalToCatenaX(canonical)).toEqual(input);
  });

  it('carries the supply-chain companion into supplyChain and back, with the unit transform', async () => {
    const input: CatenaXRecord = { batteryPass: correctedExample(), supplyChain: sampleCompanion() };
    const canonical = catenaXToCanonical(input);
    const supplyChain = canonical.credentialSubject.supplyChain;
    expect(supplyChain?.itemId).toBe('urn:uuid:3f9b1c2e-7a44-4b8e-9c1d-2e5f6a7b8c9d');
    expect(supplyChain?.suppliers[1]).toEqual({
      tier: 2,
      supplierName: 'Refinery Oy',
      supplierIdentifier: 'BPNL00000004COBA',
      suppliedMaterial: 'cobalt sulfate',
      materialOrigin: {
        originCountry: 'FI',
        originSiteType: 'refinery',
        originSiteName: 'Kokkola',
        originSiteIdentifier: 'BPNS00000004SITE',
      },
      procurementVolume: { quantity: 12.5, unit: 'TNE', period: { start: '2025-01-01', end: '2025-06-30' } },
    });
    expect(supplyChain?.suppliers[0].procurementVolume?.unit).toBe('H87');
    expect(supplyChain?.suppliers[2]).toEqual({
      tier: 3,
      supplierIdentifier: 'BPNL00000005MINE',
      suppliedMaterial: 'cobalt ore',
      materialOrigin: { originCountry: 'CD', originSiteType: 'mine' },
    });
    await assertFullyDefined(canonical);
    expect(canonicalToCatenaX(canonical)).toEqual(input);
  });

  it('maps procurement units one to one', () => {
    for (const [rec20, samm] of Object.entries(REC20_TO_SAMM)) {
      expect(SAMM_TO_REC20[samm]).toBe(rec20);
    }
    expect(Object.keys(SAMM_TO_REC20)).toHaveLength(Object.keys(REC20_TO_SAMM).length);
  });

  it('validates what it produces: a canonical record CX cannot hold fails with CX pointers', () => {
    const canonical = catenaXToCanonical(correctedExample());
    const partial = JSON.parse(JSON.stringify(canonical)) as CanonicalRecord;
    delete partial.credentialSubject.performance;
    try {
      canonicalToCatenaX(partial);
      throw new Error('expected failure');
    } catch (err) {
      const e = err as { code: string; details: { errors: { pointer: string; rule: string }[] } };
      expect(e.code).toBe('KH_SCHEMA_INVALID');
      expect(e.details.errors).toContainEqual(
        expect.objectContaining({ pointer: '/performance', rule: 'required' }),
      );
    }
  });

  it('uses the subject id as the companion catenaXId when the canonical supply chain has no itemId', () => {
    const canonical = catenaXToCanonical({ batteryPass: correctedExample(), supplyChain: sampleCompanion() });
    delete canonical.credentialSubject.supplyChain?.itemId;
    const back = canonicalToCatenaX(canonical) as CatenaXRecord;
    expect(back.supplyChain?.catenaXId).toBe(canonical.credentialSubject.id);
  });

  it('comes back as a bare BatteryPass from a record without companion', () => {
    expect(canonicalToCatenaX(catenaXToCanonical({ batteryPass: correctedExample() }))).toEqual(
      correctedExample(),
    );
  });

  it('with allowIncomplete, maps a partial passport and reports what BatteryPass still requires', () => {
    const canonical = catenaXToCanonical(correctedExample());
    const partial = JSON.parse(JSON.stringify(canonical)) as CanonicalRecord;
    delete partial.credentialSubject.performance;
    delete partial.credentialSubject.materials?.active?.cobalt;
    const native = canonicalToCatenaX(partial, { allowIncomplete: true });
    expect(catenaXMissingRequired(native)).toEqual(['/performance', '/materials/active/cobalt']);
    // what is present is still checked
    setAt(partial, '/credentialSubject/operation/intoServiceDate', '2024-02-30');
    expect(codeOf(() => canonicalToCatenaX(partial, { allowIncomplete: true }))).toBe('KH_SCHEMA_INVALID');
    expect(createCatenaXAdapter({ allowIncomplete: true }).fromCanonical(canonical)).toEqual(
      correctedExample(),
    );
  });

  it('maps a presentation whose supplier identities and volumes were withheld to a strictly valid record', () => {
    const canonical = catenaXToCanonical({ batteryPass: correctedExample(), supplyChain: sampleCompanion() });
    const presented = JSON.parse(JSON.stringify(canonical)) as CanonicalRecord;
    for (const s of presented.credentialSubject.supplyChain?.suppliers ?? []) {
      const partial = s as Partial<typeof s>;
      delete partial.supplierIdentifier;
      delete partial.supplierName;
      delete partial.procurementVolume;
    }
    const native = canonicalToCatenaX(presented) as CatenaXRecord;
    expect(catenaXNativeViolations(native)).toEqual([]);
    expect(native.supplyChain?.childItems[1]).toEqual({
      tier: 2,
      material: 'cobalt sulfate',
      origin: { country: 'FI', siteType: 'refinery', siteName: 'Kokkola', site: 'BPNS00000004SITE' },
      // absent sensitive members: this item never had a catenaXId, the others were withheld
      withheld: ['businessPartner', 'businessPartnerName', 'catenaXId', 'quantity'],
    });
    expect(JSON.stringify(native)).not.toContain('BPNL00000004COBA');
    expect(JSON.stringify(native)).not.toContain('Refinery Oy');
    // and reads back as a presentation-shaped canonical record
    const again = catenaXToCanonical(native);
    expect(again.credentialSubject.supplyChain?.suppliers[1].supplierIdentifier).toBeUndefined();
  });

  it('rejects a companion child item with neither businessPartner nor withheld, or with both', () => {
    const companion = sampleCompanion();
    delete (companion.childItems[0] as { businessPartner?: string }).businessPartner;
    expect(
      codeOf(() => catenaXToCanonical({ batteryPass: correctedExample(), supplyChain: companion })),
    ).toBe('KH_SCHEMA_INVALID');
    const both = sampleCompanion();
    both.childItems[0].withheld = ['businessPartner'];
    expect(codeOf(() => catenaXToCanonical({ batteryPass: correctedExample(), supplyChain: both }))).toBe(
      'KH_SCHEMA_INVALID',
    );
  });

  it('writes participant and site identifiers of another platform as the BPNL/BPNS/BPNA of the participant directory', () => {
    const directory = createParticipantDirectory([
      {
        ouranos: { operatorId: '437da520-114d-4b02-bbac-20139bc82d43' },
        'catena-x': { bpnl: 'BPNL00000J01SKRG' },
        sites: [
          {
            ouranos: { plantId: '1ac8f644-48e5-409c-bbc8-36d4de43074c' },
            'catena-x': { bpns: 'BPNS00000J01PLNT', bpna: 'BPNA00000J01PLNT' },
          },
        ],
      },
    ]);
    const ouIri = 'urn:kakehashi:participant:ouranos:437da520-114d-4b02-bbac-20139bc82d43';
    const ouSite = 'urn:kakehashi:site:ouranos:1ac8f644-48e5-409c-bbc8-36d4de43074c';
    expect(businessPartnerOf('BPNL00000004COBA', 'ouranos', directory)).toBe('BPNL00000004COBA');
    expect(businessPartnerOf(ouIri, 'ouranos', directory)).toBe('BPNL00000J01SKRG');
    // a bare OU operatorId of an OU record
    expect(businessPartnerOf('437da520-114d-4b02-bbac-20139bc82d43', 'ouranos', directory)).toBe(
      'BPNL00000J01SKRG',
    );
    expect(siteOf(ouSite, directory)).toBe('BPNS00000J01PLNT');
    expect(siteOf('BPNS00000004SITE', directory)).toBe('BPNS00000004SITE');
    expect(
      codeOf(() => businessPartnerOf('urn:kakehashi:participant:ouranos:op-7', 'ouranos', directory)),
    ).toBe('KH_MAP_UNKNOWN_PARTICIPANT');

    const canonical = catenaXToCanonical({ batteryPass: correctedExample(), supplyChain: sampleCompanion() });
    const fromOu = JSON.parse(JSON.stringify(canonical)) as CanonicalRecord;
    fromOu.credentialSubject.provenance.sourcePlatform = 'ouranos';
    setAt(fromOu, '/credentialSubject/operation/manufacturer/manufacturer', ouIri);
    setAt(fromOu, '/credentialSubject/operation/manufacturer/facility', [{ facility: ouSite }]);
    setAt(fromOu, '/credentialSubject/metadata/economicOperatorId', ouIri);
    setAt(fromOu, '/credentialSubject/supplyChain/suppliers/0/supplierIdentifier', ouIri);
    setAt(fromOu, '/credentialSubject/supplyChain/suppliers/1/materialOrigin/originSiteIdentifier', ouSite);
    expect(canonicalViolations(fromOu)).toEqual([]);
    const native = createCatenaXAdapter({ directory }).fromCanonical(fromOu) as CatenaXRecord;
    expect(native.batteryPass.operation?.manufacturer?.manufacturer).toBe('BPNL00000J01SKRG');
    expect(native.batteryPass.operation?.manufacturer?.facility).toEqual([{ facility: 'BPNA00000J01PLNT' }]);
    expect(native.batteryPass.metadata?.economicOperatorId).toBe('BPNL00000J01SKRG');
    expect(native.supplyChain?.childItems[0].businessPartner).toBe('BPNL00000J01SKRG');
    expect(native.supplyChain?.childItems[1].origin?.site).toBe('BPNS00000J01PLNT');
    expect(catenaXNativeViolations(native)).toEqual([]);

    // no mapping: a typed error naming the place, never the identifier
    try {
      canonicalToCatenaX(fromOu);
      throw new Error('expected failure');
    } catch (err) {
      const e = err as { code: string; where: string; message: string };
      expect(e.code).toBe('KH_MAP_UNKNOWN_PARTICIPANT');
      expect(e.where).toBe('/credentialSubject/operation/manufacturer/manufacturer');
      expect(e.message).not.toContain('437da520');
    }
    setAt(
      fromOu,
      '/credentialSubject/supplyChain/suppliers/0/supplierIdentifier',
      'urn:kakehashi:participant:ouranos:x',
    );
    try {
      createCatenaXAdapter({ directory }).fromCanonical(fromOu);
      throw new Error('expected failure');
    } catch (err) {
      const e = err as { code: string; where: string };
      expect(e.code).toBe('KH_MAP_UNKNOWN_PARTICIPANT');
      expect(e.where).toBe('/credentialSubject/supplyChain/suppliers/0/supplierIdentifier');
    }
  });

  it('rejects an invalid canonical record before mapping', () => {
    expect(codeOf(() => canonicalToCatenaX({ hello: 'world' }))).toBe('KH_SCHEMA_INVALID');
  });

  it('is registered as the catena-x adapter', () => {
    const adapter = getAdapter('catena-x');
    expect(adapter).toBe(catenaXAdapter);
    expect(adapter.platform).toBe('catena-x');
    expect(adapter.fromCanonical(adapter.toCanonical(correctedExample()))).toEqual(correctedExample());
    expect(codeOf(() => adapter.validateNative(realExample()))).toBe('KH_SCHEMA_INVALID');
    expect(codeOf(() => getAdapter('mars'))).toBe('KH_INPUT_UNKNOWN_PLATFORM');
  });
});
