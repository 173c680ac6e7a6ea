/** Error codes of the Ouranos-style adapter (`adapters/ouranos/`). */
export const OURANOS_ERROR_CODES = {
  KH_SCHEMA_INVALID:
    'a native record does not validate against its JSON Schema (details.errors lists each failure)',
  KH_OURANOS_UNMAPPABLE:
    'a canonical record holds a value the Ouranos-style native format cannot express (unknown code, unit or missing section)',
} as const;
export type OuranosErrorCode = keyof typeof OURANOS_ERROR_CODES;
