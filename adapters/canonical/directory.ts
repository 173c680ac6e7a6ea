/**
 * The participant directory: the federation's registry of each participant's (and each of its sites')
 * identifier on each platform. A company of one platform gets an identifier on the other from that platform's
 * registry (an OU company's BPNL, BPNS and BPNA as the CX business-partner registry assigns them to
 * non-members, as Catena-X BPDM does; a CX company's OU operatorId and plantIds). Adapters use it to write a
 * canonical identifier (a native id or a Kakehashi participant/site IRI) in the target platform's scheme.
 * Pure data plus lookups; `KH_MAP_UNKNOWN_PARTICIPANT` (where = JSON pointer) when an id has no mapping.
 */
import { KhError } from '../../connector/errors';
import { iriSegment } from './participants';
import type { SourcePlatform } from './types';

export interface DirectorySite {
  ouranos?: { plantId: string };
  'catena-x'?: { bpns: string; bpna: string };
}

export interface DirectoryParticipant {
  ouranos?: { operatorId: string };
  'catena-x'?: { bpnl: string };
  sites?: ReadonlyArray<DirectorySite>;
}

/** Kinds of site identifier: BPNS (a site), BPNA (its address, BatteryPass `facility`), OU plantId. */
export type SiteIdKind = 'bpns' | 'bpna' | 'plantId';

export interface ParticipantDirectory {
  /** The participant's identifier on `platform` (BPNL on CX, operatorId on OU), if registered. */
  participantId(identifier: string, platform: SourcePlatform): string | undefined;
  /** The site's identifier of `kind`, if registered. */
  siteId(identifier: string, kind: SiteIdKind): string | undefined;
}

