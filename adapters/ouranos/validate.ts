/**
 * Validation of OU native records against `schemas/ouranos/battery-product-record.schema.json`
 * (JSON Schema draft 2020-12), compiled once on first use. `format` is checked in ajv-formats' full mode,
 * so impossible calendar dates (2025-02-30) are rejected (`date` and `uuid` by equivalent hand-written checks,
 * schemas/formats.ts).
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { KhError } from '../../connector/errors';
import schema from '../../schemas/ouranos/battery-product-record.schema.json';
import { isCalendarDate, isUuidFormat } from '../../schemas/formats';
import type { OuranosNativeRecord } from './types';

export interface SchemaErrorItem {
  /** JSON pointer of the failing value (for `required`, of the missing member). */
  pointer: string;
  /** The JSON Schema keyword that failed (`type`, `required`, `enum`, `format`, ...). */
  rule: string;
  message: string;
}

const MAX_REPORTED_ERRORS = 20;
let fast: ValidateFunction | undefined;
let full: ValidateFunction | undefined;

function compile(allErrors: boolean): ValidateFunction {
  const ajv = new Ajv2020({ allErrors, strict: true, strictTypes: false });
  addFormats(ajv, { mode: 'full' });
  // The same checks as ajv-formats' full `date` and `uuid`, without regular expressions (see validators.ts).
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  ajv.addFormat('uuid', { type: 'string', validate: isUuidFormat });
  return ajv.compile(schema);
}

/**
 * Valid records (the common case) only meet the validator without `allErrors`, which stops at the first
 * failure; a failing record is validated again with `allErrors` (compiled on first need) for the full list.
 */
function validator(): ValidateFunction {
  return (fast ??= compile(false));
}

function fullValidator(): ValidateFunction {
  return (full ??= compile(true));
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toItem(error: ErrorObject): SchemaErrorItem {
  const params = error.params as Record<string, unknown>;
  const missing = error.keyword === 'required' ? params.missingProperty : undefined;
  const extra =
    error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties'
      ? (params.additionalProperty ?? params.unevaluatedProperty)
      : undefined;
  const member = typeof missing === 'string' ? missing : typeof extra === 'string' ? extra : undefined;
  const pointer =
    member === undefined ? error.instancePath : `${error.instancePath}/${escapePointerToken(member)}`;
  return {
    pointer: pointer === '' ? '/' : pointer,
    rule: error.keyword,
    message: error.message ?? error.keyword,
  };
}

/** Schema failures as pointer/rule/message items, deduplicated, in ajv's order. */
export function ouranosSchemaErrors(doc: unknown): SchemaErrorItem[] {
  if (validator()(doc)) return [];
  const all = fullValidator();
  const validate = all(doc) ? validator() : all;
  const seen = new Set<string>();
  const items: SchemaErrorItem[] = [];
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'allOf' || error.keyword === 'if') continue;
    const item = toItem(error);
    const key = `${item.pointer}|${item.rule}|${item.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  return items.slice(0, MAX_REPORTED_ERRORS);
}

/** Validates an OU native record; throws `KH_SCHEMA_INVALID` with the failures. */
export function validateOuranosNative(doc: unknown): OuranosNativeRecord {
  const errors = ouranosSchemaErrors(doc);
  if (errors.length > 0) {
    throw new KhError(
      'KH_SCHEMA_INVALID',
      `Ouranos native record is invalid: ${errors[0].rule} at ${errors[0].pointer}`,
      {
        where: errors[0].pointer,
        details: { errors },
      },
    );
  }
  return doc as OuranosNativeRecord;
}
