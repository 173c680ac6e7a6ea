/**
 * The inbound pipeline (`POST /data/records`, mutual TLS already checked): the transfer and its contract
 * agreement → the presentation (issuer chain for the role company, signature, every disclosed digest,
 * key binding with audience = this node and nonce = consumerPid#sequence, freshness, no replay) → the
 * key-binding key is the client TLS certificate's key → the credential's JSON-LD (offline contexts only) →
 * the canonical schema (withheld claims allowed) → each certification credential again (signature,
 * accredited certifier, scheme accepted, validity, revocation) → `fromCanonical` (validated against the
 * native schema) → hand to the platform as "received" → store native view and verifiable original
 * (idempotent per record version) → audit.
 */
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { KhError, isKhError } from '../../errors';
import type { PeerConfig, PlatformName } from '../config';
import type { ClientLeaf } from '../http/client-certificate';
import type { ReceivedVerification } from '../platform-client';
import type { RecordDelivery } from './types';

export interface VerifiedPresentation {
  credential: Record<string, unknown>;
  undisclosedDigests: string[];
  issuer: { subjectId: string };
}

export interface InboundDeps {
  nodeId: string;
  platform: PlatformName;
  transferOf(
    consumerPid: string,
  ): Promise<{ peerId: string; state: string; agreementId: string; providerPid: string } | undefined>;
  agreementFinalized(agreementId: string, peerId: string): Promise<boolean>;
  verify(presentation: string, expect: { audience: string; nonce: string }): Promise<VerifiedPresentation>;
  /** Evaluate certification credentials (from the peer's platform to this one) against the MRA. */
  certifications(
    tokens: string[],
    peer: PeerConfig,
  ): Promise<{ passed: number; dropped: Record<string, number> }>;
  /** JSON-LD check of the received credential: offline contexts only, every term defined. */
  checkCredential(credential: Record<string, unknown>): Promise<void> | void;
  /**
   * The received credential is a canonical record (claims may be withheld): throws `KH_SCHEMA_INVALID`
   * otherwise. Runs before any mapping.
   */
  validateCanonical(credential: Record<string, unknown>): void;
  fromCanonical(credential: Record<string, unknown>): unknown;
  alreadyStored(recordId: string, version: string): Promise<boolean>;
  deliverToPlatform(native: unknown, verification: ReceivedVerification): Promise<void>;
  store(
    recordId: string,
    version: string,
    peerId: string,
    native: unknown,
    original: string,
  ): Promise<boolean>;
  audit(entry: {
    action: string;
    outcome: 'ok' | 'refused' | 'failed';
    peerId: string;
    recordId?: string;
    version?: string;
    errorCode?: string;
    durationMs?: number;
  }): Promise<void>;
  observeVerification(seconds: number, outcome: 'ok' | 'refused'): void;
  onReceived(peerId: string): void;
  onRefused(code: string): void;
}

const bad = (where: string, what: string): KhError =>
  new KhError('KH_INPUT_INVALID', `${where} ${what}`, { status: 400, where });

export function parseDelivery(body: unknown): RecordDelivery {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw bad('/', 'must be an object');
  const b = body as Record<string, unknown>;
  for (const k of ['agreementId', 'providerPid', 'consumerPid', 'presentation']) {
    if (typeof b[k] !== 'string' || (b[k] as string).length === 0)
      throw bad(`/${k}`, 'must be a non-empty string');
  }
  if (!Number.isInteger(b.sequence) || (b.sequence as number) < 1)
    throw bad('/sequence', 'must be a positive integer');
  const certs = b.certifications ?? [];
  if (!Array.isArray(certs) || !certs.every((c) => typeof c === 'string') || certs.length > 100) {
    throw bad('/certifications', 'must be an array of at most 100 strings');
  }
  return {
    agreementId: b.agreementId as string,
    providerPid: b.providerPid as string,
    consumerPid: b.consumerPid as string,
    sequence: b.sequence as number,
    presentation: b.presentation as string,
    certifications: certs as string[],
  };
}

/** The holder key (`cnf.jwk`) of a verified SD-JWT, read from its (already verified) issuer-signed payload. */
export function holderJwkOf(presentation: string): JsonWebKey | undefined {
  try {
    // Only the issuer-signed JWT (up to the first `~`) is read: no split of the whole presentation.
    const end = presentation.indexOf('~');
    const jwt = end < 0 ? presentation : presentation.slice(0, end);
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as {
      cnf?: { jwk?: JsonWebKey };
    };
    return payload.cnf?.jwk;
  } catch {
    return undefined;
  }
}

/** The JWK of a (TLS client) public key, exported once per key object. */
const exportedJwks = new WeakMap<KeyObject, JsonWebKey>();

export function sameRsaKey(jwk: JsonWebKey | undefined, key: KeyObject): boolean {
  if (!jwk) return false;
  let k = exportedJwks.get(key);
  if (!k) {
    k = key.export({ format: 'jwk' });
    exportedJwks.set(key, k);
  }
  return (
    jwk.kty === k.kty &&
    jwk.n === k.n &&
    jwk.e === k.e &&
    (jwk.crv ?? '') === (k.crv ?? '') &&
    (jwk.x ?? '') === (k.x ?? '')
  );
}

/**
 * `agreementFinalized` over a lookup, remembering positive answers: an agreement is stored once (never
 * rewritten) and a finalized negotiation never leaves FINALIZED, so "finalized, consumer side, with this
 * peer" stays true. Negative answers (unknown, not yet finalized) are looked up again every time. At most
 * `max` agreements are remembered (beyond that, lookups are simply not cached).
 */
