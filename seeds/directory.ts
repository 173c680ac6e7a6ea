/**
 * The seed participants' directory: every seed participant's identifiers on both platforms and the OU
 * operator/plant registry, in the JSON shape a node's `directory` setting and `kakehashi map --directory`
 * read. `seeds/directory.json` is this, written by `npx tsx seeds/build-seed-files.ts`.
 */
import type { DirectoryParticipant } from '../adapters/canonical';
import type { OuOperatorModel, OuPlantModel } from '../adapters/ouranos';
import { OURANOS_PARTICIPANTS, seedDirectoryEntries } from './participants';
import { operatorModelOf, plantModelsOf } from './ouranos-records';

export interface SeedDirectoryFile {
  participants: DirectoryParticipant[];
  ouranosRegistry: { operators: OuOperatorModel[]; plants: OuPlantModel[] };
}

export function seedDirectoryFile(): SeedDirectoryFile {
  return {
    participants: seedDirectoryEntries(),
    ouranosRegistry: {
      operators: OURANOS_PARTICIPANTS.map(operatorModelOf),
      plants: OURANOS_PARTICIPANTS.flatMap(plantModelsOf),
    },
  };
}
