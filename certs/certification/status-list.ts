/**
 * A certifier's revocation status list: the persisted index allocation (pure state transitions) and the
 * BitstringStatusListCredential it publishes, signed as a vc+jwt by the certifier itself.
 */
import { randomInt } from 'node:crypto';
import { KhError } from '../../connector/errors';
import { createBitstring, encodeBitstring, MIN_STATUS_LIST_BITS, withBit } from './bitstring';
import { VC_V2_CONTEXT } from './model';
import { signVcJwt, VcJwtSigner } from './vc-jwt';

export interface StatusListState {
  /** URL of the status list credential (also its `id`). */
  url: string;
  /** IRI of the certifier that publishes it. */
  issuer: string;
  lengthBits: number;
  /** credential id → its bit index. */
  allocations: Record<string, number>;
  /** Revoked bit indexes, ascending. */
  revoked: number[];
}

export function createStatusListState(
  url: string,
  issuer: string,
  lengthBits = MIN_STATUS_LIST_BITS,
): StatusListState {
  createBitstring(lengthBits); // validates the length
  return { url, issuer, lengthBits, allocations: {}, revoked: [] };
}

/**
 * Allocate an unused index for `credentialId`. Indexes are drawn at random (not sequentially), so a
 * bit position reveals nothing about issuance order. `pick` is injectable for tests.
 */
export function allocateStatusIndex(
  state: StatusListState,
  credentialId: string,
  pick: (max: number) => number = randomInt,
): { state: StatusListState; index: number } {
  const existing = state.allocations[credentialId];
  if (existing !== undefined) return { state, index: existing };
  const used = new Set(Object.values(state.allocations));
  if (used.size >= state.lengthBits) {
    throw new KhError('KH_CERT_STATUS_LIST_FULL', 'every index of the status list is allocated', {
      details: { lengthBits: state.lengthBits },
    });
  }
  let index = pick(state.lengthBits);
  while (used.has(index)) index = (index + 1) % state.lengthBits;
  return { state: { ...state, allocations: { ...state.allocations, [credentialId]: index } }, index };
}

/** Revoke the credential `credentialId` (idempotent). Throws KH_CERT_UNKNOWN_CREDENTIAL. */
export function revokeInStatusList(state: StatusListState, credentialId: string): StatusListState {
  const index = state.allocations[credentialId];
  if (index === undefined) {
    throw new KhError('KH_CERT_UNKNOWN_CREDENTIAL', 'the credential has no index in this status list', {
      where: 'credential',
    });
  }
  if (state.revoked.includes(index)) return state;
  return { ...state, revoked: [...state.revoked, index].sort((a, b) => a - b) };
}

export function statusBitstring(state: StatusListState): Uint8Array {
  let bits = createBitstring(state.lengthBits);
  for (const i of state.revoked) bits = withBit(bits, i, true);
  return bits;
}

export interface StatusListCredential {
  '@context': [typeof VC_V2_CONTEXT];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: 'revocation';
    encodedList: string;
    ttl?: number;
  };
}

/** The status list credential of `state` at `now`; `ttlSeconds` (if given) also bounds its validUntil. */
export function buildStatusListCredential(
  state: StatusListState,
  opts: { now: Date; ttlSeconds?: number },
): StatusListCredential {
  const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    '@context': [VC_V2_CONTEXT],
    id: state.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: state.issuer,
    validFrom: iso(opts.now),
    ...(opts.ttlSeconds !== undefined
      ? { validUntil: iso(new Date(opts.now.getTime() + opts.ttlSeconds * 1000)) }
      : {}),
    credentialSubject: {
      id: `${state.url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: encodeBitstring(statusBitstring(state)),
      ...(opts.ttlSeconds !== undefined ? { ttl: opts.ttlSeconds * 1000 } : {}),
    },
  };
}

export function issueStatusListCredential(
  state: StatusListState,
  signer: VcJwtSigner,
  opts: { now: Date; ttlSeconds?: number },
): string {
  return signVcJwt(buildStatusListCredential(state, opts), signer);
}
