/**
 * Platform registry data that a battery passport does not carry: an operator's name and address and a
 * plant's names and addresses (the Ouranos API serves them from `/api/v1/authInfo?dataTarget=operator|plant`).
 * `canonicalToOuranos` looks the publisher and its plant up here; when they are not registered (a record from
 * the other platform) it builds them from the canonical identifiers (see `fallbackOperator`, `fallbackPlant`).
 */
import type { OuOperatorModel, OuPlantModel } from './types';
import { uuidV5 } from './ids';

export interface OuranosRegistry {
  operator(operatorId: string): OuOperatorModel | undefined;
  plant(plantId: string): OuPlantModel | undefined;
}

export const EMPTY_REGISTRY: OuranosRegistry = {
  operator: () => undefined,
  plant: () => undefined,
};

/** A registry over in-memory operator and plant models. */
export function createOuranosRegistry(input: {
  operators: ReadonlyArray<OuOperatorModel>;
  plants: ReadonlyArray<OuPlantModel>;
}): OuranosRegistry {
  const operators = new Map(input.operators.map((o) => [o.operatorId, o]));
  const plants = new Map(input.plants.map((p) => [p.plantId, p]));
  return {
    operator: (id) => clone(operators.get(id)),
    plant: (id) => clone(plants.get(id)),
  };
}

function clone<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as T);
}

export const NOT_REGISTERED = 'not registered on this platform';

/** An operator known only by its identifiers (a publisher from the other platform). */
export function fallbackOperator(
  operatorId: string,
  issuerIri: string,
  economicOperatorId?: string,
): OuOperatorModel {
  const local =
    economicOperatorId !== undefined && economicOperatorId.length <= 20
      ? economicOperatorId
      : operatorId.slice(0, 20);
  return {
    operatorId,
    operatorName: economicOperatorId ?? issuerIri.slice(-256),
    operatorAddress: NOT_REGISTERED,
    openOperatorId: local,
    operatorAttribute: { globalOperatorId: issuerIri.slice(0, 256) },
  };
}

/** A plant known only by its facility identifier. `openPlantId` is 12 digits derived from the identifier. */
export function fallbackPlant(plantId: string, operatorId: string, facility: string): OuPlantModel {
  const digits = BigInt(`0x${uuidV5(`open-plant:${facility}`).replace(/-/g, '').slice(0, 12)}`)
    .toString()
    .padStart(12, '0')
    .slice(-12);
  return {
    plantId,
    operatorId,
    plantName: facility.slice(0, 256),
    plantAddress: NOT_REGISTERED,
    openPlantId: digits,
    plantAttribute: { globalPlantId: facility.slice(0, 256) },
  };
}
