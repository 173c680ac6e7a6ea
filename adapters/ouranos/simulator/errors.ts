/** Error codes of the platform simulators (both platforms share one core, see `simulator-core.ts`). */
export const SIMULATOR_ERROR_CODES = {
  KH_AUTH_API_KEY: 'the platform API needs a valid participant API key',
  KH_SIM_FORBIDDEN: 'the participant may not do this (wrong role, or a record of another company)',
  KH_SIM_NOT_FOUND: 'no such record on the platform',
  KH_SIM_VERSION_CONFLICT: 'this record version was already published with different content',
  KH_SIM_INVALID_REQUEST: 'the request body is not JSON or lacks a field',
  KH_SIM_CREDENTIAL_MALFORMED:
    'the credential of a signed publication is not a compact SD-JWT VC (issuer JWT~disclosures~, no key binding)',
} as const;
