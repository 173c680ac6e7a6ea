/**
 * DSP 2025-1 message validation against the published JSON Schemas (draft 2019-09), held offline under
 * `schemas/dsp/`. Every message schema is compiled once (`loadDspValidators`, called at start; the first
 * `validateDspMessage` call loads them too).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { KhError } from '../../errors';
import { DSP_MESSAGE_SCHEMAS, DSP_SCHEMA_FILES, DspMessageType, isDspMessageType } from './catalogue';
import { normaliseDefinitionRefs } from './normalise-ref';

/** Default location of the copied schemas: `<repo>/schemas/dsp`. */
export const DSP_SCHEMA_DIR = path.resolve(__dirname, '../../../schemas/dsp');

export interface DspSchemaViolation {
  /** JSON pointer into the message ('' is the whole message). */
  pointer: string;
  keyword: string;
  message: string;
}

export interface DspValidators {
  validate(type: DspMessageType, message: unknown): DspSchemaViolation[];
}

let cached: DspValidators | undefined;

function readSchema(dir: string, file: string): Record<string, unknown> {
  const where = path.join(dir, file);
  try {
    const parsed: unknown = JSON.parse(readFileSync(where, 'utf8'));
    const fixed = normaliseDefinitionRefs(parsed);
    if (fixed === null || typeof fixed !== 'object' || Array.isArray(fixed)) throw new Error('not an object');
    return fixed as Record<string, unknown>;
  } catch (cause) {
    throw new KhError('KH_DSP_SCHEMA_LOAD_FAILED', `cannot load DSP schema ${file}`, {
      where,
      status: 500,
      cause,
    });
  }
}

function toViolations(errors: ErrorObject[] | null | undefined): DspSchemaViolation[] {
  // Only the pointer, keyword and Ajv's message (which names schema constraints, never instance values).
  return (errors ?? []).map((e) => ({
    pointer: e.instancePath,
    keyword: e.keyword,
    message: e.message ?? '',
  }));
}

/** Load and compile every DSP schema from `schemaDir` (default `schemas/dsp`). */
export function createDspValidators(schemaDir: string = DSP_SCHEMA_DIR): DspValidators {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  const ids = new Map<string, unknown>();
  for (const file of DSP_SCHEMA_FILES) {
    const schema = readSchema(schemaDir, file);
    ids.set(file, schema.$id);
    ajv.addSchema(schema);
  }
  const compiled = new Map<DspMessageType, ValidateFunction>();
  for (const [type, file] of Object.entries(DSP_MESSAGE_SCHEMAS) as [DspMessageType, string][]) {
    const id = ids.get(file);
    try {
      const fn = typeof id === 'string' ? ajv.getSchema(id) : undefined;
      if (!fn) throw new Error(`no schema with $id ${String(id)}`);
      compiled.set(type, fn);
    } catch (cause) {
      throw new KhError('KH_DSP_SCHEMA_LOAD_FAILED', `cannot compile DSP schema ${file}`, {
        where: path.join(schemaDir, file),
        status: 500,
        cause,
      });
    }
  }
  return {
    validate(type, message) {
      const fn = compiled.get(type);
      if (!fn) throw new KhError('KH_DSP_UNKNOWN_MESSAGE_TYPE', `unknown DSP message type ${type}`);
      return fn(message) ? [] : toViolations(fn.errors);
    },
  };
}

/** The process-wide validators from `schemas/dsp`, compiled once. */
export function loadDspValidators(): DspValidators {
  cached ??= createDspValidators();
  return cached;
}

/**
 * Validate `message` as a DSP message of `type`; returns it typed as a record, or throws
 * `KH_DSP_SCHEMA_INVALID` (400) whose `where` is the first failing JSON pointer and whose
 * `details.violations` lists them all.
 */
export function validateDspMessage(type: DspMessageType, message: unknown): Record<string, unknown> {
  if (!isDspMessageType(type)) {
    throw new KhError('KH_DSP_UNKNOWN_MESSAGE_TYPE', 'unknown DSP message type', { where: '/@type' });
  }
  const violations = loadDspValidators().validate(type, message);
  if (violations.length > 0) {
    throw new KhError('KH_DSP_SCHEMA_INVALID', `${type} does not validate against its DSP 2025-1 schema`, {
      where: violations[0].pointer === '' ? '/' : violations[0].pointer,
      status: 400,
      details: { type, violations },
    });
  }
  return message as Record<string, unknown>;
}

/** The DSP message type named by a message's `@type` (throws `KH_DSP_UNKNOWN_MESSAGE_TYPE`). */
export function dspMessageTypeOf(message: unknown): DspMessageType {
  const type =
    message !== null && typeof message === 'object'
      ? (message as Record<string, unknown>)['@type']
      : undefined;
  if (!isDspMessageType(type)) {
    throw new KhError('KH_DSP_UNKNOWN_MESSAGE_TYPE', 'the message @type is not a known DSP 2025-1 type', {
      where: '/@type',
    });
  }
  return type;
}

/** Validate a message whose type is read from its own `@type`, optionally requiring one of `expected`. */
export function validateDspMessageAuto(
  message: unknown,
  expected?: readonly DspMessageType[],
): { type: DspMessageType; message: Record<string, unknown> } {
  const type = dspMessageTypeOf(message);
  if (expected && !expected.includes(type)) {
    throw new KhError('KH_DSP_UNKNOWN_MESSAGE_TYPE', `a ${type} is not accepted at this endpoint`, {
      where: '/@type',
    });
  }
  return { type, message: validateDspMessage(type, message) };
}
