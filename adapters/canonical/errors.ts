/** Error codes shared by the adapters' canonical helpers (`adapters/canonical/`). */
export const CANONICAL_ERROR_CODES = {
  KH_MAP_UNKNOWN_PARTICIPANT:
    'a participant or site identifier of a canonical record has no identifier on the target platform in the participant directory (where = JSON pointer)',
} as const;
export type CanonicalErrorCode = keyof typeof CANONICAL_ERROR_CODES;
