/**
 * The interface every platform adapter implements (`adapters/<platform>/index.ts` exports one), and that
 * the node depends on: native validation and the pure mapping between a platform's native JSON and the
 * canonical record.
 */
import type { CanonicalRecord, SourcePlatform } from './canonical/types';

export type PlatformName = SourcePlatform;

/** Envelope and provenance choices for `toCanonical`; each has a documented default per adapter. */
export interface CanonicalMeta {
  /** IRI of the publishing company (default: derived from the native record's operator/owner). */
  publisher?: string;
  recordId?: string;
  recordVersion?: string;
  /** Credential `id` (default `urn:kakehashi:record:<platform>:<recordId>:<recordVersion>`). */
  credentialId?: string;
  /** XSD dateTime (default derived from the native record, never from the clock). */
  validFrom?: string;
  validUntil?: string;
}

export interface PlatformAdapter<Native = unknown> {
  platform: PlatformName;
  /** Returns the document typed when it validates; throws `KH_SCHEMA_INVALID` (details.errors) otherwise. */
  validateNative(doc: unknown): Native;
  /** Validates, then maps native → canonical. Pure and deterministic. */
  toCanonical(native: unknown, meta?: CanonicalMeta): CanonicalRecord;
  /** Maps canonical → native and validates the result. Pure and deterministic. */
  fromCanonical(record: CanonicalRecord): Native;
}
