/** The demo's participant directory: every seed participant's identifiers on both platforms, and the OU registry. */
import { OURANOS_PARTICIPANTS, seedDirectoryEntries } from '../../../seeds/participants';
import { operatorModelOf, plantModelsOf } from '../../../seeds/ouranos-records';
import type { DirectoryFile } from '../directory';

export function seedDirectoryFile(): DirectoryFile {
  return {
    participants: seedDirectoryEntries(),
    ouranosRegistry: {
      operators: OURANOS_PARTICIPANTS.map(operatorModelOf),
      plants: OURANOS_PARTICIPANTS.flatMap(plantModelsOf),
    },
  };
}
