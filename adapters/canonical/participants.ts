/** Participant IRIs: `urn:kakehashi:participant:<platform>:<local id>` (a BPNL on CX, an operator id on OU). */
import type { SourcePlatform } from './types';

const PREFIX = 'urn:kakehashi:participant:';

/** Percent-encodes (UTF-8) every character that may not stand as is in an IRI segment (spaces, `%`, `#`, ...). */
const SAFE_SEGMENT = /^[A-Za-z0-9._~:@!$&'()*+,;=/-]*$/;

export function iriSegment(value: string): string {
  if (SAFE_SEGMENT.test(value)) return value;
  return Array.from(value)
    .map((ch) =>
      /[A-Za-z0-9._~:@!$&'()*+,;=/-]/.test(ch)
        ? ch
        : Array.from(Buffer.from(ch, 'utf8'))
            .map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'))
            .join(''),
    )
    .join('');
}

export function participantIri(platform: SourcePlatform, localId: string): string {
  return `${PREFIX}${platform}:${iriSegment(localId)}`;
}

/** The platform and local id of a participant IRI, or `undefined` if `iri` is not one. */
export function parseParticipantIri(iri: string): { platform: SourcePlatform; localId: string } | undefined {
  const m = /^urn:kakehashi:participant:(ouranos|catena-x):(.+)$/.exec(iri);
  return m ? { platform: m[1] as SourcePlatform, localId: m[2] } : undefined;
}

/** Default credential id of a record: `urn:kakehashi:record:<platform>:<recordId>:<recordVersion>` (segments IRI-escaped). */
export function recordCredentialId(
  platform: SourcePlatform,
  recordId: string,
  recordVersion: string,
): string {
  return `urn:kakehashi:record:${platform}:${iriSegment(recordId)}:${iriSegment(recordVersion)}`;
}