export function rememberFinalizedAgreements(
  lookup: (agreementId: string) => Promise<{ peerId: string; role: string; finalized: boolean } | undefined>,
  max = 10000,
): InboundDeps['agreementFinalized'] {
  const finalized = new Map<string, string>();
  return async (agreementId, peerId) => {
    const known = finalized.get(agreementId);
    if (known !== undefined) return known === peerId;
    const a = await lookup(agreementId);
    if (!a || !a.finalized || a.role !== 'consumer') return false;
    if (finalized.size < max) finalized.set(agreementId, a.peerId);
    return a.peerId === peerId;
  };
}

/**
 * The id this platform's own format gives a native record — what `toCanonical(native)` would put in
 * `provenance.recordId` — read straight from the record instead of mapping it again: OU `recordId`,
 * CX `metadata.passportIdentifier` (of the `batteryPass` when the record carries a supply-chain companion).
 * Undefined when the record does not have that shape (the caller may then fall back to the mapping).
 */
export function nativeRecordId(platform: PlatformName, native: unknown): string | undefined {
  if (native === null || typeof native !== 'object' || Array.isArray(native)) return undefined;
  const n = native as Record<string, unknown>;
  if (platform === 'ouranos') {
    return typeof n.recordId === 'string' && n.recordId !== '' ? n.recordId : undefined;
  }
  const pass = (Object.prototype.hasOwnProperty.call(n, 'batteryPass') ? n.batteryPass : n) as
    { metadata?: { passportIdentifier?: unknown } } | null | undefined;
  const id = pass && typeof pass === 'object' ? pass.metadata?.passportIdentifier : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * `fromCanonical` with every failure typed as the sender's fault: a validly signed credential that the
 * mapping or the native schema cannot take is refused (4xx), never an internal error.
 */
export function mapToNative(
  deps: Pick<InboundDeps, 'fromCanonical'>,
  credential: Record<string, unknown>,
): unknown {
  try {
    return deps.fromCanonical(credential);
  } catch (err) {
    if (isKhError(err) && err.status >= 400 && err.status < 500) throw err;
    throw new KhError('KH_SCHEMA_INVALID', "the received record cannot be mapped to this platform's format", {
      status: 400,
      where: '/presentation/credentialSubject',
      details: { mappingError: isKhError(err) ? err.code : 'untyped' },
      cause: err,
    });
  }
}

export async function receiveRecord(
  deps: InboundDeps,
  peer: PeerConfig,
  leaf: ClientLeaf,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const started = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  let ids: { recordId?: string; version?: string } = {};
  try {
    const d = parseDelivery(body);
    const transfer = await deps.transferOf(d.consumerPid);
    if (
      !transfer ||
      transfer.peerId !== peer.id ||
      transfer.state !== 'STARTED' ||
      transfer.agreementId !== d.agreementId ||
      transfer.providerPid !== d.providerPid ||
      !(await deps.agreementFinalized(d.agreementId, peer.id))
    ) {
      throw new KhError('KH_NODE_NO_AGREEMENT', 'no started transfer under a finalized agreement matches', {
        status: 403,
        where: '/agreementId',
      });
    }
    const verified = await deps.verify(d.presentation, {
      audience: deps.nodeId,
      nonce: `${d.consumerPid}#${d.sequence}`,
    });
    if (!sameRsaKey(holderJwkOf(d.presentation), leaf.publicKey)) {
      throw new KhError('KH_NODE_KEY_BINDING_MISMATCH', 'the key-binding key is not the TLS client key', {
        status: 401,
        where: '/presentation/cnf',
      });
    }
    const subject = (verified.credential.credentialSubject ?? {}) as {
      provenance?: { recordId?: unknown; recordVersion?: unknown };
    };
    const recordId = subject.provenance?.recordId;
    const version = subject.provenance?.recordVersion;
    if (typeof recordId !== 'string' || (typeof version !== 'string' && typeof version !== 'number')) {
      throw bad('/presentation/credentialSubject/provenance', 'must name the record id and version');
    }
    ids = { recordId, version: String(version) };
    await deps.checkCredential(verified.credential);
    deps.validateCanonical(verified.credential);
    deps.observeVerification(seconds(), 'ok');
    if (await deps.alreadyStored(recordId, String(version))) {
      await deps.audit({ action: 'receive', outcome: 'ok', peerId: peer.id, ...ids, errorCode: 'duplicate' });
      return { status: 200, body: { recordId, version: String(version), stored: false, duplicate: true } };
    }
    const certs = await deps.certifications(d.certifications, peer);
    const native = mapToNative(deps, verified.credential);
    const verification: ReceivedVerification = {
      verified: true,
      from: peer.id,
      issuer: verified.issuer.subjectId,
      receivedAt: new Date().toISOString(),
      certifications: {
        passed: certs.passed,
        ...Object.fromEntries(Object.entries(certs.dropped).map(([k, v]) => [`dropped:${k}`, v])),
      },
    };
    await deps.deliverToPlatform(native, verification);
    const created = await deps.store(recordId, String(version), peer.id, native, d.presentation);
    deps.onReceived(peer.id);
    await deps.audit({
      action: 'receive',
      outcome: 'ok',
      peerId: peer.id,
      ...ids,
      durationMs: Math.round(seconds() * 1000),
    });
    return {
      status: created ? 201 : 200,
      body: {
        recordId,
        version: String(version),
        stored: created,
        undisclosed: verified.undisclosedDigests.length,
        certifications: certs,
      },
    };
  } catch (err) {
    const code = isKhError(err) ? err.code : 'KH_INTERNAL';
    deps.observeVerification(seconds(), 'refused');
    deps.onRefused(code);
    await deps
      .audit({ action: 'receive', outcome: 'refused', peerId: peer.id, ...ids, errorCode: code })
      .catch(() => undefined);
    throw err;
  }
}
