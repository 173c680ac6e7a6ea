/**
 * Error codes of the PKI area (`certs/pki/`). Chain-check failures are authentication failures and
 * carry HTTP status 401 (see `PKI_AUTH_FAILURE_CODES`); the others keep the family default.
 */
export const PKI_ERROR_CODES = {
  KH_PKI_MALFORMED: 'a certificate, chain, key or CRL could not be decoded (bad base64/DER/PEM or shape)',
  KH_PKI_UNSUPPORTED_KEY: 'the key is not RSA (node-forge X.509 is RSA-only) or is too small',
  KH_PKI_EXPIRED: 'a certificate of the chain (or the root) is past its notAfter at the checked time',
  KH_PKI_NOT_YET_VALID:
    'a certificate of the chain (or the root) is before its notBefore at the checked time',
  KH_PKI_WRONG_ROLE:
    'the leaf does not carry the Kakehashi role policy OID that was required, or its root does not allow it',
  KH_PKI_WRONG_PLATFORM: 'the leaf belongs to another platform than the one required',
  KH_PKI_UNKNOWN_ROOT: 'the chain does not end at a root of the trust store',
  KH_PKI_REVOKED: 'a certificate of the chain is listed in its issuer’s CRL',
  KH_PKI_CHAIN_BROKEN:
    'the chain is empty, too long, out of order, or a link’s issuer name/key id does not match the next certificate',
  KH_PKI_BAD_SIGNATURE: 'a certificate signature does not verify with its issuer’s public key',
  KH_PKI_KEY_USAGE: 'keyUsage does not allow the use (digitalSignature for leaves, keyCertSign for issuers)',
  KH_PKI_BASIC_CONSTRAINTS:
    'basicConstraints violated: an issuer is not a CA, the leaf is a CA, or a pathLen is exceeded',
  KH_PKI_CRITICAL_EXTENSION: 'a certificate has a critical extension this validator does not understand',
  KH_PKI_CRL_BAD_SIGNATURE: 'a CRL signature does not verify with its issuing CA’s key',
  KH_PKI_CRL_MISSING: 'revocation information was required but no CRL is held for an issuing CA',
  KH_PKI_CRL_STALE:
    'revocation information was required but the CRL held for an issuing CA is past its nextUpdate',
  KH_PKI_BAD_ROOT: 'a trust-store root is not a self-signed CA certificate',
  KH_PKI_BAD_SUBJECT: 'a subject id is empty, too long, or not a safe path segment (path traversal refused)',
  KH_PKI_BAD_OPTION: 'an option has an invalid value (platform, role, key size, days, DNS name, IP)',
  KH_PKI_NOT_FOUND: 'no certificate with that serial / subject and role was issued by this CA',
  KH_PKI_STATE_NOT_FOUND: 'the PKI state directory has no CA for that platform (run `pki init`)',
  KH_PKI_EXISTS:
    'a CA already exists in the state directory (re-run with --force to replace it, the old one is backed up)',
} as const;

export type PkiErrorCode = keyof typeof PKI_ERROR_CODES;

/** Codes that mean "this peer / signer is not authenticated": thrown with status 401. */
export const PKI_AUTH_FAILURE_CODES: ReadonlySet<PkiErrorCode> = new Set<PkiErrorCode>([
  'KH_PKI_MALFORMED',
  'KH_PKI_UNSUPPORTED_KEY',
  'KH_PKI_EXPIRED',
  'KH_PKI_NOT_YET_VALID',
  'KH_PKI_WRONG_ROLE',
  'KH_PKI_WRONG_PLATFORM',
  'KH_PKI_UNKNOWN_ROOT',
  'KH_PKI_REVOKED',
  'KH_PKI_CHAIN_BROKEN',
  'KH_PKI_BAD_SIGNATURE',
  'KH_PKI_KEY_USAGE',
  'KH_PKI_BASIC_CONSTRAINTS',
  'KH_PKI_CRITICAL_EXTENSION',
  'KH_PKI_CRL_BAD_SIGNATURE',
  'KH_PKI_CRL_MISSING',
  'KH_PKI_CRL_STALE',
]);
