/**
 * The relay's input: records **already signed by their companies** (issue 6 defines the relay from there).
 * Before the relay clock starts, each seed record is signed by its publishing company exactly as `kakehashi
 * publish --sign` does (`signPublication`: the company's key and chain, holder = the sending node's key,
 * product frame) and its publication body (`{ "record": …, "credential": … }`) is written to a spool file, so
 * that during the relay the driver only streams bytes: no mapping or signing competes with the nodes for CPU.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import type { JsonWebKey } from 'node:crypto';
import type { PlatformName } from '../../adapters/types';
import type { IssuedIdentity } from '../../certs/pki';
import { signPublication } from '../node/intake';
import { generateRecords } from '../../seeds/generator';
import { KhError } from '../errors';
import { benchAdapter } from './workload';
import { identifyPublication } from './publisher';

/**
 * Seed records generated per round, seeded `seed + round`: the custody loop of the relay generates in the same
 * chunks, so both intakes publish the same records.
 */
export const SEED_CHUNK = 500;

export interface SpooledPublication {
  recordId: string;
  version: string;
  publisher: string;
  offset: number;
  length: number;
}

export interface Spool {
  file: string;
  entries: SpooledPublication[];
  /** Seconds spent signing (the companies' work, outside the relay). */
  signSeconds: number;
  bytes: number;
  /** The body of entry `i` (one synchronous read). */
  read(i: number): Buffer;
  close(): void;
}

export interface PresignInput {
  source: PlatformName;
  records: number;
  seed: number;
  /** The signing identity of each company that publishes on the source platform. */
  companies: Map<string, IssuedIdentity>;
  /** The sending node's public key: the holder every credential is bound to (`cnf`). */
  nodePublicJwk: JsonWebKey;
  file: string;
}

export function presignRecords(input: PresignInput): Spool {
  const adapter = benchAdapter(input.source);
  const fd = openSync(input.file, 'w+', 0o600);
  const entries: SpooledPublication[] = [];
  let offset = 0;
  let chunk = 0;
  const started = performance.now();
  try {
    while (entries.length < input.records) {
      const batch = generateRecords(input.source, SEED_CHUNK, input.seed + chunk) as unknown[];
      chunk += 1;
      if (batch.length === 0) break;
      for (const record of batch) {
        if (entries.length >= input.records) break;
        const id = identifyPublication(input.source, record);
        const company = id.publisher === undefined ? undefined : input.companies.get(id.publisher);
        if (company === undefined || id.publisher === undefined) {
          throw new KhError(
            'KH_BENCH_WORKLOAD_INVALID',
            'a seed record names a company the bench has no key for',
            {
              status: 500,
            },
          );
        }
        const signed = signPublication(record, {
          adapter,
          privateKey: company.privateKey,
          x5c: company.x5c,
          nodePublicJwk: input.nodePublicJwk,
        });
        const body = Buffer.from(JSON.stringify(signed), 'utf8');
        writeSync(fd, body, 0, body.length, offset);
        entries.push({
          recordId: id.recordId,
          version: id.version,
          publisher: id.publisher,
          offset,
          length: body.length,
        });
        offset += body.length;
      }
    }
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  const signSeconds = (performance.now() - started) / 1000;
  let open = true;
  return {
    file: input.file,
    entries,
    signSeconds,
    bytes: offset,
    read: (i) => {
      const e = entries[i];
      const buf = Buffer.allocUnsafe(e.length);
      readSync(fd, buf, 0, e.length, e.offset);
      return buf;
    },
    close: () => {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
