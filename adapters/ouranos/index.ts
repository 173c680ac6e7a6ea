/** The Ouranos-style adapter: native validation and the pure OU native ⇄ canonical mapping. */
import type { CanonicalRecord } from '../canonical/types';
import type { CanonicalMeta, PlatformAdapter } from '../types';
import { canonicalToOuranos, type CanonicalToOuranosOptions } from './from-canonical';
import { ouranosToCanonical } from './to-canonical';
import type { OuranosNativeRecord } from './types';
import { validateOuranosNative } from './validate';

export { ouranosToCanonical } from './to-canonical';
export { canonicalToOuranos, type CanonicalToOuranosOptions } from './from-canonical';
export { validateOuranosNative, ouranosSchemaErrors, type SchemaErrorItem } from './validate';
export { createOuranosRegistry, EMPTY_REGISTRY, type OuranosRegistry } from './registry';
export { OURANOS_ERROR_CODES } from './errors';
export { ouranosMappingLoss } from './mapping-loss';
export { derivedIds, uuidV5 } from './ids';
export {
  docsFromCanonical,
  docsToCanonical,
  dynamicFromCanonical,
  dynamicToCanonical,
  ratedFromCanonical,
  ratedToCanonical,
} from './passport-extension';
export * from './types';

/** Applies the `CanonicalMeta` envelope overrides to a mapped record. */
function withMeta(record: CanonicalRecord, meta: CanonicalMeta | undefined): CanonicalRecord {
  if (meta === undefined) return record;
  const provenance = { ...record.credentialSubject.provenance };
  if (meta.publisher !== undefined) provenance.publisher = meta.publisher;
  if (meta.recordId !== undefined) provenance.recordId = meta.recordId;
  if (meta.recordVersion !== undefined) provenance.recordVersion = meta.recordVersion;
  return {
    ...record,
    ...(meta.credentialId !== undefined ? { id: meta.credentialId } : {}),
    ...(meta.publisher !== undefined ? { issuer: meta.publisher } : {}),
    ...(meta.validFrom !== undefined ? { validFrom: meta.validFrom } : {}),
    ...(meta.validUntil !== undefined ? { validUntil: meta.validUntil } : {}),
    credentialSubject: { ...record.credentialSubject, provenance },
  };
}

/**
 * An OU adapter whose `fromCanonical` looks publishers and plants up in `options.registry` and writes other
 * platforms' participants and sites as the OU ids `options.directory` gives them (`KH_MAP_UNKNOWN_PARTICIPANT`
 * when it has none; without a directory, name-based UUIDs).
 */
export function createOuranosAdapter(
  options: CanonicalToOuranosOptions = {},
): PlatformAdapter<OuranosNativeRecord> {
  return {
    platform: 'ouranos',
    validateNative: validateOuranosNative,
    toCanonical: (native: unknown, meta?: CanonicalMeta) =>
      withMeta(ouranosToCanonical(validateOuranosNative(native)), meta),
    fromCanonical: (record: CanonicalRecord) => validateOuranosNative(canonicalToOuranos(record, options)),
  };
}

/** The OU adapter with an empty registry and no directory (ids of other platforms become name-based UUIDs). */
export const ouranosAdapter: PlatformAdapter<OuranosNativeRecord> = createOuranosAdapter();

export default ouranosAdapter;
