/**
 * Test data and a federation for the node tests: the repo's seed records (seeds/records/), and records
 * derived from the public Catena-X BatteryPass 6.1.0 example for the cases the seeds do not cover.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axios, { AxiosResponse } from 'axios';
import { catenaXAdapter } from '../../adapters/catena-x';
import { ouranosAdapter } from '../../adapters/ouranos';
import { identifyCatenaXRecord } from '../../adapters/catena-x/simulator';
import { identifyOuranosRecord } from '../../adapters/ouranos/simulator';
import type { PlatformAdapter } from '../../adapters';
import type { IssuedIdentity } from '../../certs/pki';
import {
  startFederation,
  type Federation,
  type FederationOptions,
} from '../../connector/node/demo/federation';
import type { PlatformName } from '../../connector/node/config';
import { seedDirectoryFile } from '../../connector/node/demo/seed-directory';
import { ALL_PARTICIPANTS } from '../../seeds/participants';

export const ADAPTERS = {
  ouranos: ouranosAdapter as PlatformAdapter,
  'catena-x': catenaXAdapter as PlatformAdapter,
};
const SEEDS = path.resolve(__dirname, '../../seeds/records');

type Json = Record<string, unknown>;

export interface SeedRecord {
  platform: PlatformName;
  record: Json;
  recordId: string;
  version: string;
  company: string;
}

export function seeds(platform: PlatformName): SeedRecord[] {
  const dir = path.join(SEEDS, platform);
  const identify = platform === 'ouranos' ? identifyOuranosRecord : identifyCatenaXRecord;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const record = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Json;
      const id = identify(record);
      return {
        platform,
        record,
        recordId: id.recordId,
        version: id.version,
        company: id.publisher as string,
      };
    });
}

export async function federation(
  redisUrl: string,
  extra: Partial<FederationOptions> = {},
): Promise<Federation> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'kh-fed-'));
  // every seed participant is a company on both platforms (a record received from the other platform names
  // its publisher by the id the directory gives it here)
  const companies = ALL_PARTICIPANTS.flatMap((p) => [
    { platform: 'ouranos' as const, id: p.operatorId },
    { platform: 'catena-x' as const, id: p.bpnl },
  ]);
  return startFederation({ redisUrl, stateDir, companies, directory: seedDirectoryFile(), ...extra });
}

export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Publish a native record on a simulated platform as `company` (its HTTP API). */
export function publish(
  fed: Federation,
  s: { platform: PlatformName; company: string; record: unknown },
): Promise<AxiosResponse> {
  const side = fed.sides[s.platform];
  const header = s.platform === 'ouranos' ? 'apiKey' : 'X-Api-Key';
  const p = s.platform === 'ouranos' ? '/api/v1/batteryRecords' : '/api/v1/passports';
  return axios.post(`${side.simulatorUrl}${p}`, s.record, {
    headers: { [header]: side.companyKeys.get(s.company) as string },
    validateStatus: () => true,
    proxy: false,
  });
}

/** An HTTPS client to a node's protocol API presenting `identity` (or no certificate). */
export function protocolClient(
  fed: Federation,
  to: PlatformName,
  identity?: IssuedIdentity,
  extraCa: string[] = [],
) {
  const agent = new https.Agent({
    ca: [fed.pkis.ouranos.rootCertificatePem, fed.pkis['catena-x'].rootCertificatePem, ...extraCa],
    ...(identity
      ? {
          cert: [identity.certificatePem, ...identity.chainPem.slice(1)].join('\n'),
          key: identity.privateKeyPem,
        }
      : {}),
    keepAlive: false,
  });
  return axios.create({
    baseURL: fed.sides[to].node.protocolUrl,
    httpsAgent: agent,
    validateStatus: () => true,
    proxy: false,
    maxBodyLength: Infinity,
  });
}
