/**
 * fast-check arbitraries driven by a SAMM-generated JSON Schema (draft-04, definitions under
 * `components/schemas`): every document they produce is valid against the schema, with calendar-valid
 * dates, and holds only the properties the model defines.
 */
import fc from 'fast-check';

type Node = Record<string, unknown>;

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const calendarDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const dateTime = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const finite = (min?: number, max?: number): fc.Arbitrary<number> =>
  fc
    .double({ min: min ?? -1e12, max: max ?? 1e12, noNaN: true, noDefaultInfinity: true })
    .map((x) => (x === 0 ? 0 : x));

export function arbitraryFromSchema(schema: Node): fc.Arbitrary<unknown> {
  const components = ((schema.components as Node).schemas ?? {}) as Record<string, Node>;
  const resolve = (node: Node): Node => {
    let n = node;
    while (typeof n.$ref === 'string') n = components[n.$ref.replace('#/components/schemas/', '')];
    return n;
  };
  const build = (raw: Node): fc.Arbitrary<unknown> => {
    const node = resolve(raw);
    if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as unknown[]));
    switch (node.type) {
      case 'object': {
        const props = (node.properties ?? {}) as Record<string, Node>;
        // oneOf/anyOf of `required` alternatives: documents follow the first alternative (and its `not`).
        const alternatives = (node.oneOf ?? node.anyOf) as Node[] | undefined;
        const first = alternatives?.[0];
        const excluded = new Set(((first?.not as Node | undefined)?.required ?? []) as string[]);
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(props)) if (!excluded.has(k)) model[k] = build(v);
        const requiredKeys = [
          ...((node.required ?? []) as string[]),
          ...((first?.required ?? []) as string[]),
        ];
        return fc.record(model, { requiredKeys, noNullPrototype: true });
      }
      case 'array': {
        const item = build(node.items as Node);
        return node.uniqueItems
          ? fc.uniqueArray(item, { maxLength: 2, selector: (v) => JSON.stringify(v) })
          : fc.array(item, { maxLength: 2 });
      }
      case 'string': {
        const pattern = node.pattern as string | undefined;
        if (pattern === DATE_PATTERN) return calendarDate;
        if (pattern?.startsWith('-?([1-9][0-9]{3,}')) return dateTime;
        if (pattern !== undefined) return fc.stringMatching(new RegExp(pattern));
        return fc.string({
          minLength: typeof node.minLength === 'number' ? node.minLength : 0,
          maxLength: typeof node.maxLength === 'number' ? node.maxLength : 24,
        });
      }
      case 'number':
        return finite(node.minimum as number | undefined, node.maximum as number | undefined);
      case 'integer':
        return fc.integer({ min: (node.minimum as number | undefined) ?? -1000, max: 100000 });
      case 'boolean':
        return fc.boolean();
      default:
        throw new Error(`unsupported schema node ${JSON.stringify(node).slice(0, 80)}`);
    }
  };
  return build(schema).map((doc) => JSON.parse(JSON.stringify(doc)) as unknown);
}
