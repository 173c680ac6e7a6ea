/** The Catena-X adapter: native validation and the pure CX native ⇄ canonical mapping. */
import type { CanonicalRecord } from '../canonical/types';
import type { CanonicalMeta, PlatformAdapter } from '../types';
import { canonicalToCatenaX } from './from-canonical';
import { catenaXToCanonical } from './to-canonical';
import type { CatenaXNative } from './types';
import { validateCatenaXNative, type CatenaXValidationOptions } from './validate';

export { canonicalToCatenaX } from './from-canonical';
export { catenaXToCanonical, passportSubjectId, UNVERSIONED } from './to-canonical';
export {
  catenaXMissingRequired,
  catenaXNativeViolations,
  validateCatenaXNative,
  type CatenaXValidationOptions,
} from './validate';
export { businessPartnerOf, companionToSupplyChain, siteOf, supplyChainToCompanion } from './supply-chain';
export { REC20_TO_SAMM, SAMM_TO_REC20 } from './units';
export { CATENA_X_ERROR_CODES } from './errors';
export * from './types';

/** The CX adapter; `allowIncomplete` makes `fromCanonical` accept passports lacking required BatteryPass members. */
export function createCatenaXAdapter(opts: CatenaXValidationOptions = {}): PlatformAdapter<CatenaXNative> {
  return {
    platform: 'catena-x',
    validateNative: (doc: unknown) => validateCatenaXNative(doc),
    toCanonical: (native: unknown, meta?: CanonicalMeta) => catenaXToCanonical(native, meta),
    fromCanonical: (record: CanonicalRecord) => canonicalToCatenaX(record, opts),
  };
}

/** The CX adapter as registered: complete BatteryPass documents only, both ways. */
export const catenaXAdapter: PlatformAdapter<CatenaXNative> = createCatenaXAdapter();

export default catenaXAdapter;
