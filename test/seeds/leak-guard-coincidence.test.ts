/**
 * Generated records must relay: the leak guard refuses (fail-closed) a record whose withheld procurement value
 * coincides with a disclosed value, so the generator keeps procurement quantities and periods distinct from the
 * passport's own numbers and dates. Every generated record must pass the shipped policy with the product frame.
 */
import { catenaXToCanonical } from '../../adapters/catena-x';
import { ouranosToCanonical } from '../../adapters/ouranos';
import { applyDisclosurePolicy, batteryRecordFrame, loadShippedPolicy } from '../../policies';
import { generateRecords } from '../../seeds/generator';
import { issue, keyBinding, makePki, type PolicyPki } from '../policies/helpers';

const COUNT = 300;
let pki: PolicyPki;
beforeAll(() => {
  pki = makePki();
});

test.each([
  ['ouranos', 'catena-x'],
  ['catena-x', 'ouranos'],
] as const)(
  '%s records generated for %s all pass the leak guard',
  (source, target) => {
    const policy = loadShippedPolicy(source, target);
    const records =
      source === 'ouranos'
        ? generateRecords('ouranos', COUNT, 424242).map((r) => ouranosToCanonical(r))
        : generateRecords('catena-x', COUNT, 424242).map((r) => catenaXToCanonical(r));
    const refused: string[] = [];
    records.forEach((record, i) => {
      try {
        applyDisclosurePolicy({
          sdJwt: issue(pki, record, batteryRecordFrame),
          policy,
          keyBinding: keyBinding(pki),
        });
      } catch (err) {
        refused.push(`#${i}: ${(err as { code?: string }).code ?? String(err)}`);
      }
    });
    expect(refused).toEqual([]);
  },
  120_000,
);
