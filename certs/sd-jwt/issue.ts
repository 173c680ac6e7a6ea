/**
 * Issue a VC 2.0 credential as an SD-JWT VC (W3C VC-JOSE-COSE, `application/vc+sd-jwt`): header
 * `typ: vc+sd-jwt`, `cty: vc`, `x5c` (issuer certificate, then intermediates); payload = the credential
 * with every claim inside `credentialSubject` (every depth, arrays element by element) selectively
 * disclosable except `credentialSubject.id` and `credentialSubject.type`, or the claims a disclosure frame
 * selects (`frame`); decoy digests; `_sd_alg`;
 * `cnf.jwk` when a holder key is given.
 */
import { KeyObject, randomInt } from 'node:crypto';
import { ClaimPath, conceal } from './conceal';
import { DisclosureSerializer } from './disclosure';
import { JwsAlgorithm, signCompact } from './jws';
import { fail } from './lib/error';
import { isJsonObject, JsonObject } from './lib/json';
import { joinSdJwt } from './serialization';

export const VC_SD_JWT_TYP = 'vc+sd-jwt';
export const VC_CTY = 'vc';

/** Claims of the envelope that stay in clear (and may not be disclosable). */
const CLEAR_SUBJECT_CLAIMS = new Set(['id', 'type']);

export interface IssueSdJwtVcOptions {
  privateKey: KeyObject;
  x5c: string[];
  alg?: 'PS256' | 'RS256';
  holderPublicJwk?: JsonWebKey;
  /**
   * Decoys: each `_sd` array gets between `decoys` and `2 × decoys` decoy digests (random count), so the
   * number of hidden claims does not leak. Default 2; 0 disables.
   */
  decoys?: number;
  now?: Date;
  /** Salt source (tests); 128 random bits per Disclosure by default. */
  salt?: (path: ClaimPath) => string;
  /** Disclosure JSON serialiser (tests); JSON.stringify by default. */
  serialize?: DisclosureSerializer;
  /**
   * Disclosure granularity inside `credentialSubject`: `'inline'` keeps a claim inside its parent's
   * Disclosure instead of giving it its own. Default: every claim disclosable (every depth, arrays element
   * by element). A frame can only narrow: the envelope and `credentialSubject.id`/`type` stay in clear.
   * Kakehashi's product frame is `batteryRecordFrame` (policies/frame.ts).
   */
  frame?: DisclosureFrame;
}

/** Whether the claim at `path` gets a Disclosure of its own or stays inside its parent's. */
export type DisclosureFrame = (path: ClaimPath) => 'disclosable' | 'inline';

type JsonWebKey = import('node:crypto').JsonWebKey;

/** The Kakehashi disclosure frame: everything below `credentialSubject` but its `id` and `type`. */
export function isDisclosableVcClaim(path: ClaimPath): boolean {
  if (path.length < 2 || path[0] !== 'credentialSubject') return false;
  return !(path.length === 2 && typeof path[1] === 'string' && CLEAR_SUBJECT_CLAIMS.has(path[1]));
}

export function issueSdJwtVc(credential: object, opts: IssueSdJwtVcOptions): string {
  if (!isJsonObject(credential) || !isJsonObject(credential.credentialSubject)) {
    fail(
      'KH_SDJWT_INVALID_INPUT',
      'credential must be an object with an object credentialSubject',
      '/credentialSubject',
    );
  }
  if (!Array.isArray(opts.x5c) || opts.x5c.length === 0 || !opts.x5c.every((c) => typeof c === 'string')) {
    fail('KH_SDJWT_INVALID_INPUT', 'x5c must hold the issuer certificate (base64 DER), leaf first', 'x5c');
  }
  for (const reserved of ['_sd', '_sd_alg', 'cnf', 'iat']) {
    if ((credential as JsonObject)[reserved] !== undefined) {
      fail('KH_SDJWT_INVALID_INPUT', `credential must not carry "${reserved}" itself`, `/${reserved}`);
    }
  }
  const alg: JwsAlgorithm = opts.alg ?? 'PS256';
  if (alg !== 'PS256' && alg !== 'RS256')
    fail('KH_SDJWT_ALG_NOT_ALLOWED', 'issuers sign with PS256 or RS256', 'alg');
  const decoys = opts.decoys ?? 2;
  if (!Number.isInteger(decoys) || decoys < 0 || decoys > 64) {
    fail('KH_SDJWT_INVALID_INPUT', 'decoys must be an integer from 0 to 64', 'decoys');
  }
  const { payload, disclosures } = conceal(credential, {
    disclosable: frameOf(opts.frame),
    decoys: () => (decoys === 0 ? 0 : randomInt(decoys, 2 * decoys + 1)),
    ...(opts.salt === undefined ? {} : { salt: opts.salt }),
    ...(opts.serialize === undefined ? {} : { serialize: opts.serialize }),
  });
  payload.iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  payload._sd_alg = 'sha-256';
  if (opts.holderPublicJwk !== undefined) payload.cnf = { jwk: publicJwkOnly(opts.holderPublicJwk) };
  const jwt = signCompact({ typ: VC_SD_JWT_TYP, cty: VC_CTY, x5c: opts.x5c }, payload, opts.privateKey, alg);
  return joinSdJwt(jwt, disclosures);
}

function frameOf(frame: DisclosureFrame | undefined): (path: ClaimPath) => boolean {
  if (frame === undefined) return isDisclosableVcClaim;
  return (path) => isDisclosableVcClaim(path) && frame(path) === 'disclosable';
}

function publicJwkOnly(jwk: JsonWebKey): JsonWebKey {
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: jwk.n, e: jwk.e };
  if (jwk.kty === 'EC') return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
  return fail('KH_SDJWT_INVALID_INPUT', 'holder key must be an RSA or EC public JWK', 'holderPublicJwk');
}
