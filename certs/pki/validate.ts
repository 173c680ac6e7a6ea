/**
 * Chain validation: leaf → intermediates → a trusted root. The structural part (names, key ids, CA
 * constraints, key usage, signatures) runs once per distinct chain and is cached in the trust store, keyed
 * by a hash of the chain bytes; validity periods, revocation, role and platform are re-checked on every call.
 */
import { createHash } from 'node:crypto';
import { pkiError } from './fail';
import { parseCertificate, type ParsedCertificate } from './der';
import { verifyCrlSignature } from './crl';
import { crlKey, internalsOf, isStale, type ParsedAnchor, type TrustStoreInternals } from './trust-store';
import { parseKakehashiIri } from './identifiers';
import { roleFromPolicyOid, OID } from './oids';
import { DOCUMENT_SIGNING_EKU } from './certificate';
import type { PlatformId, Role, TrustStore, ValidateChainOptions, ValidatedLeaf } from './types';

const MAX_CHAIN = 6;
const MAX_CACHE = 4096;

interface VerifiedChain {
  /** Leaf first, then intermediates; never the anchor. */
  chain: ParsedCertificate[];
  anchor: ParsedAnchor;
  leaf: ValidatedLeaf;
}

function leafIdentity(cert: ParsedCertificate): ValidatedLeaf {
  let subjectId = cert.commonName ?? '';
  let subjectIri: string | undefined;
  let platform: PlatformId | undefined;
  for (const uri of cert.sanUris) {
    const iri = parseKakehashiIri(uri);
    if (iri && iri.kind !== 'platform' && iri.subjectId) {
      subjectId = iri.subjectId;
      subjectIri = uri;
      platform = iri.platform;
      break;
    }
  }
  let role: Role | undefined;
  for (const oid of cert.policies) role = role ?? roleFromPolicyOid(oid);
  return {
    subjectId,
    ...(subjectIri ? { subjectIri } : {}),
    ...(role ? { role } : {}),
    ...(platform ? { platform } : {}),
    publicKey: cert.publicKey,
    certificatePem: cert.pem,
    serialHex: cert.serialHex,
    fingerprint256: cert.fingerprint256,
    notAfter: cert.notAfter,
  };
}

function checkCriticalExtensions(cert: ParsedCertificate, where: string): void {
  if (cert.unknownCritical.length > 0) {
    throw pkiError('KH_PKI_CRITICAL_EXTENSION', 'certificate has an unknown critical extension', {
      where,
      details: { extensions: cert.unknownCritical },
    });
  }
}

function checkIssuerProfile(ca: ParsedCertificate, cAsBelow: number, where: string): void {
  checkCriticalExtensions(ca, where);
  if (!ca.isCa) throw pkiError('KH_PKI_BASIC_CONSTRAINTS', 'an issuing certificate is not a CA', { where });
  if (ca.pathLen !== undefined && cAsBelow > ca.pathLen) {
    throw pkiError('KH_PKI_BASIC_CONSTRAINTS', 'pathLenConstraint exceeded', { where });
  }
  if (ca.keyUsage !== undefined && !ca.keyUsage.keyCertSign) {
    throw pkiError('KH_PKI_KEY_USAGE', 'issuing certificate lacks keyCertSign', { where });
  }
}

function linkMatches(child: ParsedCertificate, parent: ParsedCertificate): boolean {
  if (child.issuerHex !== parent.subjectHex) return false;
  return !(child.akiHex && parent.skiHex && child.akiHex !== parent.skiHex);
}

