import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import {
  businessPartnerOf,
  canonicalToCatenaX,
  catenaXAdapter,
  catenaXMissingRequired,
  createCatenaXAdapter,
  siteOf,
  catenaXToCanonical,
  REC20_TO_SAMM,
  SAMM_TO_REC20,
  type CatenaXRecord,
} from '../../../adapters/catena-x';
import { assertFullyDefined, canonicalViolations, type CanonicalRecord } from '../../../adapters/canonical';
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

  it('with allowIncomplete, maps a presentation whose supplier identities and volumes were withheld', () => {
    const canonical = catenaXToCanonical({ batteryPass: correctedExample(), supplyChain: sampleCompanion() });
    const presented = JSON.parse(JSON.stringify(canonical)) as CanonicalRecord;
    for (const s of presented.credentialSubject.supplyChain?.suppliers ?? []) {
      const partial = s as Partial<typeof s>;
      delete partial.supplierIdentifier;
      delete partial.supplierName;
      delete partial.procurementVolume;
    }
    expect(codeOf(() => canonicalToCatenaX(presented))).toBe('KH_SCHEMA_INVALID');
    const native = canonicalToCatenaX(presented, { allowIncomplete: true }) as CatenaXRecord;
    expect(native.supplyChain?.childItems[1]).toEqual({
      tier: 2,
      material: 'cobalt sulfate',
      origin: { country: 'FI', siteType: 'refinery', siteName: 'Kokkola', site: 'BPNS00000004SITE' },
    });
    expect(JSON.stringify(native)).not.toContain('BPNL00000004COBA');
  });

  it('writes supplier and site identifiers of another platform as Kakehashi IRIs', () => {
    expect(businessPartnerOf('BPNL00000004COBA', 'ouranos')).toBe('BPNL00000004COBA');
    expect(businessPartnerOf('op 7', 'ouranos')).toBe('urn:kakehashi:participant:ouranos:op%207');
    expect(siteOf('BPNS00000004SITE', 'ouranos')).toBe('BPNS00000004SITE');
    expect(siteOf('plant-9', 'ouranos')).toBe('urn:kakehashi:site:ouranos:plant-9');
    expect(businessPartnerOf('op-7', 'catena-x')).toBe('op-7'); // left for the companion schema to reject
    expect(siteOf('plant-9', 'catena-x')).toBe('plant-9');
    const canonical = catenaXToCanonical({ batteryPass: correctedExample(), supplyChain: sampleCompanion() });
    const fromOu = JSON.parse(JSON.stringify(canonical)) as CanonicalRecord;
    fromOu.credentialSubject.provenance.sourcePlatform = 'ouranos';
    setAt(fromOu, '/credentialSubject/supplyChain/suppliers/0/supplierIdentifier', 'op-0002');
    setAt(
      fromOu,
      '/credentialSubject/supplyChain/suppliers/1/materialOrigin/originSiteIdentifier',
      'plant-9',
    );
    const native = canonicalToCatenaX(fromOu) as CatenaXRecord;
    expect(native.supplyChain?.childItems[0].businessPartner).toBe(
      'urn:kakehashi:participant:ouranos:op-0002',
    );
    expect(native.supplyChain?.childItems[1].origin?.site).toBe('urn:kakehashi:site:ouranos:plant-9');
    // and CX → canonical → CX keeps such IRIs as they are
    expect(canonicalToCatenaX(catenaXToCanonical(native))).toEqual(native);
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
