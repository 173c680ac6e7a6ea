import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import {
  createDspValidators,
  DSP_MESSAGE_SCHEMAS,
  DSP_SCHEMA_FILES,
  DspMessageType,
  dspMessageTypeOf,
  normaliseDefinitionRefs,
  validateDspMessage,
  validateDspMessageAuto,
} from '../../connector/dsp';
import { KhError } from '../../connector/errors';
import { FIXTURE_DIR, listExamples, listFilesRecursive, REPO_SCHEMA_DIR } from './fixtures';

function typeForSchemaFile(file: string): DspMessageType {
  const entry = Object.entries(DSP_MESSAGE_SCHEMAS).find(([, f]) => f === file);
  if (!entry) throw new Error(`no message type for ${file}`);
  return entry[0] as DspMessageType;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof KhError ? e.code : `not a KhError: ${String(e)}`;
  }
  return undefined;
}

describe('schemas/dsp is a byte copy of the DSP 2025-1 schemas and contexts', () => {
  const fixtureFiles = listFilesRecursive(FIXTURE_DIR).filter((f) => !f.includes('/example/'));
  it('holds every schema and context of the fixture, and nothing else', () => {
    expect(listFilesRecursive(REPO_SCHEMA_DIR)).toEqual(fixtureFiles);
    expect(fixtureFiles).toHaveLength(28);
  });
  it.each(fixtureFiles)('%s is byte-identical', (file) => {
    expect(
      readFileSync(path.join(REPO_SCHEMA_DIR, file)).equals(readFileSync(path.join(FIXTURE_DIR, file))),
    ).toBe(true);
  });
  it('the catalogue lists every schema file', () => {
    expect([...DSP_SCHEMA_FILES].sort()).toEqual(
      fixtureFiles.filter((f) => f.endsWith('-schema.json')).sort(),
    );
  });
});

describe('the upstream #definitions fragment (DataspaceProtocol#265)', () => {
  const raw = JSON.parse(
    readFileSync(path.join(REPO_SCHEMA_DIR, 'transfer/transfer-error-schema.json'), 'utf8'),
  );
  const base = JSON.parse(readFileSync(path.join(REPO_SCHEMA_DIR, 'transfer/transfer-schema.json'), 'utf8'));
  const ctx = JSON.parse(readFileSync(path.join(REPO_SCHEMA_DIR, 'common/context-schema.json'), 'utf8'));
  it('does not compile as published', () => {
    const ajv = new Ajv2019({ strict: false });
    ajv.addSchema(ctx);
    ajv.addSchema(base);
    expect(() => ajv.compile(raw)).toThrow();
  });
  it('compiles once normalised, without mutating the loaded object', () => {
    const before = JSON.stringify(raw);
    const fixed = normaliseDefinitionRefs(raw) as Record<string, unknown>;
    expect(JSON.stringify(raw)).toBe(before);
    expect(JSON.stringify(fixed)).toContain('transfer-schema.json#/definitions/AbstractTransferCodeMessage');
    const ajv = new Ajv2019({ strict: false });
    ajv.addSchema(ctx);
    ajv.addSchema(base);
    expect(typeof ajv.compile(fixed)).toBe('function');
  });
});

describe('every fixture example against its schema', () => {
  const examples = listExamples();
  // Known upstream defect (DataspaceProtocol#251): the schema requires serviceEndpoint to end in /catalog.
  const knownInvalid = new Set(['common/dataservice-did-service.json']);
  it('has the 27 examples', () => expect(examples).toHaveLength(27));
  it.each(examples.map((e) => [`${e.area}/${e.file}`, e] as const))('%s', (name, ex) => {
    const type = typeForSchemaFile(ex.schemaFile);
    if (knownInvalid.has(name)) {
      expect(codeOf(() => validateDspMessage(type, ex.json))).toBe('KH_DSP_SCHEMA_INVALID');
    } else {
      expect(validateDspMessage(type, ex.json)).toBe(ex.json);
    }
  });
});

