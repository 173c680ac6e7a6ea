/**
 * The files of a two-node bench federation, laid out as an operator would (as the demo does): per
 * platform `<state>/<platform>/node/…` (TLS identity, key mode 0600), `root-*.pem`, `company-keys/…` and
 * `node.json`. Keys come from platform PKIs generated at run time; none is kept after the run.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPlatformPki, type IssuedIdentity, type PlatformPki } from '../../certs/pki';
import type { PlatformName } from '../../adapters/types';
import {
  newPlatformApiKeys,
  nodeJson,
  OTHER_PLATFORM,
  PLATFORMS,
  writeNodeFolder,
  writeNodeJson,
  type PlatformApiKeys,
} from '../node/node-folder';

export const BENCH_NODE_IDS: Record<PlatformName, string> = {
  ouranos: 'ou-bench-node',
  'catena-x': 'cx-bench-node',
};
export { OTHER_PLATFORM };

export interface LayoutInput {
  stateDir: string;
  redisUrl: string;
  /** Company ids (participant ids) that publish on each platform. */
  companies: Record<PlatformName, string[]>;
  platformUrls: Record<PlatformName, string>;
  protocolPorts: Record<PlatformName, number>;
  concurrency: number;
  pollIntervalMs: number;
}

export interface LayoutSide {
  nodeId: string;
  configFile: string;
  keyPrefix: string;
  operatorApiKey: string;
  /** API key per company id. */
  companyApiKeys: Map<string, string>;
}

export interface Layout {
  pkis: Record<PlatformName, PlatformPki>;
  sides: Record<PlatformName, LayoutSide>;
}

/** Operator and company API keys, decided before the platforms start (they need the participant list). */
export function apiKeysFor(companies: Record<PlatformName, string[]>): Record<PlatformName, PlatformApiKeys> {
  return {
    ouranos: newPlatformApiKeys(companies.ouranos),
    'catena-x': newPlatformApiKeys(companies['catena-x']),
  };
}

/** The keys and certificates of a bench federation: both platform PKIs, each node's TLS identity, the companies' signing identities. */
export interface LayoutIdentities {
  pkis: Record<PlatformName, PlatformPki>;
  nodes: Record<PlatformName, IssuedIdentity>;
  companies: Record<PlatformName, Map<string, IssuedIdentity>>;
}

/**
 * Generate the federation's keys (~14 RSA-2048 key pairs, a few seconds): separate from writing the files,
 * so the driver can do it while the child processes load (the files need the platforms' URLs).
 */
export function createLayoutIdentities(companies: Record<PlatformName, string[]>): LayoutIdentities {
  const pkis = {
    ouranos: createPlatformPki({ platform: 'ouranos' }),
    'catena-x': createPlatformPki({ platform: 'catena-x' }),
  } as Record<PlatformName, PlatformPki>;
  const nodes = {} as Record<PlatformName, IssuedIdentity>;
  const issued = {} as Record<PlatformName, Map<string, IssuedIdentity>>;
  for (const platform of PLATFORMS) {
    nodes[platform] = pkis[platform].issue('node', BENCH_NODE_IDS[platform]);
    issued[platform] = new Map(companies[platform].map((c) => [c, pkis[platform].issue('company', c)]));
  }
  return { pkis, nodes, companies: issued };
}

export function writeLayout(
  input: LayoutInput,
  apiKeys: ReturnType<typeof apiKeysFor>,
  identities: LayoutIdentities = createLayoutIdentities(input.companies),
): Layout {
  const { pkis } = identities;
  const sides = {} as Record<PlatformName, LayoutSide>;
  for (const platform of PLATFORMS) {
    const dir = path.join(input.stateDir, platform);
    const nodeId = BENCH_NODE_IDS[platform];
    writeNodeFolder({
      dir,
      pkis,
      node: identities.nodes[platform],
      companies: identities.companies[platform],
    });
    const other = OTHER_PLATFORM[platform];
    const keyPrefix = `kh:${nodeId}:${randomBytes(4).toString('hex')}:`;
    const configFile = writeNodeJson(
      dir,
      nodeJson({
        nodeId,
        platform,
        listen: {
          managementPort: 0,
          protocolPort: input.protocolPorts[platform],
          publicUrl: `https://127.0.0.1:${input.protocolPorts[platform]}`,
        },
        managementToken: randomBytes(16).toString('hex'),
        redis: { url: input.redisUrl, keyPrefix },
        peer: { id: BENCH_NODE_IDS[other], baseUrl: `https://127.0.0.1:${input.protocolPorts[other]}` },
        platformApi: {
          url: input.platformUrls[platform],
          apiKey: apiKeys[platform].operator,
          pollIntervalMs: input.pollIntervalMs,
        },
        delivery: { attempts: 5, backoffMs: 200, concurrency: input.concurrency, timeoutMs: 10000 },
        log: { level: 'silent' },
      }),
    );
    sides[platform] = {
      nodeId,
      configFile,
      keyPrefix,
      operatorApiKey: apiKeys[platform].operator,
      companyApiKeys: apiKeys[platform].companies,
    };
  }
  return { pkis, sides };
}
