/**
 * Derives the canonical record's JSON Schema (draft 2020-12) from the stored Catena-X BatteryPass 6.1.0
 * schema, so that the passport sections of the canonical record accept exactly the BatteryPass shapes:
 * same properties, types, enums and patterns, plus
 * - `additionalProperties: false` everywhere (every key must be a defined vocabulary term),
 * - calendar-date checks on dates (`format: "date"`) and date-times (`format: "kh-date-time"`),
 * - `required` dropped on the section-level containers listed in RELAXED_PATHS (a record from another
 *   platform may fill only part of a section; completeness is the native schema's job).
 * The envelope, `provenance` and `supplyChain` are Kakehashi's own and written here.
 *
 * Run `npx tsx schemas/canonical/build-schema.ts` to regenerate
 * `schemas/canonical/battery-passport-credential.schema.json`; a test checks the stored file is current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const CANONICAL_SCHEMA_ID =
  'https://w3id.org/kakehashi/schemas/canonical/battery-passport-credential/1.0.0';
export const CX_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const CX_DATE_TIME_PATTERN_START = '-?([1-9][0-9]{3,}|0[0-9]{3})-';

/**
 * Platform-neutral identifiers: where BatteryPass takes a BPNL (manufacturer, economic operator, spare-part
 * producer) or a BPNA (facility, manufacturing plant), the canonical record also takes a Kakehashi participant
 * or site IRI (`urn:kakehashi:participant|site:<platform>:<id>`); the CX adapter derives the BPNL/BPNA through
 * the participant directory (adapters/canonical/directory.ts).
 */
export const PLATFORM_NEUTRAL: Readonly<Record<string, string>> = {
  '^BPNL[a-zA-Z0-9]{12}$': '^(BPNL[a-zA-Z0-9]{12}|urn:kakehashi:participant:(ouranos|catena-x):\\S+)$',
  '^BPNA[a-zA-Z0-9]{12}$': '^(BPNA[a-zA-Z0-9]{12}|urn:kakehashi:site:(ouranos|catena-x):\\S+)$',
};

/** Property paths (array items as `[]`) whose object schema loses `required` in the canonical schema. */
export const RELAXED_PATHS: ReadonlyArray<string> = [
  'identification',
  'identification.identification',
  'operation',
  'operation.manufacturer',
  'characteristics',
  'characteristics.physicalDimension',
  'sustainability',
  'sustainability.documents',
  'sustainability.carbonFootprint.[]',
  'materials',
  'materials.active',
  'materials.active.nickel',
  'materials.active.lithium',
  'materials.active.cobalt',
  'materials.active.lead',
  'materials.active.other.[]',
  'materials.hazardous',
  'materials.hazardous.cadmium',
  'materials.hazardous.mercury',
  'materials.hazardous.lead',
  'materials.hazardous.other.[]',
  'materials.composition.[]',
  'performance',
  'performance.rated',
  'performance.dynamic',
  'conformity',
  'safety',
  'metadata',
  'commercial',
  'handling',
  'handling.content',
];

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function refName(node: JsonObject): string | undefined {
  const ref = node['$ref'];
  return typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : undefined;
}

/** Convert one draft-04 schema node to 2020-12 (refs to `#/$defs/...`). */
function convertNode(node: Json): Json {
  if (Array.isArray(node)) return node.map(convertNode);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key === 'x-samm-aspect-model-urn' || key === '$schema') continue;
    if (key === '$ref' && typeof value === 'string') {
      out['$ref'] = value.replace('#/components/schemas/', '#/$defs/');
    } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
      if (value === true) {
        const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
        out[key] = node[bound] ?? null;
      }
    } else if (key === 'properties' && isObject(value)) {
      const props: JsonObject = {};
      for (const [p, v] of Object.entries(value)) props[p] = convertNode(v);
      out.properties = props;
    } else {
      out[key] = convertNode(value);
    }
  }
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (node[key] === true) delete out[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'];
  }
  if (out.type === 'object' || isObject(out.properties)) out.additionalProperties = false;
  if (
    out.type === 'string' &&
    typeof out.pattern === 'string' &&
    PLATFORM_NEUTRAL[out.pattern] !== undefined
  ) {
    out.pattern = PLATFORM_NEUTRAL[out.pattern];
  }
  if (out.type === 'string' && out.pattern === CX_DATE_PATTERN) out.format = 'date';
  if (
    out.type === 'string' &&
    typeof out.pattern === 'string' &&
    out.pattern.startsWith(CX_DATE_TIME_PATTERN_START)
  ) {
    out.format = 'kh-date-time';
  }
  return out;
}

