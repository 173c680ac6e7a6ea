/** Validation of canonical records: JSON Schema (always) and, asynchronously, full JSON-LD term definition. */
import { canonicalSchemaViolations, type Violation } from '../../schemas/validators';
import { schemaInvalidError } from '../../schemas/violations';
import { assertFullyDefined } from '../../schemas/jsonld';
import type { CanonicalRecord } from './types';

export interface CanonicalValidationOptions {
  /** A record from which claims may have been withheld (a verified presentation): nothing is required. */
  allowWithheld?: boolean;
}

export function canonicalViolations(doc: unknown, opts: CanonicalValidationOptions = {}): Violation[] {
  return canonicalSchemaViolations(doc, opts);
}

/** Returns `doc` typed when it validates against the canonical schema; throws `KH_SCHEMA_INVALID` otherwise. */
export function validateCanonical(doc: unknown, opts: CanonicalValidationOptions = {}): CanonicalRecord {
  const violations = canonicalSchemaViolations(doc, opts);
  if (violations.length > 0) throw schemaInvalidError('canonical record', violations);
  return doc as CanonicalRecord;
}

/** Schema validation, then JSON-LD expansion in safe mode (`KH_JSONLD_UNDEFINED_TERM` on an undefined term). */
export async function validateCanonicalFully(doc: unknown): Promise<CanonicalRecord> {
  const record = validateCanonical(doc);
  await assertFullyDefined(record);
  return record;
}
