/**
 * Trust store: the root CAs a node trusts (per platform, optionally restricted to some leaf roles) and the
 * CRLs it holds. Internals (parsed roots, CRL index, the chain-check cache) stay private to this area.
 */
import { pkiError } from './fail';
import { parseCertificate, type ParsedCertificate } from './der';
import { parseCrl, verifyCrlSignature, type ParsedCrl } from './crl';
import { parseKakehashiIri } from './identifiers';
import { pemToX5c } from './pem';
import type { CrlStatus, PlatformId, Role, TrustAnchor, TrustRootInput, TrustStore } from './types';

export interface ParsedAnchor {
  anchor: TrustAnchor;
  cert: ParsedCertificate;
}

export interface HeldCrl {
  crl: ParsedCrl;
  /** Fingerprints of CA certificates this CRL's signature was verified with. */
  verifiedWith: Set<string>;
}

export interface TrustStoreInternals {
  anchors: ParsedAnchor[];
  crls: Map<string, HeldCrl>;
  /** Chain-check cache: chain key → structurally verified chain. */
  cache: Map<string, unknown>;
}

const internals = new WeakMap<TrustStore, TrustStoreInternals>();

export function internalsOf(store: TrustStore): TrustStoreInternals {
  const found = internals.get(store);
  if (!found)
    throw pkiError('KH_PKI_BAD_OPTION', 'trust store was not made by createTrustStore', { where: 'trust' });
  return found;
}

/** CRL index key: the issuing CA's key id when known, else its Name. */
export function crlKey(issuerHex: string, akiHex: string | undefined): string {
  return akiHex ? `kid:${akiHex}` : `dn:${issuerHex}`;
}

/** A CRL replaces a held one of the same issuer only if it is newer (CRL number, else thisUpdate). */
function isNewer(candidate: ParsedCrl, held: ParsedCrl): boolean {
  if (candidate.crlNumber !== undefined && held.crlNumber !== undefined)
    return candidate.crlNumber > held.crlNumber;
  return candidate.thisUpdate.getTime() > held.thisUpdate.getTime();
}

function parseRoot(input: TrustRootInput, index: number): ParsedAnchor {
  const pem = typeof input === 'string' ? input : input.pem;
  const where = `roots/${index}`;
  const cert = parseCertificate(pemToX5c(pem)[0], where);
  const selfSigned = cert.selfIssued && cert.x509.verify(cert.publicKey);
  if (!selfSigned || !cert.isCa || (cert.keyUsage !== undefined && !cert.keyUsage.keyCertSign)) {
    throw pkiError(
      'KH_PKI_BAD_ROOT',
      'a trust root must be a self-signed CA certificate allowed to sign certificates',
      {
        where,
      },
    );
  }
  let platform: PlatformId | undefined;
  for (const uri of cert.sanUris) {
    const iri = parseKakehashiIri(uri);
    if (iri?.kind === 'platform') platform = iri.platform;
  }
  const roles: ReadonlyArray<Role> | undefined = typeof input === 'string' ? undefined : input.roles;
  return {
    cert,
    anchor: {
      certificatePem: cert.pem,
      fingerprint256: cert.fingerprint256,
      ...(platform ? { platform } : {}),
      ...(roles ? { roles: [...roles] } : {}),
    },
  };
}

class KhTrustStore implements TrustStore {
  readonly anchors: ReadonlyArray<TrustAnchor>;
  private rev = 0;

  constructor(private readonly state: TrustStoreInternals) {
    this.anchors = state.anchors.map((a) => a.anchor);
  }

  get revision(): number {
    return this.rev;
  }

  addCrl(crlPem: string): void {
    const crl = parseCrl(crlPem);
    const held: HeldCrl = { crl, verifiedWith: new Set() };
    // A CRL of a root is checked at once; one of an intermediate when a chain through it is validated.
    for (const { cert } of this.state.anchors) {
      if (cert.subjectHex !== crl.issuerHex) continue;
      if (crl.akiHex && cert.skiHex && crl.akiHex !== cert.skiHex) continue;
      if (!verifyCrlSignature(crl, cert.publicKey)) {
        throw pkiError('KH_PKI_CRL_BAD_SIGNATURE', 'CRL signature does not verify with its root CA', {
          where: 'crl',
        });
      }
      held.verifiedWith.add(cert.fingerprint256);
    }
    const key = crlKey(crl.issuerHex, crl.akiHex);
    const existing = this.state.crls.get(key);
    if (existing && !isNewer(crl, existing.crl)) return;
    this.state.crls.set(key, held);
    this.rev++;
  }

  crlStatus(at: Date = new Date()): CrlStatus[] {
    return [...this.state.crls.values()].map(({ crl }) => {
      const root = this.state.anchors.find((a) => a.cert.subjectHex === crl.issuerHex);
      const issuer =
        root?.cert.commonName ?? (crl.akiHex ? `key:${crl.akiHex}` : `name:${crl.issuerHex.slice(0, 64)}`);
      return {
        issuer,
        ...(crl.crlNumber === undefined ? {} : { crlNumber: crl.crlNumber }),
        thisUpdate: crl.thisUpdate.toISOString(),
        ...(crl.nextUpdate ? { nextUpdate: crl.nextUpdate.toISOString() } : {}),
        revoked: crl.revoked.size,
        stale: isStale(crl, at),
      };
    });
  }
}

/** Past its nextUpdate at `at` (a CRL without one never goes stale by itself). */
export function isStale(crl: ParsedCrl, at: Date): boolean {
  return crl.nextUpdate !== undefined && at.getTime() > crl.nextUpdate.getTime();
}

/** A trust store over root CA certificates (PEM) and CRLs (PEM). */
export function createTrustStore(input: { roots: TrustRootInput[]; crls?: string[] }): TrustStore {
  if (!input || !Array.isArray(input.roots) || input.roots.length === 0) {
    throw pkiError('KH_PKI_BAD_OPTION', 'a trust store needs at least one root', { where: 'roots' });
  }
  const state: TrustStoreInternals = {
    anchors: input.roots.map(parseRoot),
    crls: new Map(),
    cache: new Map(),
  };
  const store = new KhTrustStore(state);
  internals.set(store, state);
  for (const crl of input.crls ?? []) store.addCrl(crl);
  return store;
}
