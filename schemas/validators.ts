/**
 * The compiled JSON Schema validators of the record formats Kakehashi maps between. Each schema is a file
 * under `schemas/` and is compiled once, at module load:
 * - the canonical record (draft 2020-12, `schemas/canonical/battery-passport-credential.schema.json`);
 * - Catena-X BatteryPass 6.1.0 (draft-04, `schemas/catena-x/BatteryPass-6.1.0-schema.json`, the published
 *   bytes), both as published and in Kakehashi's strict reading, which adds what the published patterns let
 *   through: impossible calendar dates (`format: date`, `kh-date-time`) and properties the model does not
 *   define (`additionalProperties: false`);
 * - the CX supply-chain companion aspect (draft-04, `schemas/catena-x/supply-chain-companion.schema.json`).
 */
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import canonicalSchema from './canonical/battery-passport-credential.schema.json';
import batteryPassSchema from './catena-x/BatteryPass-6.1.0-schema.json';
import companionSchema from './catena-x/supply-chain-companion.schema.json';
import { CX_DATE_PATTERN } from './canonical/build-schema';
import { violationsFromAjv, type Violation } from './violations';

export type { Violation } from './violations';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for an existing proleptic-Gregorian date `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return day <= max;
}

/** A date-time whose date part is a calendar date (the time part is left to the schema's pattern). */
export function isCalendarDateTime(value: string): boolean {
  const m = /^-?(\d{4,}-\d{2}-\d{2})T/.exec(value);
  if (!m) return false;
  const date = m[1].length > 10 ? m[1].slice(m[1].length - 10) : m[1];
  return isCalendarDate(date);
}

const SAMM_KEYWORDS = ['x-samm-aspect-model-urn', 'components'];

function draft04(): AjvDraft04 {
  const ajv = new AjvDraft04({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  ajv.addFormat('kh-date-time', { type: 'string', validate: isCalendarDateTime });
  for (const k of SAMM_KEYWORDS) ajv.addKeyword(k);
  return ajv;
}

type JsonNode = unknown;
function isObj(v: JsonNode): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Kakehashi's strict reading of a SAMM-generated schema (see the module comment). */
export function strictenSammSchema(schema: unknown, opts: { dropRequired?: boolean } = {}): unknown {
  const walk = (node: JsonNode): JsonNode => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObj(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'required' && opts.dropRequired === true && Array.isArray(v)) continue;
      out[k] = k === 'required' || k === 'enum' ? v : walk(v);
    }
    if (out.type === 'object' && isObj(out.properties)) out.additionalProperties = false;
    if (out.type === 'string' && out.pattern === CX_DATE_PATTERN) out.format = 'date';
    if (
      out.type === 'string' &&
      typeof out.pattern === 'string' &&
      out.pattern.startsWith('-?([1-9][0-9]{3,}')
    ) {
      out.format = 'kh-date-time';
    }
    return out;
  };
  return walk(schema);
}

const canonicalAjv = new Ajv2020({ allErrors: true, strict: true, validateFormats: true });
addFormats(canonicalAjv);
canonicalAjv.addFormat('date', { type: 'string', validate: isCalendarDate });
canonicalAjv.addFormat('kh-date-time', { type: 'string', validate: isCalendarDateTime });
const canonicalValidate: ValidateFunction = canonicalAjv.compile(canonicalSchema);

const cxAjv = draft04();
const batteryPassPublished: ValidateFunction = cxAjv.compile(batteryPassSchema);
const batteryPassStrict: ValidateFunction = draft04().compile(
  strictenSammSchema(batteryPassSchema) as object,
);
const companionValidate: ValidateFunction = cxAjv.compile(companionSchema);
let batteryPassIncomplete: ValidateFunction | undefined;
let companionIncomplete: ValidateFunction | undefined;
let canonicalWithheld: ValidateFunction | undefined;

/** Copy of a schema without any `required` (for documents from which claims may have been withheld). */
export function withoutRequired(schema: unknown): unknown {
  const walk = (node: JsonNode): JsonNode => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObj(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'required' && Array.isArray(v)) continue;
      if (k === 'dependencies' && isObj(v)) continue;
      out[k] = k === 'enum' || k === 'const' ? v : walk(v);
    }
    return out;
  };
  return walk(schema);
}

function run(validate: ValidateFunction, doc: unknown, prefix = ''): Violation[] {
  return validate(doc) ? [] : violationsFromAjv(validate.errors, prefix);
}

/**
 * Violations of the canonical record schema (empty when valid). `allowWithheld` accepts a record from which
 * claims were withheld (a verified presentation): no member is required, everything present is checked.
 */
export function canonicalSchemaViolations(doc: unknown, opts: { allowWithheld?: boolean } = {}): Violation[] {
  if (opts.allowWithheld !== true) return run(canonicalValidate, doc);
  if (canonicalWithheld === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: true });
    addFormats(ajv);
    ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
    ajv.addFormat('kh-date-time', { type: 'string', validate: isCalendarDateTime });
    canonicalWithheld = ajv.compile(withoutRequired(canonicalSchema) as object);
  }
  return run(canonicalWithheld, doc);
}

/**
 * Violations of BatteryPass 6.1.0. `mode: 'strict'` (default) is Kakehashi's reading (calendar dates, no
 * undefined properties); `'published'` is the schema exactly as published; `'incomplete'` is the strict
 * reading without `required` (a partial passport: what is there must be right, what is missing is allowed).
 */
export function batteryPassViolations(
  doc: unknown,
  opts: { mode?: 'strict' | 'published' | 'incomplete'; prefix?: string } = {},
): Violation[] {
  if (opts.mode === 'incomplete' && batteryPassIncomplete === undefined) {
    batteryPassIncomplete = draft04().compile(
      strictenSammSchema(batteryPassSchema, { dropRequired: true }) as object,
    );
  }
  const validate =
    opts.mode === 'published'
      ? batteryPassPublished
      : opts.mode === 'incomplete'
        ? (batteryPassIncomplete as ValidateFunction)
        : batteryPassStrict;
  return run(validate, doc, opts.prefix ?? '');
}

/** Violations of the CX supply-chain companion aspect (its own schema is already strict). */
export function supplyChainCompanionViolations(
  doc: unknown,
  opts: { prefix?: string; incomplete?: boolean } = {},
): Violation[] {
  if (opts.incomplete !== true) return run(companionValidate, doc, opts.prefix ?? '');
  if (companionIncomplete === undefined)
    companionIncomplete = draft04().compile(withoutRequired(companionSchema) as object);
  return run(companionIncomplete, doc, opts.prefix ?? '');
}
