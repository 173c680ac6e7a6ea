import { assertFullyDefined } from '../../schemas/jsonld';
import { catenaXToCanonical } from '../../adapters/catena-x';
import { correctedExample, sampleCompanion } from '../adapters/catena-x/fixtures';

async function failure(p: Promise<unknown>): Promise<{ code?: string; where?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; where?: string };
  }
  throw new Error('expected a failure');
}

describe('assertFullyDefined', () => {
  const record = catenaXToCanonical({ batteryPass: correctedExample(), supplyChain: sampleCompanion() });

  it('accepts a mapped canonical record (every term defined)', async () => {
    await expect(assertFullyDefined(record)).resolves.toBeUndefined();
  });

  it('names an undefined term at the subject level', async () => {
    const doc = structuredClone(record) as unknown as { credentialSubject: Record<string, unknown> };
    doc.credentialSubject.batteryColour = 'blue';
    const err = await failure(assertFullyDefined(doc));
    expect(err.code).toBe('KH_JSONLD_UNDEFINED_TERM');
    expect(err.where).toBe('batteryColour');
  });

  it('names an undefined term deep inside a passport section', async () => {
    const doc = structuredClone(record) as unknown as {
      credentialSubject: { performance: { rated: { voltage: Record<string, unknown> } } };
    };
    doc.credentialSubject.performance.rated.voltage.ripple = 0.1;
    const err = await failure(assertFullyDefined(doc));
    expect(err.code).toBe('KH_JSONLD_UNDEFINED_TERM');
    expect(err.where).toBe('ripple');
  });

  it('detects an undefined term inside the supply chain', async () => {
    const doc = structuredClone(record) as unknown as {
      credentialSubject: { supplyChain: { suppliers: Record<string, unknown>[] } };
    };
    doc.credentialSubject.supplyChain.suppliers[0].contractPrice = 12;
    expect((await failure(assertFullyDefined(doc))).code).toBe('KH_JSONLD_UNDEFINED_TERM');
  });

  it('detects an undefined type value', async () => {
    const doc = { ...structuredClone(record), type: ['VerifiableCredential', 'BatteryPassportCredentialX'] };
    expect((await failure(assertFullyDefined(doc))).code).toBe('KH_JSONLD_UNDEFINED_TERM');
  });

  it('refuses a record that references a context the loader does not hold', async () => {
    const doc = {
      ...structuredClone(record),
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://example.org/x'],
    };
    expect((await failure(assertFullyDefined(doc))).code).toBe('KH_JSONLD_REMOTE_CONTEXT');
  });

  it('reports other expansion failures as KH_JSONLD_INVALID', async () => {
    const doc = { '@context': { '@version': 2 }, a: 1 };
    expect((await failure(assertFullyDefined(doc))).code).toBe('KH_JSONLD_INVALID');
  });
});
