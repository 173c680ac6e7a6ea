/**
 * The canonical terms for what BatteryPass has no member for (data-quality rating, certification references,
 * quantities per parent) and the participant directory, unit by unit.
 */
import {
  assertFullyDefined,
  createParticipantDirectory,
  resolveBpnl,
  resolveBpnSite,
  siteIri,
  termIriAt,
  validateCanonical,
  type CertificationReference,
} from '../../../adapters/canonical';
import {
  certificationReferencesToSources,
  sourcesToCertificationReferences,
} from '../../../adapters/canonical/certification-sources';
import { canonicalToCatenaX, catenaXToCanonical, type CatenaXRecord } from '../../../adapters/catena-x';
import { canonicalToOuranos, ouranosToCanonical, type OuranosNativeRecord } from '../../../adapters/ouranos';
import { seedParticipantDirectory } from '../../../seeds/participants';
import { ouranosSeedRegistry } from '../../../seeds/ouranos-records';
import { clone, seedFiles, thrown } from '../ouranos/helpers';

const KH = 'https://w3id.org/kakehashi/vocab#';
const directory = seedParticipantDirectory();
const ouSeed = seedFiles('ouranos')[0].record as OuranosNativeRecord;
const cxSeed = seedFiles('catena-x')[0].record as CatenaXRecord;

describe('data-quality rating', () => {
  it('carries the OU DQR as kh:dataQualityRating and back, null members omitted', () => {
    const record = clone(ouSeed);
    record.cfpModels[1].dqrValue = { TeR: 1.5, GeR: null, TiR: 2 };
    const canonical = ouranosToCanonical(record);
    const cf = canonical.credentialSubject.sustainability?.carbonFootprint ?? [];
    expect(cf[0].dataQualityRating).toEqual({
      technologicalRepresentativeness: record.cfpModels[0].dqrValue.TeR,
      geographicalRepresentativeness: record.cfpModels[0].dqrValue.GeR,
      timeRelatedRepresentativeness: record.cfpModels[0].dqrValue.TiR,
    });
    expect(cf[1].dataQualityRating).toEqual({
      technologicalRepresentativeness: 1.5,
      timeRelatedRepresentativeness: 2,
    });
    expect(cf.every((c) => c.declaration?.every((d) => !/TeR=/.test(d.content)))).toBe(true);
    expect(
      termIriAt(['credentialSubject', 'sustainability', 'carbonFootprint', 0, 'dataQualityRating']),
    ).toBe(`${KH}dataQualityRating`);
    expect(canonicalToOuranos(canonical, { registry: ouranosSeedRegistry() })).toStrictEqual(record);
  });

  it('is not a BatteryPass member: the CX adapter leaves it out', () => {
    const canonical = ouranosToCanonical(ouSeed);
    const native = canonicalToCatenaX(canonical, { directory }) as CatenaXRecord;
    expect(JSON.stringify(native)).not.toContain('dataQualityRating');
  });
});

describe('certification references', () => {
  const refs: CertificationReference[] = [
    {
      certificationId: 'c-1',
      certificationDescription: 'CFP verified (ISO 14067)',
      certificationDocuments: [
        { certificationDocumentId: 'f:1', certificationDocumentName: 'report 2025.pdf' },
        { certificationDocumentId: 'f-2', certificationDocumentName: 'annex.pdf' },
      ],
    },
    { certificationId: 'c-2' },
  ];

  it('are written as "Certifications and Compliance" sources and read back exactly', () => {
    const sources = certificationReferencesToSources(refs);
    expect(sources).toHaveLength(3);
    expect(sources[0]).toEqual({
      header: 'CFP verified (ISO 14067)',
      category: 'Certifications and Compliance',
      type: 'URN',
      content: 'urn:kakehashi:certification:c-1:document:f%3A1:report%202025.pdf',
    });
    const other = {
      header: 'Manual',
      category: 'User Manuals and Guides',
      type: 'URL',
      content: 'https://x.example',
    };
    expect(sourcesToCertificationReferences([other, ...sources])).toEqual({
      sources: [other],
      certificationReferences: refs,
    });
  });

  it('leaves sources that would not re-encode exactly as ordinary sources', () => {
    const sources = certificationReferencesToSources(refs);
    const wrongCategory = { ...sources[2], category: 'Other' };
    expect(sourcesToCertificationReferences([sources[0], wrongCategory]).certificationReferences).toEqual([]);
    const notLast = [
      sources[2],
      { header: 'x', category: 'Other', type: 'URL', content: 'https://y.example' },
    ];
    expect(sourcesToCertificationReferences(notLast).sources).toEqual(notLast);
  });

  it('OU certifications → canonical → CX sources → canonical → OU certifications', () => {
    const canonical = ouranosToCanonical(ouSeed);
    expect(canonical.credentialSubject.sources).toBeUndefined();
    const refsOf = canonical.credentialSubject.certificationReferences ?? [];
    expect(refsOf.map((r) => r.certificationId)).toEqual(
      ouSeed.cfpCertificationModels.map((c) => c.cfpCertificationId),
    );
    const native = canonicalToCatenaX(canonical, { directory }) as CatenaXRecord;
    expect(native.batteryPass.sources?.every((s) => s.category === 'Certifications and Compliance')).toBe(
      true,
    );
    const again = catenaXToCanonical(native);
    expect(again.credentialSubject.certificationReferences).toEqual(refsOf);
    expect(again.credentialSubject.sources).toBeUndefined();
    const ou = canonicalToOuranos(again, { registry: ouranosSeedRegistry(), directory });
    expect(ou.cfpCertificationModels).toEqual(ouSeed.cfpCertificationModels);
  });

  it('are defined terms', async () => {
    const canonical = ouranosToCanonical(ouSeed);
    const base = ['credentialSubject', 'certificationReferences', 0];
    expect(termIriAt(base)).toBe(`${KH}certificationReference`);
    expect(termIriAt([...base, 'certificationDocuments', 0, 'certificationDocumentName'])).toBe(
      `${KH}certificationDocumentName`,
    );
    await assertFullyDefined(validateCanonical(canonical));
  });
});