function verifyStructure(x5c: string[], state: TrustStoreInternals): VerifiedChain {
  if (!Array.isArray(x5c) || x5c.length === 0 || x5c.length > MAX_CHAIN) {
    throw pkiError('KH_PKI_CHAIN_BROKEN', `x5c must hold 1 to ${MAX_CHAIN} certificates`, { where: 'x5c' });
  }
  const certs = x5c.map((b64, i) => parseCertificate(b64, `x5c/${i}`));
  // A trailing copy of a trusted root is allowed (RFC 7515 §4.1.6) and set aside.
  let anchor: ParsedAnchor | undefined;
  const last = certs[certs.length - 1];
  const sameAsRoot = state.anchors.find((a) => a.cert.fingerprint256 === last.fingerprint256);
  const chain = sameAsRoot && certs.length > 1 ? certs.slice(0, -1) : certs;
  if (sameAsRoot && certs.length > 1) anchor = sameAsRoot;
  // 1. order: every certificate is issued by the next one
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!linkMatches(chain[i], chain[i + 1])) {
      throw pkiError('KH_PKI_CHAIN_BROKEN', 'certificate is not issued by the next one in x5c', {
        where: `x5c/${i}`,
      });
    }
  }
  // 2. leaf profile
  const leaf = chain[0];
  checkCriticalExtensions(leaf, 'x5c/0');
  if (leaf.isCa)
    throw pkiError('KH_PKI_BASIC_CONSTRAINTS', 'the leaf certificate is a CA', { where: 'x5c/0' });
  if (leaf.keyUsage !== undefined && !leaf.keyUsage.digitalSignature) {
    throw pkiError('KH_PKI_KEY_USAGE', 'the leaf certificate lacks digitalSignature', { where: 'x5c/0' });
  }
  if (leaf.publicKey.asymmetricKeyType !== 'rsa') {
    throw pkiError('KH_PKI_UNSUPPORTED_KEY', 'the leaf key is not RSA', { where: 'x5c/0' });
  }
  // 3. issuers' profiles and signatures along the chain
  for (let i = 0; i + 1 < chain.length; i++) {
    checkIssuerProfile(chain[i + 1], i, `x5c/${i + 1}`);
    if (!chain[i].x509.verify(chain[i + 1].publicKey)) {
      throw pkiError('KH_PKI_BAD_SIGNATURE', 'certificate signature does not verify', { where: `x5c/${i}` });
    }
  }
  // 4. the top of the chain against the trust store
  const top = chain[chain.length - 1];
  const candidates = anchor
    ? [anchor]
    : state.anchors.filter((a) => a.cert.fingerprint256 !== top.fingerprint256 && linkMatches(top, a.cert));
  if (candidates.length === 0) {
    throw pkiError('KH_PKI_UNKNOWN_ROOT', 'the chain does not end at a trusted root', {
      where: `x5c/${chain.length - 1}`,
    });
  }
  const signer = candidates.find((a) => top.x509.verify(a.cert.publicKey));
  if (!signer) {
    throw pkiError('KH_PKI_BAD_SIGNATURE', 'certificate signature does not verify with the trusted root', {
      where: `x5c/${chain.length - 1}`,
    });
  }
  checkIssuerProfile(signer.cert, chain.length - 1, 'root');
  return { chain, anchor: signer, leaf: leafIdentity(leaf) };
}

function chainKey(x5c: string[]): string {
  const h = createHash('sha256');
  for (const c of x5c) h.update(String(c)).update('\u0000');
  return h.digest('hex');
}

function checkValidity(cert: ParsedCertificate, at: Date, where: string): void {
  if (at.getTime() < cert.notBefore.getTime()) {
    throw pkiError('KH_PKI_NOT_YET_VALID', 'certificate is not yet valid', { where });
  }
  if (at.getTime() > cert.notAfter.getTime()) {
    throw pkiError('KH_PKI_EXPIRED', 'certificate has expired', { where });
  }
}

