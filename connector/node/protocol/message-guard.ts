/**
 * What the DSP JSON Schemas leave open and the node closes before a message reaches them (pure):
 *
 * - **size**: nesting depth, array lengths, property counts, string lengths and the total number of values
 *   are bounded (`DSP_MESSAGE_LIMITS`), so a hostile peer cannot make the validator or a state machine walk
 *   a 100,000-item `filter`;
 * - **contexts**: every `@context` entry must be the DSP 2025-1 context or another context held offline
 *   (`DSP_CONTEXT_FILES`): the node never dereferences a context, so it accepts none it does not hold;
 * - **closed shapes**: a DSP *message* (`…Message`) may carry only the top-level properties its schema
 *   declares (`DSP_MESSAGE_PROPERTIES`, checked against `schemas/dsp/` by a test).
 *
 * Every refusal is `KH_DSP_SCHEMA_INVALID` (400) with `where` = JSON pointer, and no value in the message.
 */
import { KhError } from '../../errors';
import { DSP_CONTEXT_FILES, dspMessageTypeOf, type DspMessageType } from '../../dsp';

export interface DspMessageLimits {
  /** Deepest nesting of objects and arrays (the message itself is depth 1). */
  maxDepth: number;
  /** Most items in one array. */
  maxArrayItems: number;
  /** Most properties in one object. */
  maxProperties: number;
  /** Longest string (value or property name), in UTF-16 code units. */
  maxStringLength: number;
  /** Most values (objects, arrays, scalars) in the whole message. */
  maxValues: number;
}

/** The limits applied to every DSP message received (documented in docs/operator-guide.md). */
export const DSP_MESSAGE_LIMITS: Readonly<DspMessageLimits> = {
  maxDepth: 16,
  maxArrayItems: 1000,
  maxProperties: 64,
  maxStringLength: 8192,
  maxValues: 20000,
};

const COMMON = ['@context', '@type'] as const;
const PIDS = ['providerPid', 'consumerPid'] as const;

/** The top-level properties each DSP 2025-1 message schema declares (its shape is closed here). */
export const DSP_MESSAGE_PROPERTIES: Readonly<Partial<Record<DspMessageType, readonly string[]>>> = {
  CatalogRequestMessage: [...COMMON, 'filter'],
  DatasetRequestMessage: [...COMMON, 'dataset'],
  ContractRequestMessage: [...COMMON, ...PIDS, 'offer', 'callbackAddress'],
  ContractOfferMessage: [...COMMON, ...PIDS, 'offer', 'callbackAddress'],
  ContractAgreementMessage: [...COMMON, ...PIDS, 'agreement'],
  ContractAgreementVerificationMessage: [...COMMON, ...PIDS],
  ContractNegotiationEventMessage: [...COMMON, ...PIDS, 'eventType'],
  ContractNegotiationTerminationMessage: [...COMMON, ...PIDS, 'code', 'reason'],
  TransferRequestMessage: [
    ...COMMON,
    'agreementId',
    'format',
    'dataAddress',
    'callbackAddress',
    'consumerPid',
  ],
  TransferStartMessage: [...COMMON, ...PIDS, 'dataAddress'],
  TransferCompletionMessage: [...COMMON, ...PIDS],
  TransferSuspensionMessage: [...COMMON, ...PIDS, 'code', 'reason'],
  TransferTerminationMessage: [...COMMON, ...PIDS, 'code', 'reason'],
};

const refuse = (where: string, what: string): KhError =>
  new KhError('KH_DSP_SCHEMA_INVALID', `the DSP message ${what}`, {
    status: 400,
    where: where === '' ? '/' : where,
  });

const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Throws `KH_DSP_SCHEMA_INVALID` when `message` exceeds `limits`. Iterative (no recursion), and it stops at
 * the first excess, so its cost is bounded by `maxValues` whatever the message holds.
 */
export function assertWithinLimits(
  message: unknown,
  limits: Readonly<DspMessageLimits> = DSP_MESSAGE_LIMITS,
): void {
  const stack: { value: unknown; where: string; depth: number }[] = [{ value: message, where: '', depth: 1 }];
  let values = 0;
  while (stack.length > 0) {
    const { value, where, depth } = stack.pop() as { value: unknown; where: string; depth: number };
    values += 1;
    if (values > limits.maxValues) throw refuse('', `holds more than ${limits.maxValues} values`);
    if (typeof value === 'string') {
      if (value.length > limits.maxStringLength)
        throw refuse(where, `has a string longer than ${limits.maxStringLength}`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > limits.maxDepth) throw refuse(where, `is nested deeper than ${limits.maxDepth}`);
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayItems)
        throw refuse(where, `has an array of more than ${limits.maxArrayItems} items`);
      for (let i = 0; i < value.length; i++)
        stack.push({ value: value[i], where: `${where}/${i}`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.maxProperties)
      throw refuse(where, `has an object of more than ${limits.maxProperties} properties`);
    for (const k of keys) {
      if (k.length > limits.maxStringLength)
        throw refuse(where, `has a property name longer than ${limits.maxStringLength}`);
      stack.push({
        value: (value as Record<string, unknown>)[k],
        where: `${where}/${escape(k)}`,
        depth: depth + 1,
      });
    }
  }
}

/** Throws `KH_DSP_SCHEMA_INVALID` when an `@context` entry is not a context this node holds offline. */
export function assertKnownContexts(message: unknown): void {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return;
  const ctx = (message as Record<string, unknown>)['@context'];
  if (ctx === undefined) return; // the schema requires it and says so
  const entries = Array.isArray(ctx) ? ctx : [ctx];
  entries.forEach((entry, i) => {
    const where = Array.isArray(ctx) ? `/@context/${i}` : '/@context';
    if (typeof entry !== 'string')
      throw refuse(where, 'has an embedded @context (only context URLs are accepted)');
    if (!Object.prototype.hasOwnProperty.call(DSP_CONTEXT_FILES, entry))
      throw refuse(where, 'names a @context this node does not hold');
  });
}

/** Throws `KH_DSP_SCHEMA_INVALID` when a DSP message carries a top-level property its schema does not declare. */
export function assertClosedShape(type: DspMessageType, message: unknown): void {
  const allowed = DSP_MESSAGE_PROPERTIES[type];
  if (!allowed || message === null || typeof message !== 'object' || Array.isArray(message)) return;
  for (const k of Object.keys(message)) {
    if (!allowed.includes(k))
      throw refuse(`/${escape(k)}`, `has a property its ${type} schema does not declare`);
  }
}

/**
 * The message's DSP type (from its `@type` only), required to be one of `expected`: throws
 * `KH_DSP_UNKNOWN_MESSAGE_TYPE` (400) otherwise. Reads a single member, so it runs before any walk.
 */
export function validateDspType(message: unknown, expected?: readonly DspMessageType[]): DspMessageType {
  const type = dspMessageTypeOf(message);
  if (expected && !expected.includes(type)) {
    throw new KhError('KH_DSP_UNKNOWN_MESSAGE_TYPE', `a ${type} is not accepted at this endpoint`, {
      status: 400,
      where: '/@type',
    });
  }
  return type;
}
