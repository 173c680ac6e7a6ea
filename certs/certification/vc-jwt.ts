/**
 * VC-JOSE-COSE `application/vc+jwt` securing (W3C, §3.1.1): a compact JWS whose payload is the credential,
 * header `alg` PS256, `typ` vc+jwt, `cty` vc and the signer's X.509 chain in `x5c`.
 */
import type { KeyObject } from 'node:crypto';
import { KhError, isKhError } from '../../connector/errors';
import { Role, TrustStore, ValidatedLeaf, validateChain } from '../pki';
import { decodeCompactJws, JwsHeader, signCompactJws, verifyPs256 } from './jws';

export const VC_JWT_TYP = 'vc+jwt';
export const DEFAULT_MAX_VC_JWT_BYTES = 256 * 1024;

export interface VcJwtSigner {
  privateKey: KeyObject;
  /** Base64 DER chain, leaf first. */
  x5c: string[];
}

export interface VerifiedVcJwt {
  header: JwsHeader;
  payload: Record<string, unknown>;
  signer: ValidatedLeaf;
}

export function signVcJwt(credential: object, signer: VcJwtSigner): string {
  if (!Array.isArray(signer.x5c) || signer.x5c.length === 0) {
    throw new KhError('KH_CERT_INPUT_INVALID', 'a vc+jwt signer needs its x5c chain', { where: 'x5c' });
  }
  return signCompactJws(
    { alg: 'PS256', typ: VC_JWT_TYP, cty: 'vc', x5c: signer.x5c },
    credential,
    signer.privateKey,
  );
}

/**
 * Check a vc+jwt's header, chain (to a root trusted for `role`) and signature; return its payload.
 * Throws KH_CERT_MALFORMED, KH_CERT_TOO_LARGE, KH_CERT_ALG_UNSUPPORTED, KH_CERT_CHAIN_INVALID,
 * KH_CERT_SIGNATURE_INVALID.
 */
export function verifyVcJwt(
  token: string,
  opts: { trust: TrustStore; role: Role; now: Date; maxBytes?: number },
): VerifiedVcJwt {
  const jws = decodeCompactJws(token, opts.maxBytes ?? DEFAULT_MAX_VC_JWT_BYTES);
  const { header } = jws;
  if (header.alg !== 'PS256') {
    throw new KhError('KH_CERT_ALG_UNSUPPORTED', 'only PS256 is accepted', { where: 'header.alg' });
  }
  if (header.typ !== VC_JWT_TYP) {
    throw new KhError('KH_CERT_ALG_UNSUPPORTED', 'the JWS typ must be vc+jwt', { where: 'header.typ' });
  }
  if (Array.isArray(header.crit)) {
    throw new KhError('KH_CERT_ALG_UNSUPPORTED', 'no critical header parameter is understood', {
      where: 'header.crit',
    });
  }
  const x5c = header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c): c is string => typeof c === 'string')) {
    throw new KhError('KH_CERT_MALFORMED', 'the JWS header carries no x5c chain', { where: 'header.x5c' });
  }
  let signer: ValidatedLeaf;
  try {
    signer = validateChain(x5c, opts.trust, { role: opts.role, at: opts.now });
  } catch (cause) {
    const pkiCode = isKhError(cause) ? cause.code : 'KH_INTERNAL';
    throw new KhError(
      'KH_CERT_CHAIN_INVALID',
      `the signer's chain is not trusted for the ${opts.role} role`,
      {
        where: 'header.x5c',
        details: { pkiCode },
        cause,
      },
    );
  }
  if (!verifyPs256(jws.signingInput, jws.signature, signer.publicKey)) {
    throw new KhError('KH_CERT_SIGNATURE_INVALID', 'the vc+jwt signature does not verify', {
      where: 'signature',
    });
  }
  const payload = jws.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new KhError('KH_CERT_MALFORMED', 'the vc+jwt payload is not a JSON object', { where: 'payload' });
  }
  return { header, payload: payload as Record<string, unknown>, signer };
}

/** The IRI of the signer of a validated chain: the SAN URI, else the platform participant IRI of its subject id. */
export function signerIri(leaf: ValidatedLeaf): string | undefined {
  if (leaf.subjectIri) return leaf.subjectIri;
  if (leaf.platform) return `urn:kakehashi:participant:${leaf.platform}:${leaf.subjectId}`;
  return undefined;
}

/** Whether `iri` names the holder of the validated certificate. */
export function issuerMatches(iri: string, leaf: ValidatedLeaf): boolean {
  return iri === signerIri(leaf) || iri === leaf.subjectId;
}
