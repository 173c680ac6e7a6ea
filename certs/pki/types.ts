import type { KeyObject } from 'node:crypto';

export type PlatformId = 'ouranos' | 'catena-x';
export type Role = 'company' | 'certifier' | 'node' | 'authority';

export const PLATFORMS: ReadonlyArray<PlatformId> = ['ouranos', 'catena-x'];
export const ROLES: ReadonlyArray<Role> = ['company', 'certifier', 'node', 'authority'];

/** A certificate and its private key, as handed to a signer or a TLS server. */
export interface IssuedIdentity {
  /** The id given at issuance: a BPNL for CX, the platform's company / operator id for OU. */
  subjectId: string;
  /** The IRI in the SAN URI: `urn:kakehashi:participant:<platform>:<id>` (`…:node:…` for nodes). */
  subjectIri: string;
  role: Role;
  platform: PlatformId;
  serialHex: string;
  privateKey: KeyObject;
  privateKeyPem: string;
  certificatePem: string;
  /** Leaf first, then intermediates (not the root). */
  chainPem: string[];
  /** Base64 DER, leaf first (same as chainPem): ready for a JWS `x5c` header. */
  x5c: string[];
}

export interface IssueOptions {
  /** Organisation name (O). Defaults to the subject id. */
  name?: string;
  /** Extra DNS names for a node certificate (`localhost` is always there). */
  dnsNames?: string[];
  /** Extra IP addresses for a node certificate (`127.0.0.1` is always there). */
  ipAddresses?: string[];
  /** Validity in days from `notBefore` (default 365). */
  days?: number;
  /** Start of validity (default: the PKI's clock, minus one minute of skew allowance). */
  notBefore?: Date;
  /** End of validity; overrides `days`. */
  notAfter?: Date;
  /** RSA key size of the leaf (default: the PKI's `keyBits`). */
  keyBits?: number;
}

/** One line of a CA's issuance index (also `index.json` in the state directory). */
export interface IssuedEntry {
  serialHex: string;
  subjectId: string;
  subjectIri: string;
  role: Role | 'ca';
  platform: PlatformId;
  notBefore: string;
  notAfter: string;
  fingerprint256: string;
  /** Serial of the CA certificate that signed it (absent for the root itself). */
  issuedBy?: string;
  revokedAt?: string;
}

export interface PlatformPki {
  platform: PlatformId;
  rootCertificatePem: string;
  /** Issue a leaf certificate under this CA (signed by the issuing CA: the root, or the intermediate if any). */
  issue(role: Role, subjectId: string, opts?: IssueOptions): IssuedIdentity;
  /** Mark a serial (issued by this PKI) as revoked; the next `crlPem()` lists it. */
  revoke(serialHex: string, at?: Date): void;
  /** A freshly signed X.509 v2 CRL (PEM) for the issuing CA. */
  crlPem(): string;
  /** CRLs of every CA of this PKI (root and intermediate), PEM. */
  crlPems(): string[];
  /** Issuance index, oldest first. */
  issued(): IssuedEntry[];
  /** Intermediate CA certificates (PEM), empty when leaves are issued by the root directly. */
  intermediatePems: string[];
}

export interface CreatePlatformPkiOptions {
  platform: PlatformId;
  /** RSA key size for the CA and (by default) the leaves. Default 2048. */
  keyBits?: number;
  /** The PKI's clock (fixed date for tests). Default: the real time at each call. */
  now?: Date;
  /** Put an issuing intermediate CA under the root (chains become leaf, intermediate). Default false. */
  intermediate?: boolean;
  /** Root validity in years (default 10). */
  rootYears?: number;
}

/** A trust-store root: a self-signed CA, with an optional restriction of leaf roles it may vouch for. */
export interface TrustAnchor {
  certificatePem: string;
  fingerprint256: string;
  platform?: PlatformId;
  roles?: ReadonlyArray<Role>;
}

/** What the trust store holds of one issuer's revocations (`TrustStore.crlStatus`). */
export interface CrlStatus {
  /** The issuing CA: a root's common name, else its key id (`key:<hex>`) or Name (`name:<hex>`). */
  issuer: string;
  crlNumber?: number;
  thisUpdate: string;
  nextUpdate?: string;
  /** Revoked serials listed. */
  revoked: number;
  /** `at` is past `nextUpdate`: the issuer may have revoked more since. */
  stale: boolean;
}

export interface TrustStore {
  readonly anchors: ReadonlyArray<TrustAnchor>;
  /** Add or replace (same issuer) a CRL; its signature is checked against the issuing CA when it is used. */
  addCrl(crlPem: string): void;
  /** The CRLs held, one per issuer, and whether each is past its nextUpdate at `at` (default now). */
  crlStatus(at?: Date): CrlStatus[];
  /** Incremented on every CRL change; chain-check caches re-check revocation, never skip it. */
  readonly revision: number;
}

export type TrustRootInput = string | { pem: string; roles?: ReadonlyArray<Role> };

export interface ValidatedLeaf {
  subjectId: string;
  subjectIri?: string;
  role?: Role;
  platform?: PlatformId;
  publicKey: KeyObject;
  certificatePem: string;
  serialHex: string;
  fingerprint256: string;
  notAfter: Date;
}

export interface ValidateChainOptions {
  /** Require this role (the Kakehashi policy OID in the leaf). */
  role?: Role;
  /** Require this platform (from the leaf's SAN URI). */
  platform?: PlatformId;
  /** Time of the check (default now). */
  at?: Date;
  /** Fail with KH_PKI_CRL_MISSING when an issuing CA has no CRL in the trust store. Default false. */
  requireCrl?: boolean;
}
