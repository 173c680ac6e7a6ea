/**
 * Canonical → CX native. The passport sections become the BatteryPass document (platform-neutral identifiers
 * written as BPNL/BPNA through the participant directory, identifiers.ts), `supplyChain` becomes the companion
 * aspect; the result is validated as CX native (strict reading), so a record the CX platform would reject fails
 * here with `KH_SCHEMA_INVALID` and CX pointers. The canonical input may be a presentation (claims withheld):
 * the native schemas decide what must be there. Pure: no clock, no I/O.
 */
import { EMPTY_DIRECTORY, type ParticipantDirectory } from '../canonical/directory';
import { PASSPORT_SECTION_KEYS, type CanonicalRecord, type PassportSections } from '../canonical/types';
import { cloneJson } from '../canonical/json';
import { validateCanonical } from '../canonical/validate';
import { passportIdentifiersToCatenaX } from './identifiers';
import { kakehashiTermsToBatteryPass } from './kakehashi-terms';
import { supplyChainToCompanion } from './supply-chain';
import type { BatteryPassDocument, CatenaXNative } from './types';
import { validateCatenaXNative, type CatenaXValidationOptions } from './validate';

const SECTION_KEYS: ReadonlySet<string> = new Set(PASSPORT_SECTION_KEYS);

export interface CanonicalToCatenaXOptions extends CatenaXValidationOptions {
  /** Where participant and site IRIs get their BPNL/BPNS/BPNA (default: nobody, so only BPNs pass). */
  directory?: ParticipantDirectory;
}

/**
 * A bare BatteryPass document when the record has no supply chain, else `{ batteryPass, supplyChain }`.
 * `opts.allowIncomplete` accepts a passport lacking required BatteryPass members (see validate.ts).
 */
export function canonicalToCatenaX(
  canonical: CanonicalRecord | unknown,
  opts: CanonicalToCatenaXOptions = {},
): CatenaXNative {
  const record = validateCanonical(canonical, { allowWithheld: true });
  const directory = opts.directory ?? EMPTY_DIRECTORY;
  const subject = record.credentialSubject;
  const passport: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(subject)) {
    if (SECTION_KEYS.has(key)) passport[key] = cloneJson(value);
  }
  passportIdentifiersToCatenaX(passport as PassportSections, directory);
  kakehashiTermsToBatteryPass(passport as PassportSections, subject.certificationReferences);
  const batteryPass = passport as BatteryPassDocument;
  const native: CatenaXNative =
    subject.supplyChain === undefined
      ? batteryPass
      : {
          batteryPass,
          supplyChain: supplyChainToCompanion(
            subject.supplyChain,
            subject.id,
            subject.provenance?.sourcePlatform ?? 'catena-x',
            directory,
          ),
        };
  return validateCatenaXNative(native, opts);
}