export const BPNL_RE = /^BPNL[a-zA-Z0-9]{12}$/;
export const BPNS_RE = /^BPNS[a-zA-Z0-9]{12}$/;
export const BPNA_RE = /^BPNA[a-zA-Z0-9]{12}$/;
const PARTICIPANT_IRI_RE = /^urn:kakehashi:participant:(ouranos|catena-x):(.+)$/;
const SITE_IRI_RE = /^urn:kakehashi:site:(ouranos|catena-x):(.+)$/;
const UUID_RE = /^(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `urn:kakehashi:site:<platform>:<id>`. */
export function siteIri(platform: SourcePlatform, localId: string): string {
  return `urn:kakehashi:site:${platform}:${iriSegment(localId)}`;
}

/** Lookup key of an identifier: `<platform>:<local id>`, or undefined when its scheme is not recognised. */
function participantKey(identifier: string): string | undefined {
  const iri = PARTICIPANT_IRI_RE.exec(identifier);
  if (iri !== null) return `${iri[1]}:${decodeURIComponent(iri[2])}`;
  if (BPNL_RE.test(identifier)) return `catena-x:${identifier}`;
  if (UUID_RE.test(identifier)) return `ouranos:${identifier.replace(/^urn:uuid:/, '').toLowerCase()}`;
  return undefined;
}

function siteKey(identifier: string): string | undefined {
  const iri = SITE_IRI_RE.exec(identifier);
  if (iri !== null) return `${iri[1]}:${decodeURIComponent(iri[2])}`;
  if (BPNS_RE.test(identifier) || BPNA_RE.test(identifier)) return `catena-x:${identifier}`;
  if (UUID_RE.test(identifier)) return `ouranos:${identifier.replace(/^urn:uuid:/, '').toLowerCase()}`;
  return undefined;
}

/** A directory over in-memory entries. */
export function createParticipantDirectory(
  participants: ReadonlyArray<DirectoryParticipant>,
): ParticipantDirectory {
  const byKey = new Map<string, DirectoryParticipant>();
  const sites = new Map<string, DirectorySite>();
  for (const p of participants) {
    if (p.ouranos !== undefined) byKey.set(`ouranos:${p.ouranos.operatorId.toLowerCase()}`, p);
    if (p['catena-x'] !== undefined) byKey.set(`catena-x:${p['catena-x'].bpnl}`, p);
    for (const s of p.sites ?? []) {
      if (s.ouranos !== undefined) sites.set(`ouranos:${s.ouranos.plantId.toLowerCase()}`, s);
      if (s['catena-x'] !== undefined) {
        sites.set(`catena-x:${s['catena-x'].bpns}`, s);
        sites.set(`catena-x:${s['catena-x'].bpna}`, s);
      }
    }
  }
  return {
    participantId(identifier, platform) {
      const key = participantKey(identifier);
      const entry = key === undefined ? undefined : byKey.get(key);
      if (entry === undefined) return undefined;
      return platform === 'ouranos' ? entry.ouranos?.operatorId : entry['catena-x']?.bpnl;
    },
    siteId(identifier, kind) {
      const key = siteKey(identifier);
      const entry = key === undefined ? undefined : sites.get(key);
      if (entry === undefined) return undefined;
      if (kind === 'plantId') return entry.ouranos?.plantId;
      return kind === 'bpns' ? entry['catena-x']?.bpns : entry['catena-x']?.bpna;
    },
  };
}

/** A directory that knows nobody. */
export const EMPTY_DIRECTORY: ParticipantDirectory = createParticipantDirectory([]);

function unknown(where: string, what: string, platform: SourcePlatform): KhError {
  // The identifier itself may be withheld data (a supplier's id): the message names the place, never the value.
  return new KhError(
    'KH_MAP_UNKNOWN_PARTICIPANT',
    `${what} has no identifier on ${platform} in the participant directory`,
    { where, status: 422, details: { targetPlatform: platform } },
  );
}

/**
 * The BPNL of a participant identifier: a BPNL as is, a CX participant IRI's BPNL, else the directory's.
 * `sourcePlatform` qualifies a bare identifier that is neither a BPNL nor a UUID (a native id of that platform).
 */
export function resolveBpnl(
  directory: ParticipantDirectory,
  identifier: string,
  where: string,
  sourcePlatform?: SourcePlatform,
): string {
  if (BPNL_RE.test(identifier)) return identifier;
  const iri = PARTICIPANT_IRI_RE.exec(identifier);
  if (iri !== null && iri[1] === 'catena-x' && BPNL_RE.test(iri[2])) return iri[2];
  const qualified =
    iri === null && sourcePlatform !== undefined && participantKey(identifier) === undefined
      ? `urn:kakehashi:participant:${sourcePlatform}:${iriSegment(identifier)}`
      : identifier;
  const found = directory.participantId(qualified, 'catena-x');
  if (found === undefined) throw unknown(where, 'participant', 'catena-x');
  return found;
}

/** A BPNS (`kind: 'bpns'`) or BPNA (`'bpna'`) of a site identifier: as is when already one, else the directory's. */
export function resolveBpnSite(
  directory: ParticipantDirectory,
  identifier: string,
  kind: 'bpns' | 'bpna',
  where: string,
): string {
  if ((kind === 'bpns' ? BPNS_RE : BPNA_RE).test(identifier)) return identifier;
  const found = directory.siteId(identifier, kind);
  if (found === undefined) throw unknown(where, 'site', 'catena-x');
  return found;
}

/** The OU operatorId of a participant identifier (an OU participant IRI or bare UUID as is), or undefined. */
export function ouranosOperatorIdOf(directory: ParticipantDirectory, identifier: string): string | undefined {
  const iri = PARTICIPANT_IRI_RE.exec(identifier);
  if (iri !== null && iri[1] === 'ouranos') {
    const local = decodeURIComponent(iri[2]);
    if (UUID_RE.test(local)) return local.toLowerCase();
  }
  if (iri === null && UUID_RE.test(identifier)) return identifier.replace(/^urn:uuid:/, '').toLowerCase();
  return directory.participantId(identifier, 'ouranos');
}

/** The OU plantId of a site identifier (an OU site IRI or bare UUID as is), or undefined. */
export function ouranosPlantIdOf(directory: ParticipantDirectory, identifier: string): string | undefined {
  const iri = SITE_IRI_RE.exec(identifier);
  if (iri !== null && iri[1] === 'ouranos') {
    const local = decodeURIComponent(iri[2]);
    if (UUID_RE.test(local)) return local.toLowerCase();
  }
  if (iri === null && UUID_RE.test(identifier)) return identifier.replace(/^urn:uuid:/, '').toLowerCase();
  return directory.siteId(identifier, 'plantId');
}

/** Throws `KH_MAP_UNKNOWN_PARTICIPANT` for a participant (`what`) with no identifier on `platform`. */
export function unknownParticipant(where: string, what: string, platform: SourcePlatform): KhError {
  return unknown(where, what, platform);
}
