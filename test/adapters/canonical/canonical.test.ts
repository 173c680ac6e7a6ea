import {
  buildCanonicalRecord,
  iriSegment,
  parseParticipantIri,
  participantIri,
  recordCredentialId,
  validateCanonical,
  validateCanonicalFully,
  type PassportSections,
} from '../../../adapters/canonical';

const provenance = {
  sourcePlatform: 'ouranos' as const,
  publisher: 'urn:kakehashi:participant:ouranos:op-0001',
  recordId: 'rec-42',
  recordVersion: '3',
};

function minimal(passport: PassportSections = {}) {
  return buildCanonicalRecord({
    id: recordCredentialId('ouranos', 'rec-42', '3'),
    validFrom: '2025-04-01T09:00:00Z',
    subject: { id: 'urn:uuid:6a1e0a42-8d0c-4a5e-9d0e-3b8f1c2d4e5f', provenance, passport },
  });
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

describe('canonical record helpers', () => {
  it('builds the VC 2.0 envelope, the issuer defaulting to the publisher', async () => {
    const record = minimal({ identification: { category: 'EV', chemistry: 'NMC' } });
    expect(record).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kakehashi/v1'],
      type: ['VerifiableCredential', 'BatteryPassportCredential'],
      id: 'urn:kakehashi:record:ouranos:rec-42:3',
      issuer: 'urn:kakehashi:participant:ouranos:op-0001',
      validFrom: '2025-04-01T09:00:00Z',
      credentialSubject: {
        id: 'urn:uuid:6a1e0a42-8d0c-4a5e-9d0e-3b8f1c2d4e5f',
        type: 'BatteryPassport',
        provenance,
        identification: { category: 'EV', chemistry: 'NMC' },
      },
    });
    expect(validateCanonical(record)).toBe(record);
    await expect(validateCanonicalFully(record)).resolves.toBe(record);
  });

  it('accepts a partial passport with a supply chain (sections are optional at the canonical level)', async () => {
    const record = buildCanonicalRecord({
      id: 'urn:example:1',
      validFrom: '2025-04-01T09:00:00Z',
      subject: {
        id: 'urn:uuid:6a1e0a42-8d0c-4a5e-9d0e-3b8f1c2d4e5f',
        provenance,
        passport: {
          sustainability: {
            carbonFootprint: [{ value: 61.2, unit: 'kg CO2 / kWh', lifecycle: 'main product production' }],
          },
          materials: { active: { cobalt: { recycled: 16 } } },
        },
        supplyChain: {
          suppliers: [
            {
              tier: 1,
              supplierName: 'Sample Cathode KK',
              supplierIdentifier: 'op-0002',
              procurementVolume: {
                quantity: 3.2,
                unit: 'TNE',
                period: { start: '2025-01-01', end: '2025-03-31' },
              },
            },
          ],
        },
      },
    });
    await expect(validateCanonicalFully(record)).resolves.toBe(record);
  });

  it('fails schema validation before JSON-LD', async () => {
    const record = minimal() as unknown as { credentialSubject: Record<string, unknown> };
    record.credentialSubject.colour = 'red';
    expect(await codeOf(validateCanonicalFully(record))).toBe('KH_SCHEMA_INVALID');
  });

  it('writes and reads participant IRIs', () => {
    expect(participantIri('catena-x', 'BPNL000000000001')).toBe(
      'urn:kakehashi:participant:catena-x:BPNL000000000001',
    );
    expect(parseParticipantIri('urn:kakehashi:participant:ouranos:op-0001')).toEqual({
      platform: 'ouranos',
      localId: 'op-0001',
    });
    expect(parseParticipantIri('urn:kakehashi:participant:mars:x')).toBeUndefined();
    expect(recordCredentialId('catena-x', 'urn:uuid:1', 'v 1#')).toBe(
      'urn:kakehashi:record:catena-x:urn:uuid:1:v%201%23',
    );
    expect(iriSegment('東京 a')).toBe('%E6%9D%B1%E4%BA%AC%20a');
  });
});
