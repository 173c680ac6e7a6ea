/**
 * Verify an SD-JWT VC or a presentation of one: `x5c` chain to a root trusted for the role (certs/pki
 * `validateChain`, errors pass through as KH_PKI_*), signature, Disclosures, issuer identity, key
 * binding and replay. The result is the disclosed credential and the undisclosed digests, nothing more.
 */
import type { KeyObject } from 'node:crypto';
import { validateChain, type Role, type TrustStore, type ValidatedLeaf } from '../pki';
import { fail } from './lib/error';
import type { OpenedSdJwt } from './present';
import { isJsonObject, JsonObject } from './lib/json';
import { AsyncReplayCache, ReplayCache } from './replay-cache';
import { VerifiedSdJwt, verifySdJwtCore } from './verify-core';

/** `typ` values accepted for the Issuer-signed JWT: W3C VC-JOSE-COSE and IETF SD-JWT VC. */
export const ACCEPTED_SD_JWT_VC_TYP: ReadonlyArray<string> = ['vc+sd-jwt', 'dc+sd-jwt'];

export interface VerifySdJwtVcOptions {
  trust: TrustStore;
  requireRole?: Role;
  audience?: string;
  nonce?: string;
  requireKeyBinding?: boolean;
  replayCache?: ReplayCache;
  now?: Date;
  maxBytes?: number;
  maxDisclosures?: number;
  maxDepth?: number;
  freshnessSeconds?: number;
}

export interface VerifiedSdJwtVc {
  credential: Record<string, unknown>;
  undisclosedDigests: string[];
  issuer: ValidatedLeaf;
  keyBinding?: { audience: string; nonce: string; issuedAt: number };
  /**
   * The verified token decoded, in the shape `openSdJwt` returns (Issuer-signed JWT, its header and
   * payload, every Disclosure with its claim path, parent, decoded JSON text and salt, and the key-binding
   * JWT when present), built from the decoding the verifier already did: hand it on (e.g. to the
   * disclosure policy, `{ opened }`) instead of decoding the token again. Its JSON text and values are
   * those of the verified token; treat them as read-only (they share structure with `credential`).
   */
  opened: OpenedSdJwt;
}

const KAKEHASHI_PARTICIPANT = /^urn:kakehashi:participant:/;

function verifyWithoutReplay(
  token: string,
  opts: VerifySdJwtVcOptions,
): { core: VerifiedSdJwt; leaf: ValidatedLeaf } {
  if (opts.requireKeyBinding && opts.audience === undefined) {
    fail('KH_SDJWT_INVALID_INPUT', 'requireKeyBinding needs the expected audience', 'audience');
  }
  let leaf: ValidatedLeaf | undefined;
  const core = verifySdJwtCore(token, {
    resolveIssuerKey: (header): KeyObject => {
      const x5c = header.x5c;
      if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c): c is string => typeof c === 'string')) {
        fail(
          'KH_SDJWT_MALFORMED',
          'the JWS header must carry x5c (base64 DER, leaf first)',
          '/jwt/header/x5c',
        );
      }
      const validated = validateChain(x5c, opts.trust, {
        ...(opts.requireRole === undefined ? {} : { role: opts.requireRole }),
        ...(opts.now === undefined ? {} : { at: opts.now }),
      });
      leaf = validated;
      return validated.publicKey;
    },
    acceptedTyp: ACCEPTED_SD_JWT_VC_TYP,
    ...pick(opts),
  });
  const issuer = leaf as ValidatedLeaf | undefined;
  if (issuer === undefined) return fail('KH_SDJWT_MALFORMED', 'no issuer certificate');
  checkIssuer(core.claims, issuer);
  return { core, leaf: issuer };
}

function pick(opts: VerifySdJwtVcOptions) {
  const { audience, nonce, requireKeyBinding, now, maxBytes, maxDisclosures, maxDepth, freshnessSeconds } =
    opts;
  return Object.fromEntries(
    Object.entries({
      audience,
      nonce,
      requireKeyBinding,
      now,
      maxBytes,
      maxDisclosures,
      maxDepth,
      freshnessSeconds,
    }).filter(([, v]) => v !== undefined),
  );
}

/**
 * When the credential names a Kakehashi participant as issuer (or `iss`), the certificate must be theirs;
 * and a Kakehashi participant certificate may only sign credentials whose `issuer` is its own IRI.
 */
function checkIssuer(claims: JsonObject, leaf: ValidatedLeaf): void {
  const issuer = isJsonObject(claims.issuer) ? claims.issuer.id : claims.issuer;
  for (const [claimed, where] of [
    [issuer, '/issuer'],
    [claims.iss, '/iss'],
  ] as const) {
    if (typeof claimed !== 'string') continue;
    const leafIsParticipant = leaf.subjectIri !== undefined && KAKEHASHI_PARTICIPANT.test(leaf.subjectIri);
    if (
      (KAKEHASHI_PARTICIPANT.test(claimed) || (leafIsParticipant && where === '/issuer')) &&
      leaf.subjectIri !== claimed
    ) {
      fail(
        'KH_SDJWT_ISSUER_MISMATCH',
        'the issuer certificate does not belong to the credential issuer',
        where,
      );
    }
  }
}

/** JWT claims of the securing mechanism, checked by the verifier and not part of the credential. */
const SECURING_CLAIMS = ['cnf', 'iat', 'exp', 'nbf'];

function result(core: VerifiedSdJwt, leaf: ValidatedLeaf): VerifiedSdJwtVc {
  const credential: Record<string, unknown> = { ...core.claims };
  for (const claim of SECURING_CLAIMS) delete credential[claim];
  return {
    credential,
    undisclosedDigests: core.undisclosedDigests,
    issuer: leaf,
    opened: core.opened,
    ...(core.keyBinding === undefined ? {} : { keyBinding: core.keyBinding }),
  };
}

export function verifySdJwtVc(token: string, opts: VerifySdJwtVcOptions): VerifiedSdJwtVc {
  const { core, leaf } = verifyWithoutReplay(token, opts);
  if (core.replay !== undefined && opts.replayCache !== undefined) {
    const fresh: unknown = opts.replayCache.remember(core.replay.key, core.replay.expiresAt);
    if (fresh instanceof Promise) {
      fail(
        'KH_SDJWT_REPLAY_CACHE_ASYNC',
        'use verifySdJwtVcAsync with an asynchronous replay cache',
        'replayCache',
      );
    }
    if (fresh !== true) fail('KH_SDJWT_KB_REPLAY', 'this key-binding JWT was already used', '/kb-jwt');
  }
  return result(core, leaf);
}

/** As `verifySdJwtVc`, for an asynchronous replay cache (the node's Redis one). */
export async function verifySdJwtVcAsync(
  token: string,
  opts: Omit<VerifySdJwtVcOptions, 'replayCache'> & { replayCache?: AsyncReplayCache },
): Promise<VerifiedSdJwtVc> {
  const { replayCache, ...rest } = opts;
  const { core, leaf } = verifyWithoutReplay(token, rest);
  if (core.replay !== undefined && replayCache !== undefined) {
    const fresh = await replayCache.remember(core.replay.key, core.replay.expiresAt);
    if (!fresh) fail('KH_SDJWT_KB_REPLAY', 'this key-binding JWT was already used', '/kb-jwt');
  }
  return result(core, leaf);
}
