/**
 * The Catena-X-style platform simulator: companies (BPNL) authenticate with the `X-Api-Key` header and
 * publish Battery Pass records in the CX native format under `/api/v1/passports`. The shared API and the
 * change feed are in `../../ouranos/simulator/simulator-core.ts` (one core, two platforms), including the
 * signed publication `{ "record": <passport>, "credential": "<SD-JWT VC>" }` on the same path.
 */
import { KhError } from '../../../connector/errors';
import {
  createSimulatorApp,
  RecordIdentity,
  SimulatorParticipant,
} from '../../ouranos/simulator/simulator-core';

export const CATENA_X_API_KEY_HEADER = 'X-Api-Key';
export const CATENA_X_RECORDS_PATH = '/api/v1/passports';

type Json = Record<string, unknown>;
const asObj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};

/**
 * Id (`metadata.passportIdentifier`), version (`metadata.version`) and publisher
 * (`metadata.economicOperatorId`) of a CX record (`{ batteryPass, supplyChain? }`) or bare BatteryPass.
 */
export function identifyCatenaXRecord(record: unknown): RecordIdentity {
  const doc = asObj(record);
  const metadata = asObj(asObj('batteryPass' in doc ? doc.batteryPass : doc).metadata);
  const id = metadata.passportIdentifier;
  const version = metadata.version;
  if (typeof id !== 'string' || (typeof version !== 'string' && typeof version !== 'number')) {
    throw new KhError('KH_SIM_INVALID_REQUEST', 'the passport has no metadata.passportIdentifier/version', {
      status: 400,
      where: '/metadata/passportIdentifier',
    });
  }
  const publisher = metadata.economicOperatorId;
  return { recordId: id, version: String(version), ...(typeof publisher === 'string' ? { publisher } : {}) };
}

export interface CatenaXSimulatorOptions {
  participants: SimulatorParticipant[];
  validateNative: (record: unknown) => void;
  identify?: (record: unknown) => RecordIdentity;
  stateDir?: string;
}

export function createCatenaXSimulator(opts: CatenaXSimulatorOptions): ReturnType<typeof createSimulatorApp> {
  return createSimulatorApp({
    platform: 'catena-x',
    apiKeyHeader: CATENA_X_API_KEY_HEADER,
    recordsPath: CATENA_X_RECORDS_PATH,
    participants: opts.participants,
    validateNative: opts.validateNative,
    identify: opts.identify ?? identifyCatenaXRecord,
    ...(opts.stateDir ? { stateDir: opts.stateDir } : {}),
  });
}
