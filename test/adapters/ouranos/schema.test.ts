import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { validateOuranosNative, type OuranosNativeRecord } from '../../../adapters/ouranos';
import schema from '../../../schemas/ouranos/battery-product-record.schema.json';
import { FIXTURES, clone, readJson, seedFiles, thrown } from './helpers';

const OPENAPI = path.join(FIXTURES, 'ouranos/data-transaction-system/docs/openapi.yaml');
const PAYLOADS = path.join(
  FIXTURES,
  'ouranos/data-transaction-system/test/fixtures/fixtures_outer.payloads.json',
);

function firstSeed(): OuranosNativeRecord {
  return clone(seedFiles('ouranos')[0].record) as OuranosNativeRecord;
}

function schemaError(doc: unknown): { where?: string; rules: string[]; pointers: string[]; code?: string } {
  const error = thrown(() => validateOuranosNative(doc));
  const errors = (error.details?.errors ?? []) as Array<{ pointer: string; rule: string; message: string }>;
  return {
    code: error.code,
    where: error.where,
    rules: errors.map((e) => e.rule),
    pointers: errors.map((e) => e.pointer),
  };
}

describe('OU native schema: seeds', () => {
  const seeds = seedFiles('ouranos');
  it('has at least 10 OU seed records', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(10);
  });
  it.each(seeds.map((s) => [s.name, s.record]))('%s validates', (_name, record) => {
    expect(validateOuranosNative(record)).toBe(record);
  });
});

