/**
 * Error codes of the Ouranos-style adapter (`adapters/ouranos/`). Schema validation failures use
 * `KH_SCHEMA_INVALID`, declared in `schemas/errors.ts`.
 */
export const OURANOS_ERROR_CODES = {
  KH_OURANOS_UNMAPPABLE:
    'a canonical record holds a value the Ouranos-style native format cannot express (unknown code, unit or missing section)',
} as const;
export type OuranosErrorCode = keyof typeof OURANOS_ERROR_CODES;