/** An array holding exactly `values`, in order (item-wise `const`, so no deep-equality on arrays). */
function fixedArray(values: string[]): JsonObject {
  return {
    type: 'array',
    minItems: values.length,
    prefixItems: values.map((v) => ({ const: v })),
    items: false,
  };
}

export function buildCanonicalSchema(cxSchema: JsonObject): JsonObject {
  const components = cxSchema.components;
  if (!isObject(components) || !isObject(components.schemas)) throw new Error('not a SAMM-generated schema');
  const source = components.schemas;
  const defs: JsonObject = {};
  for (const [name, def] of Object.entries(source)) defs[name] = convertNode(def);

  // Relax `required` along RELAXED_PATHS by following the source schema's refs.
  const resolve = (node: Json | undefined): { name?: string; node?: JsonObject } => {
    let current = node;
    let name: string | undefined;
    while (isObject(current) && refName(current) !== undefined) {
      name = refName(current);
      current = source[name as string];
    }
    return { name, node: isObject(current) ? current : undefined };
  };
  /** The converted def at a property path (array items as `[]`), following the source schema's refs. */
  const resolveDef = (dotted: string): JsonObject => {
    let target: { name?: string; node?: JsonObject } = { node: cxSchema };
    for (const segment of dotted.split('.')) {
      const n = target.node;
      if (!n) break;
      target =
        segment === '[]'
          ? resolve(n.items)
          : resolve(isObject(n.properties) ? n.properties[segment] : undefined);
    }
    const def = target.name === undefined ? undefined : defs[target.name];
    if (!isObject(def)) throw new Error(`no definition at ${dotted}`);
    return def;
  };
  for (const relaxed of RELAXED_PATHS) delete resolveDef(relaxed).required;

  const sections: JsonObject = {};
  const cxProps = cxSchema.properties;
  if (!isObject(cxProps)) throw new Error('no root properties');
  for (const [name, def] of Object.entries(cxProps)) sections[name] = convertNode(def);

  const iri = { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9+.-]*:\\S+$' };
  const date = { type: 'string', pattern: CX_DATE_PATTERN, format: 'date' };
  defs.Provenance = {
    type: 'object',
    additionalProperties: false,
    required: ['sourcePlatform', 'publisher', 'recordId', 'recordVersion'],
    properties: {
      sourcePlatform: { enum: ['ouranos', 'catena-x'] },
      publisher: iri,
      recordId: { type: 'string', minLength: 1 },
      recordVersion: { type: 'string', minLength: 1 },
    },
  };
  defs.ProcurementVolume = {
    type: 'object',
    additionalProperties: false,
    required: ['quantity', 'unit', 'period'],
    properties: {
      quantity: { type: 'number', minimum: 0 },
      unit: { enum: ['TNE', 'KGM', 'GRM', 'LBR', 'STN', 'H87', 'LTR', 'KWH'] },
      period: {
        type: 'object',
        additionalProperties: false,
        required: ['start', 'end'],
        properties: { start: date, end: date },
      },
    },
  };
  defs.MaterialOrigin = {
    type: 'object',
    additionalProperties: false,
    required: ['originCountry'],
    properties: {
      originCountry: { type: 'string', pattern: '^[A-Z]{2}$' },
      originSiteType: { enum: ['mine', 'refinery', 'smelter', 'processing', 'recycling'] },
      originSiteName: { type: 'string', minLength: 1, maxLength: 200 },
      originSiteIdentifier: { type: 'string', minLength: 1 },
    },
  };
  defs.SupplierRelation = {
    type: 'object',
    additionalProperties: false,
    required: ['tier', 'supplierIdentifier'],
    properties: {
      tier: { type: 'integer', minimum: 1 },
      supplierName: { type: 'string', minLength: 1, maxLength: 200 },
      supplierIdentifier: { type: 'string', minLength: 1 },
      suppliedItemId: { type: 'string', minLength: 1 },
      suppliedMaterial: { type: 'string', minLength: 1, maxLength: 200 },
      materialOrigin: { $ref: '#/$defs/MaterialOrigin' },
      procurementVolume: { $ref: '#/$defs/ProcurementVolume' },
      quantityPerParent: { $ref: '#/$defs/PartQuantity' },
    },
  };
  defs.PartQuantity = {
    type: 'object',
    additionalProperties: false,
    required: ['value', 'unit'],
    properties: {
      value: { type: 'number', minimum: 0 },
      unit: { enum: ['H87', 'KGM', 'LTR', 'MTQ', 'MTK', 'KWH', '3B', 'TKM'] },
    },
  };
  defs.CertificationReference = {
    type: 'object',
    additionalProperties: false,
    required: ['certificationId'],
    properties: {
      certificationId: { type: 'string', minLength: 1 },
      certificationDescription: { type: 'string', minLength: 1 },
      certificationDocuments: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['certificationDocumentId', 'certificationDocumentName'],
          properties: {
            certificationDocumentId: { type: 'string', minLength: 1 },
            certificationDocumentName: { type: 'string', minLength: 1 },
          },
        },
      },
    },
  };
  defs.DataQualityRating = {
    type: 'object',
    additionalProperties: false,
    properties: {
      technologicalRepresentativeness: { type: 'number', minimum: 0 },
      geographicalRepresentativeness: { type: 'number', minimum: 0 },
      timeRelatedRepresentativeness: { type: 'number', minimum: 0 },
    },
  };
  // Kakehashi terms inside a BatteryPass shape: the carbon-footprint entry's data-quality rating.
  const footprint = resolveDef('sustainability.carbonFootprint.[]');
  (footprint.properties as JsonObject).dataQualityRating = { $ref: '#/$defs/DataQualityRating' };
  defs.SupplyChain = {
    type: 'object',
    additionalProperties: false,
    required: ['suppliers'],
    properties: {
      itemId: { type: 'string', minLength: 1 },
      suppliers: { type: 'array', items: { $ref: '#/$defs/SupplierRelation' } },
    },
  };
  defs.BatteryPassport = {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'type', 'provenance'],
    properties: {
      id: iri,
      type: { const: 'BatteryPassport' },
      provenance: { $ref: '#/$defs/Provenance' },
      supplyChain: { $ref: '#/$defs/SupplyChain' },
      certificationReferences: { type: 'array', items: { $ref: '#/$defs/CertificationReference' } },
      ...sections,
    },
  };

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: CANONICAL_SCHEMA_ID,
    title: 'Kakehashi canonical record: a VC 2.0 BatteryPassportCredential',
    description:
      'Generated by schemas/canonical/build-schema.ts from Catena-X BatteryPass 6.1.0 (CC-BY-4.0, Eclipse Tractus-X sldt-semantic-models); do not edit by hand.',
    type: 'object',
    additionalProperties: false,
    required: ['@context', 'type', 'id', 'issuer', 'validFrom', 'credentialSubject'],
    properties: {
      '@context': fixedArray(['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kakehashi/v1']),
      type: fixedArray(['VerifiableCredential', 'BatteryPassportCredential']),
      id: iri,
      issuer: iri,
      validFrom: { type: 'string', format: 'date-time' },
      validUntil: { type: 'string', format: 'date-time' },
      credentialSubject: { $ref: '#/$defs/BatteryPassport' },
    },
    $defs: defs,
  };
}

export const CANONICAL_SCHEMA_FILE = path.join(__dirname, 'battery-passport-credential.schema.json');
export const CX_SCHEMA_FILE = path.join(__dirname, '..', 'catena-x', 'BatteryPass-6.1.0-schema.json');

export function renderCanonicalSchema(): string {
  const cx = JSON.parse(readFileSync(CX_SCHEMA_FILE, 'utf8')) as JsonObject;
  return JSON.stringify(buildCanonicalSchema(cx), null, 2) + '\n';
}

if (require.main === module) {
  writeFileSync(CANONICAL_SCHEMA_FILE, renderCanonicalSchema());
  process.stdout.write(`wrote ${CANONICAL_SCHEMA_FILE}\n`);
}
