/**
 * Error codes of the connector node (config, HTTP edge, mutual TLS, pipelines) and of its operator CLI.
 * Each code has one line of meaning; `docs/errors.md` collects them with every other area's codes.
 */
export const NODE_ERROR_CODES = {
  KH_CONFIG_INVALID:
    'the node configuration does not match schemas/config/node-config.schema.json (where = JSON pointer)',
  KH_CONFIG_UNREADABLE: 'the configuration file, or a file it names, cannot be read or parsed',
  KH_AUTH_TOKEN: 'the management API needs a valid operator bearer token',
  KH_TLS_CLIENT_CERT:
    'the client certificate is missing, does not chain to a trusted node CA, or names no registered peer',
  KH_HTTP_TOO_LARGE: 'the request body is larger than limits.bodyBytes',
  KH_HTTP_UNSUPPORTED_MEDIA_TYPE: 'the request body is not application/json',
  KH_INPUT_INVALID: 'a request field is missing or has the wrong shape',
  KH_HTTP_NOT_FOUND: 'no such endpoint',
  KH_NODE_UNKNOWN_PEER: 'the peer id is not in the configuration',
  KH_NODE_UNKNOWN_RECORD: 'no such record on this node',
  KH_NODE_NO_AGREEMENT: 'no finalized contract agreement covers this peer and transfer',
  KH_NODE_KEY_BINDING_MISMATCH: 'the key-binding key is not the key of the client TLS certificate',
  KH_NODE_COMPANY_KEY_NOT_FOUND: "the publishing company's signing key is not available to this node",
  KH_NODE_INTAKE_UNVERIFIED:
    "the company's own SD-JWT VC of a signed publication does not verify (details.reason: the SD-JWT/PKI code)",
  KH_NODE_INTAKE_SIGNER_MISMATCH:
    "the signed publication's certificate is not the publishing company's on this node's platform",
  KH_NODE_INTAKE_RECORD_MISMATCH:
    "the signed publication's credential names another record id or version (provenance) than the published one",
  KH_NODE_INTAKE_HOLDER_MISMATCH:
    "the signed publication's credential is not bound (cnf) to this node's key, so the node cannot present it",
  KH_NODE_INTAKE_INVALID:
    "the signed publication's credential is not a valid battery record: an undefined JSON-LD term or a canonical schema violation (details.reason)",
  KH_PLATFORM_UNAVAILABLE: 'the platform API (or simulator) did not answer',
  KH_PLATFORM_REJECTED: 'the platform API refused the request',
  KH_PEER_UNAVAILABLE: 'the peer node did not answer',
  KH_PEER_REJECTED: 'the peer node refused the request',
  KH_USAGE_PATH_TRAVERSAL: 'a CLI file argument points outside the directory it was given in',
  KH_USAGE_BAD_FLAG: 'a CLI flag is missing or has a bad value',
  KH_DEMO_NO_REDIS: 'no redis-server on PATH and no REDIS_URL: install it (apt-get install -y redis-server)',
} as const;

export type NodeErrorCode = keyof typeof NODE_ERROR_CODES;
