/**
 * The Ouranos-style platform simulator: companies authenticate with the `apiKey` header (as in the Ouranos
 * data-platform API) and publish battery product records in the OU native format under
 * `/api/v1/batteryRecords`. See `simulator-core.ts` for the shared API and the change feed.
 */
import { KhError } from '../../../connector/errors';
import { createSimulatorApp, RecordIdentity, SimulatorParticipant } from './simulator-core';

export * from './simulator-core';

export const OURANOS_API_KEY_HEADER = 'apiKey';
export const OURANOS_RECORDS_PATH = '/api/v1/batteryRecords';

/** Id, version and publisher (operatorModel.operatorId) of an OU native record. */
export function identifyOuranosRecord(record: unknown): RecordIdentity {
  const r = (record ?? {}) as {
    recordId?: unknown;
    recordVersion?: unknown;
    operatorModel?: { operatorId?: unknown };
  };
  if (
    typeof r.recordId !== 'string' ||
    (typeof r.recordVersion !== 'number' && typeof r.recordVersion !== 'string')
  ) {
    throw new KhError('KH_SIM_INVALID_REQUEST', 'the record has no recordId/recordVersion', {
      status: 400,
      where: '/recordId',
    });
  }
  const publisher = r.operatorModel?.operatorId;
  return {
    recordId: r.recordId,
    version: String(r.recordVersion),
    ...(typeof publisher === 'string' ? { publisher } : {}),
  };
}

export interface OuranosSimulatorOptions {
  participants: SimulatorParticipant[];
  validateNative: (record: unknown) => void;
  stateDir?: string;
}

export function createOuranosSimulator(opts: OuranosSimulatorOptions): ReturnType<typeof createSimulatorApp> {
  return createSimulatorApp({
    platform: 'ouranos',
    apiKeyHeader: OURANOS_API_KEY_HEADER,
    recordsPath: OURANOS_RECORDS_PATH,
    participants: opts.participants,
    validateNative: opts.validateNative,
    identify: identifyOuranosRecord,
    ...(opts.stateDir ? { stateDir: opts.stateDir } : {}),
  });
}
