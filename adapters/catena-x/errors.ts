/**
 * Error codes of the Catena-X adapter (`adapters/catena-x/`, mapping and validation). Validation failures
 * use `KH_SCHEMA_INVALID` (declared in `schemas/errors.ts`).
 */
export const CATENA_X_ERROR_CODES = {
  KH_CX_UNMAPPABLE:
    'a canonical record holds a value the CX native format cannot express (e.g. a procurement unit with no SAMM unit)',
} as const;
export type CatenaXErrorCode = keyof typeof CATENA_X_ERROR_CODES;
