/**
 * Run-time crypto for the corpus: SD-JWT VCs issued by a Catena-X company and presented to the Ouranos
 * node, then spoiled in one precise way each. Nothing here is committed: keys come from PKIs created at
 * test start.
 */
import { createHmac, createPublicKey, generateKeyPairSync, sign as rsaSign, constants, type KeyObject } from 'node:crypto';
import { issueSdJwtVc, presentSdJwtVc, createKeyBindingJwt, splitSdJwt, joinSdJwt } from '../../certs/sd-jwt';
import type { IssuedIdentity } from '../../certs/pki';

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
const unb64 = (s: string): Record<string, unknown> => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Sign a compact JWS with PS256 (RSA-PSS, SHA-256, salt 32). */
export function signPs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const sig = rsaSign('sha256', Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  return `${input}.${sig.toString('base64url')}`;
}

export interface Presenter {
  /** The issuing company and the holder (the peer node whose TLS key is the key-binding key). */
  company: IssuedIdentity;
  holder: { privateKey: KeyObject };
  audience: string;
}

export interface Issued {
  /** The issued SD-JWT (no key binding). */
  sdJwt: string;
  /** A presentation with every disclosure and a key-binding JWT for `nonce`. */
  present(nonce: string, opts?: { audience?: string; now?: Date; key?: KeyObject }): string;
}

export function issue(credential: object, p: Presenter, opts: { signer?: IssuedIdentity; now?: Date } = {}): Issued {
  const signer = opts.signer ?? p.company;
  const holderPublicJwk = createPublicKey(p.holder.privateKey).export({ format: 'jwk' });
  const sdJwt = issueSdJwtVc(credential, { privateKey: signer.privateKey, x5c: signer.x5c, holderPublicJwk, ...(opts.now ? { now: opts.now } : {}) });
  return {
    sdJwt,
    present: (nonce, o = {}) =>
      presentSdJwtVc(sdJwt, {
        keep: () => true,
        keyBinding: { privateKey: o.key ?? p.holder.privateKey, audience: o.audience ?? p.audience, nonce, ...(o.now ? { now: o.now } : {}) },
      }),
  };
}

/** Re-sign the issuer JWT of `token` after changing its header/payload (a validly signed but bad token). */
export function resignIssuerJwt(
  token: string,
  key: KeyObject,
  edit: (header: Record<string, unknown>, payload: Record<string, unknown>) => void,
): string {
  const parts = splitSdJwt(token, { maxBytes: 1 << 24, maxDisclosures: 100000 });
  const [h, p] = parts.jwt.split('.');
  const header = unb64(h);
  const payload = unb64(p);
  edit(header, payload);
  return joinSdJwt(signPs256(header, payload, key), parts.disclosures, parts.kbJwt ?? '');
}

/** Replace the issuer JWT's header (unsigned: `alg: none`, or HMAC keyed with the issuer's public key). */
export function forgeIssuerJwt(token: string, mode: 'none' | 'hmac', issuerCertPem: string): string {
  const parts = splitSdJwt(token, { maxBytes: 1 << 24, maxDisclosures: 100000 });
  const [h, p] = parts.jwt.split('.');
  const header = unb64(h);
  if (mode === 'none') {
    const forged = `${b64({ ...header, alg: 'none' })}.${p}.`;
    return joinSdJwt(forged, parts.disclosures, parts.kbJwt ?? '');
  }
  const input = `${b64({ ...header, alg: 'HS256' })}.${p}`;
  const pub = createPublicKey(issuerCertPem).export({ type: 'spki', format: 'pem' });
  const mac = createHmac('sha256', pub).update(input).digest('base64url');
  return joinSdJwt(`${input}.${mac}`, parts.disclosures, parts.kbJwt ?? '');
}

/** Change one disclosure's value without touching the digests in the payload. */
export function tamperDisclosure(token: string, index = 0): string {
  const parts = splitSdJwt(token, { maxBytes: 1 << 24, maxDisclosures: 100000 });
  const ds = [...parts.disclosures];
  const arr = JSON.parse(Buffer.from(ds[index], 'base64url').toString('utf8')) as unknown[];
  arr[arr.length - 1] = 'tampered';
  ds[index] = Buffer.from(JSON.stringify(arr), 'utf8').toString('base64url');
  return joinSdJwt(parts.jwt, ds, parts.kbJwt ?? '');
}

/** Change a claim in the issuer JWT payload, keeping the old signature. */
export function tamperPayload(token: string): string {
  const parts = splitSdJwt(token, { maxBytes: 1 << 24, maxDisclosures: 100000 });
  const [h, p, s] = parts.jwt.split('.');
  const payload = unb64(p);
  payload.validFrom = '1999-01-01T00:00:00Z';
  return joinSdJwt(`${h}.${b64(payload)}.${s}`, parts.disclosures, parts.kbJwt ?? '');
}

/** A key-binding JWT made for the right audience and nonce but over another presentation (`sd_hash`). */
export function wrongSdHash(token: string, holder: KeyObject, audience: string, nonce: string): string {
  const parts = splitSdJwt(token, { maxBytes: 1 << 24, maxDisclosures: 100000 });
  const kb = createKeyBindingJwt(`${parts.jwt}~`, { privateKey: holder, audience, nonce });
  return joinSdJwt(parts.jwt, parts.disclosures, kb);
}

/** Append a key-binding JWT (signed by `key`) to a token without one. */
export function bind(sdJwtWithoutKb: string, key: KeyObject, audience: string, nonce: string): string {
  return `${sdJwtWithoutKb}${createKeyBindingJwt(sdJwtWithoutKb, { privateKey: key, audience, nonce })}`;
}

/** A fresh RSA key nobody trusts (for signatures by the wrong key). */
export function strangerKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}
