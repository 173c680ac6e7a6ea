/** The Catena-X adapter: native validation and the pure CX native ⇄ canonical mapping. */
import type { CanonicalRecord } from '../canonical/types';
import type { CanonicalMeta, PlatformAdapter } from '../types';
import { canonicalToCatenaX, type CanonicalToCatenaXOptions } from './from-canonical';
import { catenaXToCanonical } from './to-canonical';
import type { CatenaXNative } from './types';
import { validateCatenaXNative } from './validate';

export { canonicalToCatenaX, type CanonicalToCatenaXOptions } from './from-canonical';
export { passportIdentifiersToCatenaX } from './identifiers';
export { catenaXToCanonical, passportSubjectId, UNVERSIONED } from './to-canonical';
export {
  catenaXMissingRequired,
  catenaXNativeViolations,
  validateCatenaXNative,
  type CatenaXValidationOptions,
} from './validate';
export {
  businessPartnerOf,
  companionToSupplyChain,
  COMPANION_WITHHELD_MEMBERS,
  siteOf,
  supplyChainToCompanion,
} from './supply-chain';
export { PART_REC20_TO_SAMM, PART_SAMM_TO_REC20, REC20_TO_SAMM, SAMM_TO_REC20 } from './units';
export { CATENA_X_ERROR_CODES } from './errors';
export * from './types';

/**
 * The CX adapter. `directory` gives participants and sites of other platforms their BPNL/BPNS/BPNA (without
 * it, a record from another platform fails with `KH_MAP_UNKNOWN_PARTICIPANT`); `allowIncomplete` makes
 * `fromCanonical` accept passports lacking required BatteryPass members.
 */
export function createCatenaXAdapter(opts: CanonicalToCatenaXOptions = {}): PlatformAdapter<CatenaXNative> {
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
