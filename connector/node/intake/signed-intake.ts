/**
 * Signed intake: a company published a record together with the SD-JWT VC it issued itself over the
 * record's canonical form (DESIGN, "One record's way", step 2). The node does not issue anything then: it
 * verifies the company's credential and relays it. Checks, in order:
 * - the credential verifies (`x5c` chains to a root this node trusts for the `company` role, signature,
 *   Disclosures; no key binding is expected) — else `KH_NODE_INTAKE_UNVERIFIED` (details.reason: the
 *   SD-JWT/PKI code);
 * - the signer is the publisher: the leaf certificate's company id (BPNL on CX, operatorId on OU) equals the
 *   change's `publisher`, on this node's platform, and it is the credential's issuer — else
 *   `KH_NODE_INTAKE_SIGNER_MISMATCH`;
 * - its provenance names the published record: `recordId` and `recordVersion` equal the change's — else
 *   `KH_NODE_INTAKE_RECORD_MISMATCH`;
 * - its `cnf` key is this node's key (the node holds the credential and binds every delivery to the peer) —
 *   else `KH_NODE_INTAKE_HOLDER_MISMATCH`;
 * - its content is a battery record the peer can take: every term defined by the pinned contexts (the
 *   compiled JSON-LD check) and the canonical schema — else `KH_NODE_INTAKE_INVALID` (details.reason: the
 *   JSON-LD or schema code, `where` into the credential). A company's tool may sign anything; refusing it
 *   here names the cause at the source, instead of a dead letter after the peer refused it.
 */
import type { JsonWebKey } from 'node:crypto';
import { KhError, isKhError } from '../../errors';
import type { TrustStore } from '../../../certs/pki';
import { verifySdJwtVc, type OpenedSdJwt, type VerifiedSdJwtVc } from '../../../certs/sd-jwt';
import type { PlatformName } from '../config';
import type { CanonicalLike } from '../pipeline/outbound';
import { validateCanonical } from '../../../adapters/canonical';
import { assertTermsDefinedCompiled } from '../../../schemas/jsonld';

export interface IntakeChange {
  recordId: string;
  version: string;
  publisher: string;
}

export interface IntakeResult {
  /** The verified credential (every claim disclosed: the company's issued token carries all Disclosures). */
  canonical: CanonicalLike;
  /** The token for the policy step, opened once at verification. */
  token: OpenedSdJwt;
}

export interface IntakeVerifierOptions {
  trust: TrustStore;
  /** This node's platform: the signer must be a company of it. */
  platform: PlatformName;
  /** This node's public key (the credential's `cnf` must name it). */
  nodePublicJwk: JsonWebKey;
  /** Size limit of the credential (the node's `limits.bodyBytes`). */
  maxBytes?: number;
}

export type IntakeVerifier = (credential: string, change: IntakeChange) => Promise<IntakeResult>;

const refuse = (code: string, message: string, status: number, where?: string): KhError =>
  new KhError(code, message, { status, ...(where === undefined ? {} : { where }) });

/** The public members that identify a key (RSA n/e, EC crv/x/y), so two JWKs of one key compare equal. */
function keyId(jwk: unknown): string | undefined {
  if (jwk === null || typeof jwk !== 'object') return undefined;
  const k = jwk as Record<string, unknown>;
  if (k.kty === 'RSA' && typeof k.n === 'string' && typeof k.e === 'string') return `RSA:${k.n}:${k.e}`;
  if (k.kty === 'EC' && typeof k.crv === 'string' && typeof k.x === 'string' && typeof k.y === 'string')
    return `EC:${k.crv}:${k.x}:${k.y}`;
  return undefined;
}

export function createIntakeVerifier(opts: IntakeVerifierOptions): IntakeVerifier {
  const nodeKey = keyId(opts.nodePublicJwk);
  if (nodeKey === undefined) {
    throw new KhError('KH_INTERNAL', 'the node key is neither an RSA nor an EC key', { status: 500 });
  }
  return async (credential, change) => {
    let verified: VerifiedSdJwtVc;
    try {
      verified = verifySdJwtVc(credential, {
        trust: opts.trust,
        requireRole: 'company',
        requireKeyBinding: false,
        ...(opts.maxBytes === undefined ? {} : { maxBytes: opts.maxBytes }),
      });
    } catch (err) {
      const reason = isKhError(err) ? err.code : 'KH_INTERNAL';
      // Signed by a certificate that is not the credential issuer's: not the publishing company.
      if (reason === 'KH_SDJWT_ISSUER_MISMATCH') {
        throw new KhError(
          'KH_NODE_INTAKE_SIGNER_MISMATCH',
          "the credential's certificate does not belong to its issuer",
          { status: 403, where: '/credential/jwt/header/x5c', details: { reason } },
        );
      }
      throw new KhError('KH_NODE_INTAKE_UNVERIFIED', `the company's credential does not verify (${reason})`, {
        status: 422,
        where: '/credential',
        details: { reason },
      });
    }
    const signer = verified.issuer;
    if (signer.subjectId !== change.publisher || signer.platform !== opts.platform) {
      throw refuse(
        'KH_NODE_INTAKE_SIGNER_MISMATCH',
        'the credential is not signed by the publishing company of this platform',
        403,
        '/credential/jwt/header/x5c',
      );
    }
    const canonical = verified.credential as CanonicalLike;
    const provenance = canonical.credentialSubject?.provenance;
    if (provenance?.recordId !== change.recordId || String(provenance?.recordVersion) !== change.version) {
      throw refuse(
        'KH_NODE_INTAKE_RECORD_MISMATCH',
        'the credential names another record id or version than the published one',
        422,
        '/credentialSubject/provenance',
      );
    }
    // Opened at verification: one decode for the whole pipeline.
    const { opened } = verified;
    const cnf = opened.payload.cnf as { jwk?: unknown } | undefined;
    if (keyId(cnf?.jwk) !== nodeKey) {
      throw refuse(
        'KH_NODE_INTAKE_HOLDER_MISMATCH',
        "the credential's holder key (cnf) is not this node's key",
        422,
        '/cnf',
      );
    }
    await checkContent(canonical);
    return { canonical, token: opened };
  };
}

/** The credential's terms and schema (every claim is disclosed in the company's own token). */
async function checkContent(canonical: CanonicalLike): Promise<void> {
  try {
    await assertTermsDefinedCompiled(canonical);
    validateCanonical(canonical);
  } catch (err) {
    if (!isKhError(err)) throw err;
    const where =
      err.where === undefined
        ? '/credential'
        : `/credential${err.where.startsWith('/') ? '' : '/'}${err.where}`;
    throw new KhError(
      'KH_NODE_INTAKE_INVALID',
      `the company's credential is not a valid battery record (${err.code})`,
      {
        status: 422,
        where,
        details: { reason: err.code },
      },
    );
  }
}
