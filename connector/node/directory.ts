/**
 * The federation's participant directory (each participant's and site's identifier on each platform) and the
 * OU operator/plant registry, as the adapters need them to write the other platform's identifiers. The node
 * reads them from the JSON file `directory` names:
 *
 * ```json
 * { "participants": [ { "ouranos": { "operatorId": "…" }, "catena-x": { "bpnl": "BPNL…" }, "sites": [ … ] } ],
 *   "ouranosRegistry": { "operators": [ OperatorModel… ], "plants": [ PlantModel… ] } }
 * ```
 *
 * Without a directory the adapter knows nobody of the other platform (a record naming one is refused with
 * `KH_MAP_UNKNOWN_PARTICIPANT`).
 */
import { getAdapter, type PlatformAdapter } from '../../adapters';
import { createParticipantDirectory, type DirectoryParticipant } from '../../adapters/canonical';
import { createOuranosRegistry, type OuOperatorModel, type OuPlantModel } from '../../adapters/ouranos';
import { KhError } from '../errors';
import { readConfiguredFile, type PlatformName } from './config';

export interface DirectoryFile {
  participants: DirectoryParticipant[];
  ouranosRegistry?: { operators: OuOperatorModel[]; plants: OuPlantModel[] };
}

export function parseDirectoryFile(text: string): DirectoryFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new KhError('KH_CONFIG_UNREADABLE', 'the directory file is not JSON', { where: '/directory' });
  }
  const d = doc as Partial<DirectoryFile> | null;
  if (!d || !Array.isArray(d.participants)) {
    throw new KhError('KH_CONFIG_INVALID', 'the directory file needs a participants array', {
      where: '/directory',
    });
  }
  return d as DirectoryFile;
}

/** The platform's adapter, built with the directory (and OU registry) when a file is configured. */
export function adapterWithDirectory(platform: PlatformName, file: string | undefined): PlatformAdapter {
  if (!file) return getAdapter(platform);
  return adapterWithDirectoryFile(platform, parseDirectoryFile(readConfiguredFile(file, '/directory')));
}

/** The platform's adapter built with an already parsed directory (and OU registry). */
export function adapterWithDirectoryFile(platform: PlatformName, d: DirectoryFile): PlatformAdapter {
  return getAdapter(platform, {
    directory: createParticipantDirectory(d.participants),
    ...(d.ouranosRegistry ? { registry: createOuranosRegistry(d.ouranosRegistry) } : {}),
  });
}
