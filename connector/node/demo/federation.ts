/**
 * A whole federation on one machine, for the demo and the end-to-end tests: both platform PKIs (in a
 * state directory), both platform simulators (HTTP on loopback), both nodes (in-process) on one Redis
 * (separate key prefixes). Files are laid out as an operator would: `<state>/<platform>/node/…` (TLS
 * identity, mode 0600 keys), `<state>/<platform>/company-keys/…`, `<state>/<platform>/published|received/`
 * (written by the simulator), `<state>/<platform>/node.json` (the node configuration).
 *
 * Company keys: the simulated platform's PKI issues each company's certificate; the demo hands the key to
 * the node through `companyKeys.dir` so the node can issue the company's SD-JWT VCs (see the operator guide).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPlatformPki, type PlatformPki, type IssuedIdentity } from '../../../certs/pki';
import { getAdapter, type PlatformAdapter } from '../../../adapters';
import type { DirectoryFile } from '../directory';
import { createOuranosSimulator, type SimulatedPlatform } from '../../../adapters/ouranos/simulator';
import { createCatenaXSimulator } from '../../../adapters/catena-x/simulator';
import { parseConfig, type NodeConfig, type PlatformName } from '../config';
import { startNode, type NodeOverrides, type RunningNode } from '../node';
import {
  listenHttp,
  newPlatformApiKeys,
  nodeJson,
  OTHER_PLATFORM,
  platformParticipants,
  writeNodeFolder,
  writeNodeJson,
} from '../node-folder';
import { createLogger } from '../logger';
import { freePort } from '../../redis/private-server';

export const NODE_IDS: Record<PlatformName, string> = { ouranos: 'ou-node-1', 'catena-x': 'cx-node-1' };
export const OTHER = OTHER_PLATFORM;

export interface FederationCompany {
  platform: PlatformName;
  id: string;
}

export interface FederationOptions {
  redisUrl: string;
  stateDir: string;
  companies: FederationCompany[];
  /** The participant directory both nodes use (written to `<stateDir>/directory.json`). */
  directory?: DirectoryFile;
  /** Adapters to use instead of the configured ones (tests). */
  adapters?: Partial<Record<PlatformName, PlatformAdapter>>;
  keyBits?: number;
  attempts?: number;
  backoffMs?: number;
  pollIntervalMs?: number;
  logLevel?: string;
  /** Extra configuration per platform (merged into the node config before validation). */
  configPatch?: Partial<Record<PlatformName, Record<string, unknown>>>;
  /** Write a certification setup (MRA, credentials, status lists) before the nodes start. */
  prepareTrust?: (ctx: {
    pkis: Record<PlatformName, PlatformPki>;
    stateDir: string;
  }) =>
    | Promise<Partial<Record<PlatformName, Record<string, unknown>>>>
    | Partial<Record<PlatformName, Record<string, unknown>>>;
  overrides?: Partial<Record<PlatformName, NodeOverrides>>;
}

export interface FederationSide {
  platform: PlatformName;
  nodeId: string;
  node: RunningNode;
  config: NodeConfig;
  simulatorUrl: string;
  simulator: SimulatedPlatform;
  operatorApiKey: string;
  /** API key per company id. */
  companyKeys: Map<string, string>;
  nodeIdentity: IssuedIdentity;
  dir: string;
}

export interface Federation {
  pkis: Record<PlatformName, PlatformPki>;
  sides: Record<PlatformName, FederationSide>;
  stateDir: string;
  /** Each node negotiates, as consumer, the other's dataset and starts the push transfer. */
  negotiateBoth(): Promise<void>;
  /** Restart one node (same configuration, same Redis state). */
  restartNode(platform: PlatformName): Promise<void>;
  stopNode(platform: PlatformName): Promise<void>;
  stop(): Promise<void>;
}

