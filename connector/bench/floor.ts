/**
 * The floor: the work no relay can avoid for a record, done in one tight loop with nothing else — parse and
 * serialise the record's JSON, verify one RSA signature (the issuer's JWS), hash each disclosure
 * (SHA-256). No policy, no queue, no network, no chain check, no mapping: what the machine can do at best.
 */
import { constants, createHash, verify, type KeyObject } from 'node:crypto';
import { KhError } from '../errors';
import { elapsedSeconds, startClock } from './clock';

export interface FloorInput {
  /** The record's JSON text (as it travels). */
  json: string;
  /** The SD-JWT VC (`jwt~d1~…~dn~`). */
  sdJwt: string;
  /** The issuer's public key. */
  publicKey: KeyObject;
}

export interface FloorResult {
  records: number;
  seconds: number;
  recordsPerSecond: number;
}

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };

/** The unavoidable work for one record; returns false when the signature does not verify. */
export function floorWork(input: FloorInput): boolean {
  const text = JSON.stringify(JSON.parse(input.json));
  const parts = input.sdJwt.split('~');
  const jwt = parts[0];
  const dot = jwt.lastIndexOf('.');
  const ok = verify(
    'sha256',
    Buffer.from(jwt.slice(0, dot), 'ascii'),
    { key: input.publicKey, ...PSS },
    Buffer.from(jwt.slice(dot + 1), 'base64url'),
  );
  let digests = text.length;
  for (let i = 1; i < parts.length; i += 1) {
    if (parts[i].length > 0) digests += createHash('sha256').update(parts[i]).digest('base64url').length;
  }
  return ok && digests > 0;
}

export function measureFloor(inputs: ReadonlyArray<FloorInput>): FloorResult {
  for (let i = 0; i < Math.min(inputs.length, 20); i += 1) floorWork(inputs[i]);
  let failures = 0;
  const clock = startClock();
  for (const input of inputs) if (!floorWork(input)) failures += 1;
  const seconds = elapsedSeconds(clock);
  if (failures > 0) {
    throw new KhError('KH_BENCH_WORKLOAD_INVALID', 'floor: some issuer signatures did not verify', {
      status: 500,
      details: { failures },
    });
  }
  return { records: inputs.length, seconds, recordsPerSecond: inputs.length / seconds };
}
