/**
 * Error codes of the disclosure-policy area (policies/, except policies/mra/). Thrown as `KhError`
 * (connector/errors.ts); `where` is the JSON pointer inside the policy document or the file path.
 * Messages and details name terms, never withheld values.
 */
export const POLICY_ERROR_CODES = {
  KH_POLICY_INVALID: 'the policy document does not match the policy JSON Schema (where = JSON pointer)',
  KH_POLICY_INVALID_JSONLD:
    'the policy is not well-formed JSON-LD for the Kakehashi policy context (bad or missing @context)',
  KH_POLICY_INVALID_REASON:
    'a withheld term names a reason that is not a lower-case kebab-case name, or a reserved one',
  KH_POLICY_MISSING_PEER: 'the policy does not say which peer (platform and node id) it serves',
  KH_POLICY_UNKNOWN_TERM: 'the policy names a term that is not in the Kakehashi vocabulary',
  KH_POLICY_CONFLICT:
    'the policy both discloses and withholds a term, or withholds it twice with different reasons',
  KH_POLICY_TERM_NOT_DISCLOSABLE:
    'the policy withholds a generic sub-term that the disclosure frame keeps inside its parent (name the parent)',
  KH_POLICY_NOT_FOUND: 'the policy file cannot be read',
  KH_POLICY_LEAK_GUARD: 'a withheld value was found in the outbound bytes; nothing of the record was sent',
  KH_POLICY_INCONSISTENT_DISCLOSURES:
    'the disclosures handed to the engine are inconsistent (duplicate digest or bad path)',
} as const;

export type PolicyErrorCode = keyof typeof POLICY_ERROR_CODES;