export async function startFederation(opts: FederationOptions): Promise<Federation> {
  const platforms: PlatformName[] = ['ouranos', 'catena-x'];
  const pkis = {
    ouranos: createPlatformPki({ platform: 'ouranos', keyBits: opts.keyBits ?? 2048 }),
    'catena-x': createPlatformPki({ platform: 'catena-x', keyBits: opts.keyBits ?? 2048 }),
  } as Record<PlatformName, PlatformPki>;
  const ports = { ouranos: await freePort(), 'catena-x': await freePort() } as Record<PlatformName, number>;
  mkdirSync(opts.stateDir, { recursive: true });
  const directoryFile = path.join(opts.stateDir, 'directory.json');
  if (opts.directory) writeFileSync(directoryFile, `${JSON.stringify(opts.directory, null, 2)}\n`);
  const extra = (await opts.prepareTrust?.({ pkis, stateDir: opts.stateDir })) ?? {};
  const logger = createLogger({ nodeId: 'federation', level: opts.logLevel ?? 'silent' });
  const servers: http.Server[] = [];
  const sides = {} as Record<PlatformName, FederationSide>;
  const configs = {} as Record<PlatformName, NodeConfig>;

  for (const platform of platforms) {
    const dir = path.join(opts.stateDir, platform);
    const pki = pkis[platform];
    const nodeId = NODE_IDS[platform];
    const identity = pki.issue('node', nodeId);
    const publishers = opts.companies.filter((x) => x.platform === platform).map((c) => c.id);
    writeNodeFolder({
      dir,
      pkis,
      node: identity,
      companies: publishers.map((c) => [c, pki.issue('company', c)] as const),
    });
    const apiKeys = newPlatformApiKeys(publishers);
    const adapter = opts.adapters?.[platform] ?? getAdapter(platform);
    const simOpts = {
      participants: platformParticipants(platform, apiKeys),
      validateNative: (r: unknown) => void adapter.validateNative(r),
      stateDir: dir,
    };
    const sim = platform === 'ouranos' ? createOuranosSimulator(simOpts) : createCatenaXSimulator(simOpts);
    const { server, url } = await listenHttp(sim.app);
    servers.push(server);
    const other = OTHER_PLATFORM[platform];
    const raw = nodeJson({
      nodeId,
      platform,
      listen: {
        managementPort: 0,
        protocolPort: ports[platform],
        publicUrl: `https://127.0.0.1:${ports[platform]}`,
      },
      managementToken: randomBytes(16).toString('hex'),
      redis: { url: opts.redisUrl, keyPrefix: `kh:${nodeId}:${randomBytes(4).toString('hex')}:` },
      peer: { id: NODE_IDS[other], baseUrl: `https://127.0.0.1:${ports[other]}` },
      platformApi: { url, apiKey: apiKeys.operator, pollIntervalMs: opts.pollIntervalMs ?? 100 },
      delivery: {
        attempts: opts.attempts ?? 5,
        backoffMs: opts.backoffMs ?? 200,
        concurrency: 2,
        timeoutMs: 5000,
      },
      log: { level: opts.logLevel ?? 'silent', file: path.join(dir, 'node.log') },
      extra: {
        ...(opts.directory ? { directory: directoryFile } : {}),
        ...(extra[platform] ?? {}),
        ...(opts.configPatch?.[platform] ?? {}),
      },
    });
    writeNodeJson(dir, raw);
    configs[platform] = parseConfig(raw, dir);
    sides[platform] = {
      platform,
      nodeId,
      node: undefined as unknown as RunningNode,
      config: configs[platform],
      simulatorUrl: url,
      simulator: sim.platform,
      operatorApiKey: apiKeys.operator,
      companyKeys: apiKeys.companies,
      nodeIdentity: identity,
      dir,
    };
  }
  const start = async (platform: PlatformName): Promise<void> => {
    const adapter = opts.adapters?.[platform];
    sides[platform].node = await startNode(configs[platform], {
      ...(adapter ? { adapter } : {}),
      ...(opts.overrides?.[platform] ?? {}),
    });
  };
  for (const p of platforms) await start(p);
  logger.info('federation started');
  const stopped = new Set<PlatformName>();
  return {
    pkis,
    sides,
    stateDir: opts.stateDir,
    negotiateBoth: async () => {
      await sides.ouranos.node.handlers.negotiate(NODE_IDS['catena-x']);
      await sides['catena-x'].node.handlers.negotiate(NODE_IDS.ouranos);
    },
    restartNode: async (platform) => {
      if (!stopped.has(platform)) await sides[platform].node.stop();
      await start(platform);
      stopped.delete(platform);
    },
    stopNode: async (platform) => {
      await sides[platform].node.stop();
      stopped.add(platform);
    },
    stop: async () => {
      for (const p of platforms) if (!stopped.has(p)) await sides[p].node.stop();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.close(() => r());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
