/** Error codes of the `schemas/` area: JSON Schema validation, JSON-LD contexts, the document loader. */
export const SCHEMAS_ERROR_CODES = {
  KH_SCHEMA_INVALID:
    'a document does not validate against its JSON Schema (details.errors lists each failure: pointer, rule, message)',
  KH_JSONLD_REMOTE_CONTEXT:
    'a JSON-LD document or context URL that the offline loader does not hold was requested',
  KH_JSONLD_CONTEXT_DIGEST_MISMATCH: 'a stored JSON-LD context file does not have its pinned SHA-256 digest',
  KH_JSONLD_UNDEFINED_TERM: 'a JSON-LD document uses a term its contexts do not define (it would be dropped)',
  KH_JSONLD_INVALID: 'JSON-LD expansion failed for another reason (invalid context, invalid value, ...)',
} as const;
export type SchemasErrorCode = keyof typeof SCHEMAS_ERROR_CODES;
