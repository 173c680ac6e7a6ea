import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DSP_MESSAGE_LIMITS,
  DSP_MESSAGE_PROPERTIES,
  assertClosedShape,
  assertKnownContexts,
  assertWithinLimits,
  validateDspType,
} from '../../connector/node/protocol/message-guard';
import { mapToNative } from '../../connector/node/pipeline/inbound';
import { DSP_MESSAGE_SCHEMAS, type DspMessageType } from '../../connector/dsp';
import { KhError } from '../../connector/errors';

const SCHEMAS = path.resolve(__dirname, '../../schemas/dsp');
const DSP = 'https://w3id.org/dspace/2025/1/context.jsonld';

type Json = Record<string, unknown>;

/** The top-level properties a copied DSP message schema declares (its definition, or its allOf parts). */
function declaredProperties(type: DspMessageType): string[] {
  const file = path.join(SCHEMAS, DSP_MESSAGE_SCHEMAS[type]);
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Json;
  const def = (schema.definitions as Record<string, Json>)[type];
  const out = new Set(Object.keys((def.properties as Json | undefined) ?? {}));
  for (const part of (def.allOf as Json[] | undefined) ?? []) {
    for (const k of Object.keys((part.properties as Json | undefined) ?? {})) out.add(k);
    const ref = part.$ref;
    if (typeof ref === 'string' && ref.includes('transfer-schema.json')) {
      const transfer = JSON.parse(
        readFileSync(path.join(SCHEMAS, 'transfer/transfer-schema.json'), 'utf8'),
      ) as Json;
      const name = ref.split('/').pop() as string;
      const abstract = (transfer.definitions as Record<string, Json>)[name];
      for (const k of Object.keys((abstract.properties as Json | undefined) ?? {})) out.add(k);
    }
  }
  return [...out].sort();
}

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as KhError).code;
  }
};

