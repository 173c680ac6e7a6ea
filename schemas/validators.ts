/**
 * The compiled JSON Schema validators of the record formats Kakehashi maps between. Each schema is a file
 * under `schemas/` and is compiled once, at module load:
 * - the canonical record (draft 2020-12, `schemas/canonical/battery-passport-credential.schema.json`);
 * - Catena-X BatteryPass 6.1.0 (draft-04, `schemas/catena-x/BatteryPass-6.1.0-schema.json`, the published
 *   bytes), both as published and in Kakehashi's strict reading, which adds what the published patterns let
 *   through: impossible calendar dates (`format: date`, `kh-date-time`) and properties the model does not
 *   define (`additionalProperties: false`);
 * - the CX supply-chain companion aspect (draft-04, `schemas/catena-x/supply-chain-companion.schema.json`).
 *
 * Each is compiled without `allErrors` for the common case (a valid document); a document that fails is
 * validated again by an `allErrors` twin, compiled on first need, so the reported violations are complete.
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
import { isCalendarDate, isCalendarDateTime } from './formats';

export type { Violation } from './violations';
export { isCalendarDate, isCalendarDateTime, isUuidFormat } from './formats';

const SAMM_KEYWORDS = ['x-samm-aspect-model-urn', 'components'];

function draft04(allErrors = true): AjvDraft04 {
  const ajv = new AjvDraft04({ allErrors, strict: false, validateFormats: true });
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

/**
 * A schema compiled twice: `fast` without `allErrors` (it stops at the first failure; valid documents, the
 * common case, only ever meet this one) and `full` with `allErrors`, compiled on first need, which a failing
 * document is validated again with so that the reported violations are the complete list.
 */
interface TwoPass {
  readonly fast: ValidateFunction;
  full(): ValidateFunction;
}

function twoPass(compile: (allErrors: boolean) => ValidateFunction): TwoPass {
  let full: ValidateFunction | undefined;
  return {
    fast: compile(false),
    full: () => (full ??= compile(true)),
  };
}

function canonical2020(schema: object, allErrors: boolean): ValidateFunction {
  const ajv = new Ajv2020({ allErrors, strict: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  ajv.addFormat('kh-date-time', { type: 'string', validate: isCalendarDateTime });
  return ajv.compile(schema);
}

const canonicalValidate = twoPass((all) => canonical2020(canonicalSchema, all));
const batteryPassPublished = twoPass((all) => draft04(all).compile(batteryPassSchema));
const batteryPassStrict = twoPass((all) =>
  draft04(all).compile(strictenSammSchema(batteryPassSchema) as object),
);
const companionValidate = twoPass((all) => draft04(all).compile(companionSchema));
let batteryPassIncomplete: TwoPass | undefined;
let companionIncomplete: TwoPass | undefined;
let canonicalWithheld: TwoPass | undefined;

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

function run(validate: TwoPass, doc: unknown, prefix = ''): Violation[] {
  if (validate.fast(doc)) return [];
  const full = validate.full();
  return violationsFromAjv(full(doc) ? validate.fast.errors : full.errors, prefix);
}

/**
 * Violations of the canonical record schema (empty when valid). `allowWithheld` accepts a record from which
 * claims were withheld (a verified presentation): no member is required, everything present is checked.
 */
export function canonicalSchemaViolations(doc: unknown, opts: { allowWithheld?: boolean } = {}): Violation[] {
  if (opts.allowWithheld !== true) return run(canonicalValidate, doc);
  canonicalWithheld ??= twoPass((all) => canonical2020(withoutRequired(canonicalSchema) as object, all));
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
    batteryPassIncomplete = twoPass((all) =>
      draft04(all).compile(strictenSammSchema(batteryPassSchema, { dropRequired: true }) as object),
    );
  }
  const validate =
    opts.mode === 'published'
      ? batteryPassPublished
      : opts.mode === 'incomplete'
        ? (batteryPassIncomplete as TwoPass)
        : batteryPassStrict;
  return run(validate, doc, opts.prefix ?? '');
}

/** Violations of the CX supply-chain companion aspect (its own schema is already strict). */
export function supplyChainCompanionViolations(
  doc: unknown,
  opts: { prefix?: string; incomplete?: boolean } = {},
): Violation[] {
  if (opts.incomplete !== true) return run(companionValidate, doc, opts.prefix ?? '');
  companionIncomplete ??= twoPass((all) => draft04(all).compile(withoutRequired(companionSchema) as object));
  return run(companionIncomplete, doc, opts.prefix ?? '');
}
