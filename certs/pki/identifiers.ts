import { pkiError } from './fail';
import { PLATFORMS, ROLES, type PlatformId, type Role } from './types';

const SAFE_SUBJECT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Refuse ids that are not a safe single path segment (they name folders in the state directory). */
export function assertSafeSubjectId(subjectId: unknown, where = 'subject'): string {
  if (typeof subjectId !== 'string' || !SAFE_SUBJECT.test(subjectId) || subjectId.includes('..')) {
    throw pkiError(
      'KH_PKI_BAD_SUBJECT',
      'subject id must be 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit, without ".."',
      { where },
    );
  }
  return subjectId;
}

export function assertPlatform(value: unknown, where = 'platform'): PlatformId {
  if (typeof value === 'string' && (PLATFORMS as ReadonlyArray<string>).includes(value)) {
    return value as PlatformId;
  }
  throw pkiError('KH_PKI_BAD_OPTION', `platform must be one of ${PLATFORMS.join(', ')}`, { where });
}

export function assertRole(value: unknown, where = 'role'): Role {
  if (typeof value === 'string' && (ROLES as ReadonlyArray<string>).includes(value)) return value as Role;
  throw pkiError('KH_PKI_BAD_OPTION', `role must be one of ${ROLES.join(', ')}`, { where });
}

/** `urn:kakehashi:participant:<platform>:<id>`: a company, certifier or platform authority. */
export function participantIri(platform: PlatformId, subjectId: string): string {
  return `urn:kakehashi:participant:${platform}:${subjectId}`;
}

/** `urn:kakehashi:node:<platform>:<id>`: a Kakehashi node. */
export function nodeIri(platform: PlatformId, subjectId: string): string {
  return `urn:kakehashi:node:${platform}:${subjectId}`;
}

/** `urn:kakehashi:platform:<platform>`: the platform itself (its CAs). */
export function platformIri(platform: PlatformId): string {
  return `urn:kakehashi:platform:${platform}`;
}

export function subjectIriFor(role: Role, platform: PlatformId, subjectId: string): string {
  return role === 'node' ? nodeIri(platform, subjectId) : participantIri(platform, subjectId);
}

export interface KakehashiIri {
  kind: 'participant' | 'node' | 'platform';
  platform: PlatformId;
  subjectId?: string;
}

/** Parse a Kakehashi SAN URI; undefined for anything else. */
export function parseKakehashiIri(uri: string): KakehashiIri | undefined {
  const m = /^urn:kakehashi:(participant|node|platform):(ouranos|catena-x)(?::(.+))?$/.exec(uri);
  if (!m) return undefined;
  const kind = m[1] as KakehashiIri['kind'];
  if (kind === 'platform') return m[3] === undefined ? { kind, platform: m[2] as PlatformId } : undefined;
  if (m[3] === undefined) return undefined;
  return { kind, platform: m[2] as PlatformId, subjectId: m[3] };
}