describe('OU native schema: the real Ouranos API models', () => {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
  addFormats(ajv, { mode: 'full' });
  ajv.addSchema(schema);
  const model = (name: string) => {
    const validate = ajv.getSchema(`${schema.$id}#/$defs/traceability.${name}`);
    if (validate === undefined) throw new Error(`no $defs for ${name}`);
    return validate;
  };
  const openapi = YAML.parse(readFileSync(OPENAPI, 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
  };

  // Every request/response example of the data-platform API, grouped by the traceability model it shows.
  const examples: Array<[string, unknown]> = [];
  for (const ops of Object.values(openapi.paths)) {
    for (const op of Object.values(ops) as Array<Record<string, unknown>>) {
      const bodies: unknown[] = [];
      const req = (op.requestBody as { content?: Record<string, unknown> } | undefined)?.content?.[
        'application/json'
      ];
      if (req !== undefined) bodies.push(req);
      for (const [status, res] of Object.entries(
        (op.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>,
      )) {
        if (status.startsWith('2') && res.content?.['application/json'] !== undefined)
          bodies.push(res.content['application/json']);
      }
      for (const body of bodies as Array<{
        schema?: { $ref?: string; items?: { $ref?: string } };
        examples?: Record<string, { value: unknown }>;
      }>) {
        const ref = body.schema?.$ref ?? body.schema?.items?.$ref;
        const match = ref === undefined ? null : /traceability\.(\w+Model)$/.exec(ref);
        if (match === null) continue;
        for (const ex of Object.values(body.examples ?? {})) {
          const values = Array.isArray(ex.value) ? ex.value : [ex.value];
          for (const v of values) examples.push([match[1], v]);
        }
      }
    }
  }
  const reused = [
    'OperatorModel',
    'PlantModel',
    'PartsModel',
    'PartsStructureModel',
    'TradeModel',
    'CfpModel',
    'CfpCertificationModel',
  ];

  it('finds examples of every reused API model in openapi.yaml', () => {
    const found = new Set(examples.map(([name]) => name));
    for (const name of reused) expect(found).toContain(name);
  });

  it.each(examples.filter(([name]) => reused.includes(name)))(
    '%s example validates against the mirrored model',
    (name, value) => {
      const validate = model(name);
      expect(validate(value)).toBe(true);
    },
  );

  it('rejects the traceability system payload whose unit is outside the OU code list (amountUnitName "kg")', () => {
    const payloads = readJson(PAYLOADS) as Record<string, { parts: Array<Record<string, unknown>> }>;
    const bad = payloads.GetParts_InvalidTypeError.parts[0];
    const good = payloads.GetParts_RequireItemOnly.parts[0];
    const asParts = (p: Record<string, unknown>) => ({
      traceId: p.traceId,
      operatorId: p.operatorId,
      plantId: p.plantId,
      partsName: p.partsItem,
      supportPartsName: p.supportPartsItem ?? null,
      terminatedFlag: p.endFlag,
      amountRequired: null,
      amountRequiredUnit: p.amountUnitName ?? null,
    });
    expect(model('PartsModel')(asParts(good))).toBe(true);
    expect(model('PartsModel')(asParts(bad))).toBe(false);
    expect(model('PartsModel').errors?.[0]?.keyword).toBe('enum');
  });
});

describe('OU native schema: error paths', () => {
  it('bad type', () => {
    const doc = firstSeed() as unknown as Record<string, unknown>;
    doc.recordVersion = '2';
    const e = schemaError(doc);
    expect(e.code).toBe('KH_SCHEMA_INVALID');
    expect(e.where).toBe('/recordVersion');
    expect(e.rules[0]).toBe('type');
  });

  it('missing required member (pointer names the member)', () => {
    const doc = firstSeed();
    delete (doc.batteryModel as Partial<typeof doc.batteryModel>).batteryChemistry;
    const e = schemaError(doc);
    expect(e.code).toBe('KH_SCHEMA_INVALID');
    expect(e.where).toBe('/batteryModel/batteryChemistry');
    expect(e.rules[0]).toBe('required');
  });

  it('missing required member of an API model', () => {
    const doc = firstSeed();
    delete (doc.tradeModels[0].tradeModel as Partial<(typeof doc.tradeModels)[0]['tradeModel']>)
      .upstreamOperatorId;
    const e = schemaError(doc);
    expect(e.pointers).toContain('/tradeModels/0/tradeModel/upstreamOperatorId');
    expect(e.rules).toContain('required');
  });

  it('bad code list: ghgDeclaredUnit, cfpType, amountRequiredUnit, procurement unit', () => {
    const cases: Array<[(d: OuranosNativeRecord) => void, string]> = [
      [
        (d) => ((d.cfpModels[0] as { ghgDeclaredUnit: string }).ghgDeclaredUnit = 'kgCO2e/kWh'),
        '/cfpModels/0/ghgDeclaredUnit',
      ],
      [(d) => ((d.cfpModels[0] as { cfpType: string }).cfpType = 'distribution'), '/cfpModels/0/cfpType'],
      [
        (d) =>
          ((d.partsStructureModel.parentPartsModel as { amountRequiredUnit: string }).amountRequiredUnit =
            'kg'),
        '/partsStructureModel/parentPartsModel/amountRequiredUnit',
      ],
      [
        (d) =>
          ((d.tradeModels[0].procurementModel as { procurementAmountUnit: string }).procurementAmountUnit =
            'tonne'),
        '/tradeModels/0/procurementModel/procurementAmountUnit',
      ],
    ];
    for (const [mutate, pointer] of cases) {
      const doc = firstSeed();
      mutate(doc);
      const e = schemaError(doc);
      expect(e.code).toBe('KH_SCHEMA_INVALID');
      expect(e.pointers).toContain(pointer);
      expect(e.rules[e.pointers.indexOf(pointer)]).toBe('enum');
    }
  });

  it.each([['2025-02-30'], ['2026-02-29'], ['2025-04-31'], ['2025-13-01'], ['2025-1-05']])(
    'impossible calendar date %s',
    (date) => {
      const doc = firstSeed();
      doc.batteryModel.manufacturedDate = date;
      const e = schemaError(doc);
      expect(e.where).toBe('/batteryModel/manufacturedDate');
      expect(e.rules[0]).toBe('format');
    },
  );

  it('accepts 29 February of a leap year', () => {
    const doc = firstSeed();
    doc.batteryModel.manufacturedDate = '2028-02-29';
    expect(() => validateOuranosNative(doc)).not.toThrow();
  });

  it('impossible date-time and bad uuid', () => {
    const doc = firstSeed();
    doc.registeredAt = '2025-06-31T10:00:00Z';
    expect(schemaError(doc).pointers).toContain('/registeredAt');
    const doc2 = firstSeed();
    doc2.partsStructureModel.parentPartsModel.traceId = 'not-a-uuid';
    expect(schemaError(doc2).pointers).toContain('/partsStructureModel/parentPartsModel/traceId');
  });

  it('unknown member and out-of-range values', () => {
    const doc = firstSeed() as unknown as Record<string, unknown>;
    doc.supplierSecret = 'x';
    expect(schemaError(doc).rules).toContain('additionalProperties');
    const doc2 = firstSeed();
    doc2.cfpModels[0].ghgEmission = 100000;
    expect(schemaError(doc2).pointers).toContain('/cfpModels/0/ghgEmission');
    const doc3 = firstSeed();
    doc3.operatorModel.openOperatorId = '';
    expect(schemaError(doc3).pointers).toContain('/operatorModel/openOperatorId');
  });

  it('non-object documents', () => {
    for (const doc of [null, 42, 'record', []]) expect(schemaError(doc).code).toBe('KH_SCHEMA_INVALID');
  });

  it('never echoes a supplier value in the message or details', () => {
    const doc = firstSeed();
    const name = doc.tradeModels[0].upstreamOperatorName ?? '';
    (doc.tradeModels[0] as { supplierTier: unknown }).supplierTier = name;
    const error = thrown(() => validateOuranosNative(doc)) as { message?: string; details?: unknown };
    expect(JSON.stringify(error.details)).not.toContain(name);
    expect(String(error.message)).not.toContain(name);
  });
});