describe('quantities per parent', () => {
  it('OU child parts’ amountRequired → kh:quantityPerParent → CX companion quantityPerParent and back', () => {
    const canonical = ouranosToCanonical(ouSeed);
    const tier1 = ouSeed.tradeModels.filter((t) => t.supplierTier === 1);
    const suppliers = canonical.credentialSubject.supplyChain?.suppliers ?? [];
    const withQuantity = suppliers.filter((s) => s.quantityPerParent !== undefined);
    expect(withQuantity).toHaveLength(tier1.length);
    const child = ouSeed.partsStructureModel.childrenPartsModel[0];
    expect(withQuantity[0].quantityPerParent?.value).toBe(child.amountRequired);
    expect(termIriAt(['credentialSubject', 'supplyChain', 'suppliers', 0, 'quantityPerParent'])).toBe(
      `${KH}quantityPerParent`,
    );
    const native = canonicalToCatenaX(canonical, { directory }) as CatenaXRecord;
    const item = native.supplyChain?.childItems.find((c) => c.quantityPerParent !== undefined);
    expect(item?.quantityPerParent?.unit).toMatch(/^unit:(piece|kilogram)$/);
    const back = catenaXToCanonical(native).credentialSubject.supplyChain?.suppliers ?? [];
    expect(back.map((s) => s.quantityPerParent)).toEqual(suppliers.map((s) => s.quantityPerParent));
  });

  it('CX quantities per parent become OU child parts’ amountRequired', () => {
    const ou = canonicalToOuranos(catenaXToCanonical(cxSeed), { directory });
    const items = (cxSeed.supplyChain?.childItems ?? []).filter((c) => c.tier === 1);
    expect(ou.partsStructureModel.childrenPartsModel.map((c) => c.amountRequired)).toEqual(
      items.map((c) => c.quantityPerParent?.value ?? null),
    );
  });
});

describe('participant directory', () => {
  const dir = createParticipantDirectory([
    {
      ouranos: { operatorId: '437DA520-114D-4B02-BBAC-20139BC82D43' },
      'catena-x': { bpnl: 'BPNL00000J01SKRG' },
      sites: [
        {
          ouranos: { plantId: '1ac8f644-48e5-409c-bbc8-36d4de43074c' },
          'catena-x': { bpns: 'BPNS00000J01PLNT', bpna: 'BPNA00000J01PLNT' },
        },
      ],
    },
    { 'catena-x': { bpnl: 'BPNL0000000NOOUX' } },
  ]);

  it('resolves participant IRIs, BPNLs and OU ids both ways (UUIDs case-insensitively)', () => {
    const iri = 'urn:kakehashi:participant:ouranos:437da520-114d-4b02-bbac-20139bc82d43';
    expect(dir.participantId(iri, 'catena-x')).toBe('BPNL00000J01SKRG');
    expect(dir.participantId('urn:kakehashi:participant:catena-x:BPNL00000J01SKRG', 'ouranos')).toBe(
      '437DA520-114D-4B02-BBAC-20139BC82D43',
    );
    expect(dir.participantId('BPNL0000000NOOUX', 'ouranos')).toBeUndefined();
    expect(dir.siteId(siteIri('ouranos', '1ac8f644-48e5-409c-bbc8-36d4de43074c'), 'bpna')).toBe(
      'BPNA00000J01PLNT',
    );
    expect(dir.siteId('BPNA00000J01PLNT', 'plantId')).toBe('1ac8f644-48e5-409c-bbc8-36d4de43074c');
    expect(dir.siteId('BPNS00000J01PLNT', 'bpna')).toBe('BPNA00000J01PLNT');
  });

  it('KH_MAP_UNKNOWN_PARTICIPANT names the pointer, never the identifier', () => {
    const e = thrown(() => resolveBpnl(dir, 'urn:kakehashi:participant:ouranos:secret-supplier', '/x/0'));
    expect(e.code).toBe('KH_MAP_UNKNOWN_PARTICIPANT');
    expect(e.where).toBe('/x/0');
    expect(JSON.stringify(e)).not.toContain('secret-supplier');
    expect((e as { message?: string }).message).not.toContain('secret-supplier');
    expect(thrown(() => resolveBpnSite(dir, 'urn:kakehashi:site:ouranos:nowhere', 'bpns', '/y')).code).toBe(
      'KH_MAP_UNKNOWN_PARTICIPANT',
    );
    expect(resolveBpnSite(dir, 'BPNS0000000SOMEX', 'bpns', '/y')).toBe('BPNS0000000SOMEX');
  });

  it('the seed directory gives every seed participant an identifier on both platforms', () => {
    for (const r of seedFiles('ouranos')) {
      const rec = r.record as OuranosNativeRecord;
      expect(directory.participantId(rec.operatorModel.operatorId, 'catena-x')).toMatch(/^BPNL/);
      expect(directory.siteId(rec.plantModel.plantId, 'bpna')).toMatch(/^BPNA/);
    }
    for (const r of seedFiles('catena-x')) {
      const rec = r.record as CatenaXRecord;
      expect(directory.participantId(rec.batteryPass.metadata?.economicOperatorId ?? '', 'ouranos')).toMatch(
        /^[0-9a-f-]{36}$/,
      );
    }
  });
});
