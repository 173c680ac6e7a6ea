/**
 * Name-based UUIDs (RFC 9562 version 5, SHA-1) for the OU-internal identifiers the canonical record does not
 * carry (tradeId, cfpId, child-part traceIds, ids of operators and plants that exist only on the other platform).
 * Same name → same UUID, so the mapping stays a pure function.
 */
import { createHash } from 'node:crypto';

/** Namespace of Kakehashi's OU identifiers (a fixed random UUID). */
export const KAKEHASHI_OU_NAMESPACE = '6f1c5e0a-3b7d-4c2e-9a51-8d0e4b7f2c19';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export function uuidV5(name: string, namespace: string = KAKEHASHI_OU_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `urn:uuid:<uuid>` for a bare UUID. */
export function uuidUrn(uuid: string): string {
  return `urn:uuid:${uuid}`;
}

/** The UUID inside `urn:uuid:…` or a bare UUID; otherwise a name-based UUID of the whole value. */
export function uuidFromIdentifier(value: string, kind: string): string {
  const bare = value.startsWith('urn:uuid:') ? value.slice('urn:uuid:'.length) : value;
  return isUuid(bare) ? bare.toLowerCase() : uuidV5(`${kind}:${value}`);
}

/** Derived OU identifiers (documented in docs/data-model.md (Ouranos-style native format)). */
export const derivedIds = {
  childTraceId: (batteryTraceId: string, upstreamTraceId: string): string =>
    uuidV5(`child-part:${batteryTraceId}:${upstreamTraceId}`),
  tradeId: (downstreamTraceId: string, upstreamTraceId: string): string =>
    uuidV5(`trade:${downstreamTraceId}:${upstreamTraceId}`),
  cfpId: (traceId: string, cfpType: string): string => uuidV5(`cfp:${traceId}:${cfpType}`),
  cfpCertificationId: (traceId: string, index: number): string =>
    uuidV5(`cfp-certification:${traceId}:${index}`),
};
