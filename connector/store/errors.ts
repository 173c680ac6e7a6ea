/** Error codes of the stores and the audit log (`connector/store/`). */
export const STORE_ERROR_CODES = {
  KH_STORE_INVALID_INPUT: 'a value given to a store is missing or malformed (empty id, non-JSON value)',
  KH_STORE_CORRUPT: 'a stored value cannot be parsed back (500)',
  KH_STORE_EXISTS: 'a process with this pid is already stored (409)',
  KH_STORE_NOT_FOUND: 'no stored process or agreement with this id (404)',
  KH_STORE_CONFLICT:
    'a compare-and-set update found another state than expected (409): someone else moved it',
  KH_STORE_UNAVAILABLE: 'Redis did not answer (503)',
} as const;

export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;
