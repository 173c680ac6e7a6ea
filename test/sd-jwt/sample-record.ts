/** A canonical battery-passport credential used when no seed records are present. */
import type { CanonicalRecord } from '../../adapters/canonical/types';

export const SUPPLIER_NAME = 'Secret Cathode Works KK';
export const SUPPLIER_ID = 'BPNL00000000SECR';

export function sampleRecord(
  issuer = 'urn:kakehashi:participant:catena-x:BPNL000000000001',
): CanonicalRecord {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kakehashi/v1'],
    type: ['VerifiableCredential', 'BatteryPassportCredential'],
    id: 'urn:kakehashi:record:catena-x:PASS-0001:1',
    issuer,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      id: 'urn:uuid:7b0f6a56-6f2b-4a0e-9a55-1d2f0c9e2b11',
      type: 'BatteryPassport',
      provenance: {
        sourcePlatform: 'catena-x',
        publisher: issuer,
        recordId: 'PASS-0001',
        recordVersion: '1',
      },
      identification: {
        category: 'EV',
        chemistry: 'NMC811',
        identification: { serial: [{ key: 'partInstanceId', value: 'SN-000123' }] },
      },
      characteristics: {
        physicalDimension: { weight: { value: 412.5, unit: 'unit:kilogram' } },
      },
      sustainability: {
        carbonFootprint: [
          {
            value: 74.3,
            unit: 'kg CO2e/kWh',
            lifecycle: 'main product production',
            type: 'Climate Change Total',
          },
        ],
        status: 'original',
      },
      supplyChain: {
        itemId: 'urn:uuid:1c1f55c0-1111-4a2b-9e7a-0a0b0c0d0e0f',
        suppliers: [
          {
            tier: 1,
            supplierName: SUPPLIER_NAME,
            supplierIdentifier: SUPPLIER_ID,
            suppliedMaterial: 'cathode active material',
            materialOrigin: { originCountry: 'JP', originSiteType: 'refinery' },
            procurementVolume: {
              quantity: 1250.5,
              unit: 'TNE',
              period: { start: '2025-01-01', end: '2025-12-31' },
            },
          },
          {
            tier: 2,
            supplierIdentifier: 'BPNL00000000TIER2',
            suppliedMaterial: 'cobalt',
            materialOrigin: { originCountry: 'AU', originSiteType: 'mine' },
            procurementVolume: {
              quantity: 88,
              unit: 'TNE',
              period: { start: '2025-01-01', end: '2025-12-31' },
            },
          },
        ],
      },
    },
  };
}