function checkRevocation(
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
  state: TrustStoreInternals,
  requireCrl: boolean,
  at: Date,
  where: string,
): void {
  const held =
    state.crls.get(crlKey(cert.issuerHex, issuer.skiHex)) ??
    state.crls.get(crlKey(cert.issuerHex, undefined));
  if (!held || held.crl.issuerHex !== issuer.subjectHex) {
    if (requireCrl) throw pkiError('KH_PKI_CRL_MISSING', 'no CRL held for the issuing CA', { where });
    return;
  }
  if (!held.verifiedWith.has(issuer.fingerprint256)) {
    if (!verifyCrlSignature(held.crl, issuer.publicKey)) {
      throw pkiError('KH_PKI_CRL_BAD_SIGNATURE', 'CRL signature does not verify with the issuing CA', {
        where,
      });
    }
    held.verifiedWith.add(issuer.fingerprint256);
  }
  // A revocation listed stays a revocation; only a CRL relied on as complete must be current.
  if (requireCrl && isStale(held.crl, at)) {
    throw pkiError('KH_PKI_CRL_STALE', 'the CRL held for the issuing CA is past its nextUpdate', {
      where,
      details: { nextUpdate: held.crl.nextUpdate?.toISOString() },
    });
  }
  if (held.crl.revoked.has(cert.serialHex)) {
    throw pkiError('KH_PKI_REVOKED', 'certificate has been revoked', {
      where,
      details: { serial: cert.serialHex },
    });
  }
}

function hasPurpose(cert: ParsedCertificate, role: Role): boolean {
  if (cert.extKeyUsage === undefined) return true;
  if (role === 'node')
    return cert.extKeyUsage.includes(OID.serverAuth) || cert.extKeyUsage.includes(OID.clientAuth);
  return cert.extKeyUsage.includes(DOCUMENT_SIGNING_EKU);
}

/**
 * Validate an `x5c` chain (base64 DER, leaf first) against a trust store. Throws KhError KH_PKI_* (status
 * 401 for authentication failures). Returns the leaf's identity and public key.
 */
export function validateChain(
  x5c: string[],
  trust: TrustStore,
  opts: ValidateChainOptions = {},
): ValidatedLeaf {
  const state = internalsOf(trust);
  const key = chainKey(x5c);
  let verified = state.cache.get(key) as VerifiedChain | undefined;
  if (!verified) {
    verified = verifyStructure(x5c, state);
    if (state.cache.size >= MAX_CACHE) {
      const oldest = state.cache.keys().next().value;
      if (oldest !== undefined) state.cache.delete(oldest);
    }
    state.cache.set(key, verified);
  }
  const { chain, anchor, leaf } = verified;
  const at = opts.at ?? new Date();
  chain.forEach((cert, i) => checkValidity(cert, at, `x5c/${i}`));
  checkValidity(anchor.cert, at, 'root');
  chain.forEach((cert, i) =>
    checkRevocation(cert, chain[i + 1] ?? anchor.cert, state, opts.requireCrl === true, at, `x5c/${i}`),
  );
  if (opts.role !== undefined && (leaf.role !== opts.role || !hasPurpose(chain[0], opts.role))) {
    throw pkiError('KH_PKI_WRONG_ROLE', `the certificate is not issued for the role ${opts.role}`, {
      where: 'x5c/0',
      details: { required: opts.role, ...(leaf.role ? { actual: leaf.role } : {}) },
    });
  }
  if (
    anchor.anchor.roles !== undefined &&
    (leaf.role === undefined || !anchor.anchor.roles.includes(leaf.role))
  ) {
    throw pkiError('KH_PKI_WRONG_ROLE', 'the trusted root is not accepted for this role', { where: 'root' });
  }
  if (opts.platform !== undefined && leaf.platform !== opts.platform) {
    throw pkiError('KH_PKI_WRONG_PLATFORM', `the certificate does not belong to platform ${opts.platform}`, {
      where: 'x5c/0',
    });
  }
  return { ...leaf };
}

/** Forget every cached chain check of a trust store (e.g. after replacing a root). */
export function clearChainCache(trust: TrustStore): void {
  internalsOf(trust).cache.clear();
}
