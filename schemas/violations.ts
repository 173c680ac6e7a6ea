/** Schema violations as Kakehashi reports them: a JSON pointer into the document and the rule it breaks. */
import type { ErrorObject } from 'ajv';
import { KhError } from '../connector/errors';

export interface Violation {
  /** JSON pointer of the offending value (for `required`/`additionalProperties`, of the named property; `/` for the root). */
  pointer: string;
  /** The JSON Schema keyword that failed, e.g. `format`, `required`, `pattern`, `type`. */
  rule: string;
  /** Human text; never contains the document's values. */
  message: string;
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function violationsFromAjv(
  errors: ReadonlyArray<ErrorObject> | null | undefined,
  prefix = '',
): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    let pointer = prefix + e.instancePath;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required' && typeof params.missingProperty === 'string') {
      pointer += '/' + escapePointerToken(params.missingProperty);
    } else if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      pointer += '/' + escapePointerToken(params.additionalProperty);
    }
    const v: Violation = {
      pointer: pointer === '' ? '/' : pointer,
      rule: e.keyword,
      message: e.message ?? e.keyword,
    };
    const key = `${v.pointer}|${v.rule}|${v.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

/** The typed error for a document that breaks its schema. */
export function schemaInvalidError(what: string, violations: ReadonlyArray<Violation>): KhError {
  const first = violations[0];
  return new KhError(
    'KH_SCHEMA_INVALID',
    `${what} is invalid: ${violations.length} violation(s)` +
      (first ? `, first at ${first.pointer} (${first.rule})` : ''),
    { where: first?.pointer, details: { errors: violations.map((v) => ({ ...v })) } },
  );
}
