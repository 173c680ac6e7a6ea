/**
 * Canonical → CX native. The passport sections become the BatteryPass document unchanged, `supplyChain`
 * becomes the companion aspect; the result is validated as CX native (strict reading), so a record the CX
 * platform would reject fails here with `KH_SCHEMA_INVALID` and CX pointers. Pure: no clock, no I/O.
 */
import { PASSPORT_SECTION_KEYS, type CanonicalRecord } from '../canonical/types';
import { cloneJson } from '../canonical/json';
import { validateCanonical } from '../canonical/validate';
import { supplyChainToCompanion } from './supply-chain';
import type { BatteryPassDocument, CatenaXNative } from './types';
import { validateCatenaXNative, type CatenaXValidationOptions } from './validate';

const SECTION_KEYS: ReadonlySet<string> = new Set(PASSPORT_SECTION_KEYS);

/**
 * A bare BatteryPass document when the record has no supply chain, else `{ batteryPass, supplyChain }`.
 * `opts.allowIncomplete` accepts a passport lacking required BatteryPass members (see validate.ts).
 */
export function canonicalToCatenaX(
  canonical: CanonicalRecord | unknown,
  opts: CatenaXValidationOptions = {},
): CatenaXNative {
  const record = validateCanonical(canonical, { allowWithheld: opts.allowIncomplete === true });
  const subject = record.credentialSubject;
  const batteryPass: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(subject)) {
    if (SECTION_KEYS.has(key)) batteryPass[key] = cloneJson(value);
  }
  const native: CatenaXNative =
    subject.supplyChain === undefined
      ? (batteryPass as BatteryPassDocument)
      : {
          batteryPass: batteryPass as BatteryPassDocument,
          supplyChain: supplyChainToCompanion(
            subject.supplyChain,
            subject.id,
            subject.provenance?.sourcePlatform ?? 'catena-x',
          ),
        };
  return validateCatenaXNative(native, opts);
}
