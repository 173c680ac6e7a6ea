/** The pipeline the node calls, with the real PKI and SD-JWT modules and the shipped policies. */
import { applyDisclosurePolicy, loadShippedPolicy } from '../../policies';
import {
  caught,
  decodedTexts,
  policyFiltered,
  issue,
  keyBinding,
  makePki,
  sampleRecord,
  SUPPLIER_ID,
  SUPPLIER_NAME,
  TIER2_ID,
  TIER2_NAME,
  type PolicyPki,
  verifyAsPeer,
} from './helpers';

let pki: PolicyPki;
beforeAll(() => {
  pki = makePki();
});

describe('applyDisclosurePolicy with the shipped policies', () => {
  test.each([
    ['ouranos', 'catena-x'],
    ['catena-x', 'ouranos'],
  ] as const)(
    '%s → %s: the peer verifies the passport unchanged, without supplier identities or volumes',
    (source, target) => {
      const record = sampleRecord();
      const { presentation, report } = applyDisclosurePolicy({
        sdJwt: issue(pki, record),
        policy: loadShippedPolicy(source, target),
        keyBinding: keyBinding(pki),
      });
      const verified = verifyAsPeer(pki, presentation);
      expect(verified.credential).toEqual(policyFiltered(record));
      expect(verified.undisclosedDigests.length).toBeGreaterThanOrEqual(report.withheldCount);
      const all = decodedTexts(presentation).join('\n');
      for (const secret of [
        SUPPLIER_NAME,
        SUPPLIER_ID,
        TIER2_NAME,
        TIER2_ID,
        '1250.5',
        '8800000',
        'Kitakami Refinery',
        '2025-04-01',
      ]) {
        expect(all).not.toContain(secret);
      }
      expect(report.withheld).toEqual(
        expect.arrayContaining([
          {
            term: 'https://w3id.org/kakehashi/vocab#supplierName',
            name: 'kh:supplierName',
            reason: 'supplier-identity',
            count: 2,
          },
          {
            term: 'https://w3id.org/kakehashi/vocab#supplierIdentifier',
            name: 'kh:supplierIdentifier',
            reason: 'supplier-identity',
            count: 2,
          },
          expect.objectContaining({ name: 'kh:procurementVolume', reason: 'procurement-volume' }),
        ]),
      );
      expect(report.withheld.some((w) => w.reason === 'not-in-policy')).toBe(false);
      expect(JSON.stringify(report)).not.toMatch(/Kitakami|東北|T4010001999999|1250/);
    },
  );

  test('a supplier name repeated in disclosed free text is blocked: nothing is returned to send', () => {
    const record = sampleRecord();
    record.credentialSubject.sustainability!.carbonFootprint![0].lifecycle = `cathode from ${SUPPLIER_NAME.toUpperCase()} line 3`;
    const error = caught(() =>
      applyDisclosurePolicy({
        sdJwt: issue(pki, record),
        policy: loadShippedPolicy('ouranos', 'catena-x'),
        keyBinding: keyBinding(pki),
      }),
    );
    expect(error.code).toBe('KH_POLICY_LEAK_GUARD');
    expect(error.details).toMatchObject({
      reason: 'leak-guard',
      terms: [expect.objectContaining({ name: 'kh:supplierName' })],
    });
    expect(JSON.stringify(error.toJSON())).not.toMatch(/kitakami/i);
  });

  test('a procurement volume repeated in a disclosed number is blocked', () => {
    const record = sampleRecord();
    record.credentialSubject.characteristics!.physicalDimension!.weight!.value = 1250.5;
    expect(
      caught(() =>
        applyDisclosurePolicy({
          sdJwt: issue(pki, record),
          policy: loadShippedPolicy('ouranos', 'catena-x'),
        }),
      ).code,
    ).toBe('KH_POLICY_LEAK_GUARD');
  });

  test('a sensitive value under an unmapped (renamed) key is withheld by default deny and reported', () => {
    const record = sampleRecord() as unknown as {
      issuer: string;
      credentialSubject: { supplyChain: { suppliers: Record<string, unknown>[] } };
    };
    record.credentialSubject.supplyChain.suppliers[0].vendorLabel = 'Hidden Vendor GmbH';
    const { presentation, report } = applyDisclosurePolicy({
      sdJwt: issue(pki, record),
      policy: loadShippedPolicy('ouranos', 'catena-x'),
    });
    expect(decodedTexts(presentation).join('\n')).not.toContain('Hidden Vendor');
    expect(report.withheld).toEqual(
      expect.arrayContaining([{ term: null, name: 'vendorLabel', reason: 'not-in-policy', count: 1 }]),
    );
  });
});
