/** Error codes of certification credentials and their Bitstring Status Lists (see docs/certification.md). */
export const CERTIFICATION_ERROR_CODES = {
  KH_CERT_MALFORMED:
    'a certification or status-list credential is not a well-formed vc+jwt or fails its JSON Schema',
  KH_CERT_TOO_LARGE: 'a vc+jwt is larger than the configured maximum',
  KH_CERT_ALG_UNSUPPORTED: 'the JWS header names an algorithm or type other than PS256 / vc+jwt',
  KH_CERT_CHAIN_INVALID:
    "the x5c chain does not lead to a root trusted for the certifier role (details.pkiCode has the PKI's reason)",
  KH_CERT_SIGNATURE_INVALID: 'the JWS signature does not verify with the key of the x5c leaf certificate',
  KH_CERT_ISSUER_MISMATCH: "the credential's issuer IRI is not the subject of the signing certificate",
  KH_CERT_NOT_YET_VALID: 'the credential is used before its validFrom',
  KH_CERT_EXPIRED: 'the credential is used after its validUntil',
  KH_CERT_REVOKED: "the credential's bit is set in its issuer's revocation status list",
  KH_CERT_STATUS_UNAVAILABLE:
    'the status list could not be fetched and no copy within the freshness bound is cached',
  KH_CERT_STATUS_INVALID:
    'the status list credential does not verify, is not from the same certifier, or does not cover the index',
  KH_CERT_STATUS_LIST_FULL: 'every index of the status list is already allocated',
  KH_CERT_BITSTRING_INVALID:
    'an encodedList is not multibase base64url GZIP, or is shorter than the index it is asked about',
  KH_CERT_INPUT_INVALID: 'a value given to issue a certification (outcome, date, identifier) is invalid',
  KH_CERT_STATE_NOT_FOUND:
    'the certifier key, certificate or status list is missing from the state directory',
  KH_CERT_UNKNOWN_CREDENTIAL: 'the credential to revoke has no allocated index in the certifier status list',
  KH_CERT_CX_INVALID:
    'a BusinessPartnerCertificate built from a credential fails the Catena-X 3.1.0 JSON Schema',
} as const;

export type CertificationErrorCode = keyof typeof CERTIFICATION_ERROR_CODES;