describe('negative examples fail with JSON pointers', () => {
  const examples = listExamples().filter((e) => typeof e.json['@type'] === 'string' && e.area !== 'common');
  it.each(examples.map((e) => [`${e.area}/${e.file}`, e] as const))('%s without @context fails', (_n, ex) => {
    const { '@context': _ctx, ...rest } = ex.json;
    expect(codeOf(() => validateDspMessage(typeForSchemaFile(ex.schemaFile), rest))).toBe(
      'KH_DSP_SCHEMA_INVALID',
    );
  });
  it.each(examples.map((e) => [`${e.area}/${e.file}`, e] as const))(
    '%s with a foreign @context fails',
    (_n, ex) => {
      const bad = { ...ex.json, '@context': ['https://example.org/other.jsonld'] };
      expect(codeOf(() => validateDspMessage(typeForSchemaFile(ex.schemaFile), bad))).toBe(
        'KH_DSP_SCHEMA_INVALID',
      );
    },
  );
  it('reports the failing pointer in where and every violation in details', () => {
    const ex = listExamples().find((e) => e.file === 'transfer-request-message.json');
    const bad = structuredClone(ex!.json) as Record<string, unknown>;
    (bad.dataAddress as Record<string, unknown>).endpointProperties = [
      { '@type': 'EndpointProperty', name: 'x' },
    ];
    try {
      validateDspMessage('TransferRequestMessage', bad);
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(KhError);
      const err = e as KhError;
      expect(err.code).toBe('KH_DSP_SCHEMA_INVALID');
      expect(err.status).toBe(400);
      expect(err.where).toBe('/dataAddress/endpointProperties/0');
      expect(Array.isArray(err.details?.violations)).toBe(true);
    }
  });
  it('refuses a wrong @type constant', () => {
    const ex = listExamples().find((e) => e.file === 'transfer-completion-message.json')!;
    const bad = { ...ex.json, '@type': 'TransferStartMessage' };
    expect(codeOf(() => validateDspMessage('TransferCompletionMessage', bad))).toBe('KH_DSP_SCHEMA_INVALID');
  });
  it('refuses a contract request carrying both callbackAddress and providerPid (schema oneOf)', () => {
    const ex = listExamples().find((e) => e.file === 'contract-request-message.json')!;
    const bad = { ...ex.json, callbackAddress: 'https://example.com/cb' };
    expect(codeOf(() => validateDspMessage('ContractRequestMessage', bad))).toBe('KH_DSP_SCHEMA_INVALID');
  });
  it('refuses a dataset offer carrying a target', () => {
    const ex = listExamples().find((e) => e.file === 'dataset.json')!;
    const bad = structuredClone(ex.json) as { hasPolicy: Record<string, unknown>[] };
    bad.hasPolicy[0].target = 'urn:x';
    expect(codeOf(() => validateDspMessage('Dataset', bad))).toBe('KH_DSP_SCHEMA_INVALID');
  });
});

describe('message type dispatch', () => {
  it('reads @type', () => {
    const ex = listExamples().find((e) => e.file === 'transfer-error.json')!;
    expect(dspMessageTypeOf(ex.json)).toBe('TransferError');
    expect(validateDspMessageAuto(ex.json, ['TransferError']).type).toBe('TransferError');
  });
  it('refuses unknown or unexpected types', () => {
    expect(codeOf(() => dspMessageTypeOf({ '@type': 'Nope' }))).toBe('KH_DSP_UNKNOWN_MESSAGE_TYPE');
    expect(codeOf(() => dspMessageTypeOf('x'))).toBe('KH_DSP_UNKNOWN_MESSAGE_TYPE');
    const ex = listExamples().find((e) => e.file === 'transfer-error.json')!;
    expect(codeOf(() => validateDspMessageAuto(ex.json, ['TransferStartMessage']))).toBe(
      'KH_DSP_UNKNOWN_MESSAGE_TYPE',
    );
  });
  it('refuses a schema directory that lacks the files', () => {
    expect(codeOf(() => createDspValidators(path.join(REPO_SCHEMA_DIR, 'nope')))).toBe(
      'KH_DSP_SCHEMA_LOAD_FAILED',
    );
  });
});
