import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import AjvDraft04 from 'ajv-draft-04';
import { canonicalToCatenaX, catenaXNativeViolations, catenaXToCanonical } from '../../../adapters/catena-x';
import { assertFullyDefined, canonicalViolations } from '../../../adapters/canonical';
import { arbitraryFromSchema } from './arbitrary';
import { BATTERY_PASS_SCHEMA_FILE } from './fixtures';

const batteryPassSchema = JSON.parse(readFileSync(BATTERY_PASS_SCHEMA_FILE, 'utf8')) as Record<
  string,
  unknown
>;
const companionSchema = JSON.parse(
  readFileSync(
    path.resolve(__dirname, '../../../schemas/catena-x/supply-chain-companion.schema.json'),
    'utf8',
  ),
) as Record<string, unknown>;
const publishedValidate = new AjvDraft04({ strict: false }).compile(batteryPassSchema);

const batteryPass = arbitraryFromSchema(batteryPassSchema);
const companion = arbitraryFromSchema(companionSchema).filter((c) =>
  // the companion's `dependencies` (quantity ⇔ procurementPeriod) is not modelled by the generator
  ((c as { childItems: Record<string, unknown>[] }).childItems ?? []).every(
    (i) => (i.quantity === undefined) === (i.procurementPeriod === undefined),
  ),
);
const nativeRecord = fc.oneof(
  batteryPass,
  // A record without companion comes back as a bare BatteryPass (documented), so records here carry one.
  fc.record({ batteryPass, supplyChain: companion }),
);

describe('CX → canonical → CX is the identity on generated BatteryPass 6.1.0 documents', () => {
  it('holds for bare documents and CX records with a companion', () => {
    fc.assert(
      fc.property(nativeRecord, (native) => {
        const bp = (native as { batteryPass?: unknown }).batteryPass ?? native;
        expect(publishedValidate(bp)).toBe(true); // the generator only makes schema-valid documents
        expect(catenaXNativeViolations(native)).toEqual([]);
        const canonical = catenaXToCanonical(native);
        expect(canonicalViolations(canonical)).toEqual([]);
        expect(canonicalToCatenaX(canonical)).toEqual(native);
      }),
      { numRuns: 100 },
    );
  });

  it('produces canonical records whose every term is defined', async () => {
    await fc.assert(
      fc.asyncProperty(nativeRecord, async (native) => {
        await assertFullyDefined(catenaXToCanonical(native));
      }),
      { numRuns: 15 },
    );
  });
});
