import { assertFullyDefined } from '../../../schemas/jsonld';
import { SENSITIVE_TERM_IRIS, termIriAt } from '../../../schemas/vocabulary';
import { ouranosMappingLoss, ouranosToCanonical, type OuranosNativeRecord } from '../../../adapters/ouranos';
import { ouranosSeedRegistry } from '../../../seeds/ouranos-records';
import { clone, seedFiles } from './helpers';

const seeds = seedFiles('ouranos').map((s) => s.record as OuranosNativeRecord);

/** Every leaf path of a JSON value. */
function leaves(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [path];
}

describe('OU canonical records and the Kakehashi vocabulary', () => {
  const canonical = ouranosToCanonical(seeds[0]);

  it('every claim the OU mapping writes is a defined term', () => {
    const undefinedPaths = leaves(canonical)
      .filter((p) => p[0] !== '@context')
      .filter((p) => termIriAt(p) === undefined)
      .map((p) => p.join('.'));
    expect(undefinedPaths).toEqual([]);
  });

  it('supplier identities and procurement volumes land on the sensitive IRIs', () => {
    const sensitive = new Set(SENSITIVE_TERM_IRIS);
    const suppliers = canonical.credentialSubject.supplyChain?.suppliers ?? [];
    expect(suppliers.length).toBeGreaterThan(0);
    suppliers.forEach((_s, i) => {
      const base = ['credentialSubject', 'supplyChain', 'suppliers', i];
      expect(sensitive).toContain(termIriAt([...base, 'supplierName']));
      expect(sensitive).toContain(termIriAt([...base, 'supplierIdentifier']));
      expect(sensitive).toContain(termIriAt([...base, 'procurementVolume', 'quantity']));
      expect(sensitive).toContain(termIriAt([...base, 'procurementVolume', 'period', 'start']));
    });
    // and nothing else an OU record carries does
    const others = leaves(canonical)
      .filter(
        (p) =>
          !(
            p[1] === 'supplyChain' &&
            ['supplierName', 'supplierIdentifier', 'procurementVolume'].includes(String(p[4]))
          ),
      )
      .map((p) => termIriAt(p))
      .filter((iri) => iri !== undefined && sensitive.has(iri));
    expect(others).toEqual([]);
  });

  it('expands in JSON-LD safe mode with the offline contexts', async () => {
    await expect(assertFullyDefined(canonical)).resolves.toBeUndefined();
  });
});

describe('ouranosMappingLoss', () => {
  const registry = ouranosSeedRegistry();
  it('is empty for every seed record', () => {
    for (const r of seeds) expect(ouranosMappingLoss(r, { registry })).toEqual([]);
  });
  it('names what a record outside the Kakehashi profile loses', () => {
    const r = clone(seeds[0]);
    r.tradeModels[0].tradeModel.tradeId = '00000000-0000-4000-8000-000000000001';
    r.partsStructureModel.parentPartsModel.partsAddInfo1 = 'Ver3.0';
    expect(ouranosMappingLoss(r, { registry })).toEqual([
      '/partsStructureModel/parentPartsModel/partsAddInfo1',
      '/tradeModels/0/tradeModel/tradeId',
    ]);
  });
  it('without the registry, the publisher registry data is reported lost', () => {
    const lost = ouranosMappingLoss(seeds[0]);
    expect(lost).toContain('/operatorModel/operatorName');
    expect(lost).toContain('/plantModel/plantName');
  });
});
