/** The shipped policies against seed records: generated natively, mapped to canonical, issued, disclosed, verified. */
import { catenaXToCanonical } from '../../adapters/catena-x';
import { ouranosToCanonical } from '../../adapters/ouranos';
import type { CanonicalRecord } from '../../adapters/canonical/types';
import { applyDisclosurePolicy, batteryRecordFrame, loadShippedPolicy } from '../../policies';
import { generateRecords } from '../../seeds/generator';
import {
  decodedTexts,
  issue,
  keyBinding,
  makePki,
  policyFiltered,
  type PolicyPki,
  verifyAsPeer,
} from './helpers';

const COUNT = 8;

function seeds(platform: 'ouranos' | 'catena-x'): CanonicalRecord[] {
  return platform === 'ouranos'
    ? generateRecords('ouranos', COUNT, 20260301).map((r) => ouranosToCanonical(r))
    : generateRecords('catena-x', COUNT, 20260301).map((r) => catenaXToCanonical(r));
}

let pki: PolicyPki;
beforeAll(() => {
  pki = makePki();
});

describe.each([
  ['ouranos', 'catena-x', 'default frame'],
  ['catena-x', 'ouranos', 'default frame'],
  ['ouranos', 'catena-x', 'product frame'],
  ['catena-x', 'ouranos', 'product frame'],
] as const)('seed records %s → %s, %s', (source, target, frameName) => {
  const frame = frameName === 'product frame' ? batteryRecordFrame : undefined;
  test('every supplier identity and procurement volume is withheld; the passport arrives unchanged', () => {
    const policy = loadShippedPolicy(source, target);
    const records = seeds(source);
    expect(records.length).toBe(COUNT);
    let suppliers = 0;
    for (const record of records) {
      const { presentation, report } = applyDisclosurePolicy({
        sdJwt: issue(pki, record, frame),
        policy,
        keyBinding: keyBinding(pki),
      });
      const verified = verifyAsPeer(pki, presentation);
      expect(verified.credential).toEqual(policyFiltered(record));

      const outbound = decodedTexts(presentation).join('\n');
      for (const s of record.credentialSubject.supplyChain?.suppliers ?? []) {
        suppliers += 1;
        const secrets = [
          s.supplierName,
          s.supplierIdentifier,
          s.suppliedItemId,
          s.materialOrigin?.originSiteName,
          s.materialOrigin?.originSiteIdentifier,
        ];
        for (const secret of secrets) if (secret !== undefined) expect(outbound).not.toContain(secret);
        if (s.procurementVolume)
          expect(outbound).not.toMatch(
            new RegExp(`[^0-9.]${s.procurementVolume.quantity.toString().replace('.', '\\.')}[^0-9.]`),
          );
      }
      expect(report.withheld.every((w) => w.reason !== 'not-in-policy')).toBe(true);
    }
    expect(suppliers).toBeGreaterThan(0);
  }, 30_000);
});