describe('DSP message guard', () => {
  it('closes each message type to exactly the properties its copied DSP schema declares', () => {
    const types = (Object.keys(DSP_MESSAGE_SCHEMAS) as DspMessageType[]).filter((t) => t.endsWith('Message'));
    expect(Object.keys(DSP_MESSAGE_PROPERTIES).sort()).toEqual([...types].sort());
    for (const t of types)
      expect([...(DSP_MESSAGE_PROPERTIES[t] ?? [])].sort()).toEqual(declaredProperties(t));
  });

  it('passes every example message of the DSP 2025-1 specification', () => {
    const root = path.resolve(__dirname, '../../../shared/fixtures/dsp/DataspaceProtocol');
    const files = ['catalog', 'negotiation', 'transfer'].flatMap((area) =>
      readdirSync(path.join(root, area, 'example'))
        .filter((f) => f.includes('message'))
        .map((f) => path.join(root, area, 'example', f)),
    );
    expect(files.length).toBeGreaterThanOrEqual(16);
    for (const file of files) {
      const m = JSON.parse(readFileSync(file, 'utf8')) as Json;
      const type = m['@type'] as DspMessageType;
      expect(validateDspType(m)).toBe(type);
      expect([path.basename(file), codeOf(() => assertWithinLimits(m))]).toEqual([
        path.basename(file),
        undefined,
      ]);
      expect(codeOf(() => assertKnownContexts(m))).toBeUndefined();
      expect([path.basename(file), codeOf(() => assertClosedShape(type, m))]).toEqual([
        path.basename(file),
        undefined,
      ]);
    }
  });

  it('refuses unknown top-level properties of a message, not of other DSP documents', () => {
    const m = { '@context': [DSP], '@type': 'CatalogRequestMessage', filter: [] };
    expect(codeOf(() => assertClosedShape('CatalogRequestMessage', m))).toBeUndefined();
    expect(codeOf(() => assertClosedShape('CatalogRequestMessage', { ...m, extra: 1 }))).toBe(
      'KH_DSP_SCHEMA_INVALID',
    );
    expect(codeOf(() => assertClosedShape('Catalog', { ...m, anything: 1 }))).toBeUndefined();
  });

  it('accepts only the contexts held offline, as URLs', () => {
    const odrl = 'https://w3id.org/dspace/2025/1/odrl-profile.jsonld';
    expect(codeOf(() => assertKnownContexts({ '@context': [DSP, odrl] }))).toBeUndefined();
    expect(codeOf(() => assertKnownContexts({ '@context': [DSP, 'https://evil.example/x.jsonld'] }))).toBe(
      'KH_DSP_SCHEMA_INVALID',
    );
    expect(
      codeOf(() => assertKnownContexts({ '@context': [DSP, { '@vocab': 'https://evil.example/' }] })),
    ).toBe('KH_DSP_SCHEMA_INVALID');
    expect(codeOf(() => assertKnownContexts({ '@context': 'https://evil.example/x.jsonld' }))).toBe(
      'KH_DSP_SCHEMA_INVALID',
    );
  });

  it('bounds array lengths, property counts, depth, string lengths and the number of values', () => {
    const L = DSP_MESSAGE_LIMITS;
    expect(codeOf(() => assertWithinLimits({ a: Array(L.maxArrayItems).fill(0) }))).toBeUndefined();
    expect(codeOf(() => assertWithinLimits({ a: Array(L.maxArrayItems + 1).fill(0) }))).toBe(
      'KH_DSP_SCHEMA_INVALID',
    );
    const wide = Object.fromEntries(Array.from({ length: L.maxProperties + 1 }, (_, i) => [`k${i}`, i]));
    expect(codeOf(() => assertWithinLimits(wide))).toBe('KH_DSP_SCHEMA_INVALID');
    let deep: unknown = 'x';
    for (let i = 0; i < L.maxDepth; i++) deep = { d: deep };
    expect(codeOf(() => assertWithinLimits(deep))).toBeUndefined();
    expect(codeOf(() => assertWithinLimits({ d: deep }))).toBe('KH_DSP_SCHEMA_INVALID');
    expect(codeOf(() => assertWithinLimits({ s: 'x'.repeat(L.maxStringLength + 1) }))).toBe(
      'KH_DSP_SCHEMA_INVALID',
    );
    const many = { a: Array.from({ length: 40 }, () => Array(L.maxArrayItems).fill(0)) };
    expect(codeOf(() => assertWithinLimits(many))).toBe('KH_DSP_SCHEMA_INVALID');
  });

  it('reads the type before anything else, so a deep body without one is an unknown message type', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100000; i++) deep = [deep];
    expect(codeOf(() => validateDspType(deep, ['CatalogRequestMessage']))).toBe(
      'KH_DSP_UNKNOWN_MESSAGE_TYPE',
    );
    const other = { '@type': 'TransferStartMessage' };
    expect(codeOf(() => validateDspType(other, ['CatalogRequestMessage']))).toBe(
      'KH_DSP_UNKNOWN_MESSAGE_TYPE',
    );
    expect(validateDspType({ '@type': 'CatalogRequestMessage' }, ['CatalogRequestMessage'])).toBe(
      'CatalogRequestMessage',
    );
  });

  it('names where the excess is, and never a value', () => {
    try {
      assertWithinLimits({ filter: Array(100000).fill('secret-value') });
      throw new Error('not refused');
    } catch (err) {
      expect(err).toMatchObject({ code: 'KH_DSP_SCHEMA_INVALID', status: 400, where: '/filter' });
      expect((err as Error).message).not.toContain('secret-value');
    }
  });
});

describe('mapping a received credential', () => {
  it('turns every mapping failure into a typed 4xx', () => {
    const untyped = () => {
      throw new TypeError('x.y is undefined');
    };
    expect(() => mapToNative({ fromCanonical: untyped }, {})).toThrow(
      expect.objectContaining({ code: 'KH_SCHEMA_INVALID', status: 400 }),
    );
    const internal = () => {
      throw new KhError('KH_INTERNAL', 'boom');
    };
    expect(() => mapToNative({ fromCanonical: internal }, {})).toThrow(
      expect.objectContaining({ code: 'KH_SCHEMA_INVALID', status: 400 }),
    );
    const typed = () => {
      throw new KhError('KH_MAP_UNKNOWN_PARTICIPANT', 'no id there');
    };
    expect(() => mapToNative({ fromCanonical: typed }, {})).toThrow(
      expect.objectContaining({ code: 'KH_MAP_UNKNOWN_PARTICIPANT', status: 400 }),
    );
    expect(mapToNative({ fromCanonical: () => ({ ok: true }) }, {})).toEqual({ ok: true });
  });
});
