import { expandSafe } from '../../schemas/jsonld';
import {
  kakehashiTermIris,
  KAKEHASHI_VOCAB_IRI,
  SENSITIVE_TERM_IRIS,
  termIriAt,
} from '../../schemas/vocabulary';
import { catenaXToCanonical } from '../../adapters/catena-x';
import { correctedExample, sampleCompanion } from '../adapters/catena-x/fixtures';

const KH = KAKEHASHI_VOCAB_IRI;
type Path = (string | number)[];

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Walks a compacted credential and its jsonld expansion side by side; for every claim, checks that the
 * expansion holds the IRI termIriAt predicts (and the value under it). Returns the number of claims checked.
 */
function crossCheck(compact: Record<string, unknown>, expanded: Record<string, unknown>, path: Path): number {
  let checked = 0;
  for (const [key, value] of Object.entries(compact)) {
    if (key === '@context') continue;
    const claimPath = [...path, key];
    const iri = termIriAt(claimPath);
    if (iri === undefined) throw new Error(`no IRI for ${claimPath.join('.')}`);
    checked++;
    if (iri === '@id') {
      expect(expanded['@id']).toBe(value);
      continue;
    }
    if (iri === '@type') {
      expect(Array.isArray(expanded['@type'])).toBe(true);
      continue;
    }
    const under = expanded[iri];
    if (!Array.isArray(under)) throw new Error(`expansion lacks ${iri} at ${claimPath.join('.')}`);
    const items = Array.isArray(value) ? value : [value];
    expect(under).toHaveLength(items.length);
    items.forEach((item, i) => {
      const itemPath = Array.isArray(value) ? [...claimPath, i] : claimPath;
      const node = under[i] as Record<string, unknown>;
      if (isObj(item)) checked += crossCheck(item, node, itemPath);
      else expect(node['@value'] ?? node['@id']).toBe(item);
    });
  }
  return checked;
}

describe('termIriAt', () => {
  const record = catenaXToCanonical({ batteryPass: correctedExample(), supplyChain: sampleCompanion() });

  it('agrees with jsonld.expand on every claim of a full canonical record', async () => {
    const [expanded] = (await expandSafe(record)) as Record<string, unknown>[];
    const checked = crossCheck(record as unknown as Record<string, unknown>, expanded, []);
    expect(checked).toBeGreaterThan(300);
  });

  it('agrees with jsonld.expand on a record with only some sections', async () => {
    const sparse = structuredClone(record) as unknown as { credentialSubject: Record<string, unknown> };
    for (const k of ['performance', 'safety', 'sources', 'conformity']) delete sparse.credentialSubject[k];
    const [expanded] = (await expandSafe(sparse)) as Record<string, unknown>[];
    expect(crossCheck(sparse as Record<string, unknown>, expanded, [])).toBeGreaterThan(100);
  });

  it('gives the sensitive supply-chain claims their dedicated IRIs', () => {
    const s = ['credentialSubject', 'supplyChain', 'suppliers', 1];
    expect(termIriAt([...s, 'supplierName'])).toBe(`${KH}supplierName`);
    expect(termIriAt([...s, 'supplierIdentifier'])).toBe(`${KH}supplierIdentifier`);
    expect(termIriAt([...s, 'procurementVolume'])).toBe(`${KH}procurementVolume`);
    expect(termIriAt([...s, 'procurementVolume', 'quantity'])).toBe(`${KH}procurementQuantity`);
    expect(termIriAt([...s, 'procurementVolume', 'unit'])).toBe(`${KH}procurementUnit`);
    expect(termIriAt([...s, 'procurementVolume', 'period', 'start'])).toBe(`${KH}procurementPeriodStart`);
    expect(termIriAt([...s, 'materialOrigin', 'originCountry'])).toBe(`${KH}originCountry`);
    for (const iri of SENSITIVE_TERM_IRIS) expect(kakehashiTermIris().has(iri)).toBe(true);
  });

  it('resolves scoped redefinitions of protected and repeated keys', () => {
    const cs = ['credentialSubject'];
    expect(termIriAt([...cs, 'id'])).toBe('@id');
    expect(termIriAt([...cs, 'type'])).toBe('@type');
    expect(termIriAt([...cs, 'identification', 'identification', 'type'])).toBe(`${KH}partTypeInformation`);
    expect(termIriAt([...cs, 'sources', 0, 'type'])).toBe(`${KH}sourceType`);
    expect(termIriAt([...cs, 'sustainability', 'carbonFootprint', 0, 'type'])).toBe(
      `${KH}carbonFootprintImpactCategory`,
    );
    expect(termIriAt([...cs, 'sustainability', 'carbonFootprint', 0, 'value'])).toBe(
      `${KH}carbonFootprintValue`,
    );
    expect(termIriAt([...cs, 'materials', 'composition', 0, 'id', 0, 'id'])).toBe(`${KH}materialIdentifier`);
    expect(termIriAt([...cs, 'handling', 'content', 'producer', 0, 'id'])).toBe(
      `${KH}sparePartProducerIdentifier`,
    );
    expect(termIriAt([...cs, 'metadata', 'status'])).toBe(`${KH}passportStatus`);
    expect(termIriAt([...cs, 'sustainability', 'status'])).toBe(`${KH}batteryStatus`);
    expect(termIriAt([...cs, 'materials', 'active', 'lead'])).toBe(`${KH}activeMaterialLead`);
    expect(termIriAt([...cs, 'materials', 'hazardous', 'lead'])).toBe(`${KH}hazardousLead`);
    expect(termIriAt([...cs, 'performance', 'rated', 'temperature'])).toBe(`${KH}operatingTemperatureRange`);
    expect(termIriAt([...cs, 'performance', 'rated', 'power', 'temperature'])).toBe(`${KH}testTemperature`);
  });

  it('returns the array claim for an element path and undefined for what is not a term', () => {
    expect(termIriAt(['credentialSubject', 'sources', 0])).toBe(`${KH}passportSources`);
    expect(termIriAt(['credentialSubject', 'nope'])).toBeUndefined();
    expect(termIriAt(['credentialSubject', 'issuer'])).toBeUndefined(); // VC type-scoped terms do not propagate
    expect(termIriAt(['@context'])).toBeUndefined();
    expect(termIriAt([])).toBeUndefined();
    expect(termIriAt(['issuer'])).toBe('https://www.w3.org/2018/credentials#issuer');
  });

  it('maps every Kakehashi term into the one vocabulary namespace', () => {
    const iris = [...kakehashiTermIris()];
    expect(iris.length).toBeGreaterThan(150);
    for (const iri of iris) expect(iri.startsWith(KH)).toBe(true);
  });
});
