/** Error codes of mutual-recognition agreements and the rule that decides whether a certification travels. */
export const MRA_ERROR_CODES = {
  KH_MRA_MALFORMED:
    'the agreement is not a JWS in general JSON serialization, or its payload fails the MRA JSON Schema',
  KH_MRA_TOO_LARGE: 'the signed agreement is larger than the configured maximum',
  KH_MRA_SIGNATURE_MISSING: "the agreement lacks a valid signature of one of the two platforms' authorities",
  KH_MRA_SIGNATURE_INVALID:
    'a signature of the agreement does not verify, or its x5c chain is not an authority of a trusted platform root',
  KH_MRA_SIGNATURE_EXISTS: 'this platform authority has already signed the agreement',
  KH_MRA_PAYLOAD_MISMATCH:
    'the partially signed agreement (--in) does not carry the agreement file being signed',
  KH_MRA_STATE_NOT_FOUND:
    "the platform authority's key and chain are not in the state directory, or an input file is missing",
  KH_MRA_NOT_EFFECTIVE: 'the agreement is used outside its effectiveFrom / effectiveUntil window',
  KH_MRA_NOT_VERIFIED: 'evaluateCertifications was given an agreement object that verifyMra did not return',
  KH_MRA_INPUT_INVALID: 'an evaluation input is invalid (same source and target platform, unknown platform)',
  KH_MRA_CERTIFIER_NOT_ACCREDITED:
    'the certifier or its accreditation body is not recognised on the source side of the agreement',
  KH_MRA_SCHEME_NOT_ACCEPTED: "the agreement does not accept the certification's scheme on the target side",
} as const;

export type MraErrorCode = keyof typeof MRA_ERROR_CODES;
