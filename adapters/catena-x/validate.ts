/**
 * Validation of CX native input: the BatteryPass 6.1.0 document in Kakehashi's strict reading (the published
 * schema plus calendar-valid dates and no properties outside the model) and, when present, the supply-chain
 * companion. Error pointers are relative to the input: a bare BatteryPass gives `/operation/intoServiceDate`,
 * a record gives `/batteryPass/operation/intoServiceDate` and `/supplyChain/childItems/0/tier`.
 */
import {
  batteryPassViolations,
  supplyChainCompanionViolations,
  type Violation,
} from '../../schemas/validators';
import { schemaInvalidError } from '../../schemas/violations';
import { isCatenaXRecord, type CatenaXNative } from './types';

const RECORD_KEYS = new Set(['batteryPass', 'supplyChain']);

export interface CatenaXValidationOptions {
  /**
   * Accept a BatteryPass (and companion) lacking members the schemas require (everything present is still
   * checked: types, enums, patterns, calendar dates, no undefined properties). For passports built from
   * another platform's records or from presentations with withheld claims; off by default.
   */
  allowIncomplete?: boolean;
}

/** Every violation of `doc` as CX native input (empty when valid). */
export function catenaXNativeViolations(doc: unknown, opts: CatenaXValidationOptions = {}): Violation[] {
  const mode = opts.allowIncomplete === true ? 'incomplete' : 'strict';
  if (!isCatenaXRecord(doc)) return batteryPassViolations(doc, { mode });
  const out: Violation[] = [];
  for (const key of Object.keys(doc)) {
    if (!RECORD_KEYS.has(key)) {
      out.push({
        pointer: `/${key}`,
        rule: 'additionalProperties',
        message: 'must NOT have additional properties',
      });
    }
  }
  out.push(...batteryPassViolations(doc.batteryPass, { mode, prefix: '/batteryPass' }));
  if (doc.supplyChain !== undefined) {
    out.push(
      ...supplyChainCompanionViolations(doc.supplyChain, {
        prefix: '/supplyChain',
        incomplete: opts.allowIncomplete === true,
      }),
    );
  }
  return out;
}

/**
 * The members BatteryPass 6.1.0 requires that `doc` lacks (pointers), e.g. to report what a passport built
 * with `allowIncomplete` still misses.
 */
export function catenaXMissingRequired(doc: unknown): string[] {
  return catenaXNativeViolations(doc)
    .filter((v) => v.rule === 'required')
    .map((v) => v.pointer);
}

/** Returns `doc` typed when it is valid CX native input; throws `KH_SCHEMA_INVALID` (details.errors) otherwise. */
export function validateCatenaXNative(doc: unknown, opts: CatenaXValidationOptions = {}): CatenaXNative {
  const violations = catenaXNativeViolations(doc, opts);
  if (violations.length > 0) throw schemaInvalidError('Catena-X native record', violations);
  return doc as CatenaXNative;
}
