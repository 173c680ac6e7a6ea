/**
 * The drill federation: a private Redis (AOF on), both platform simulators in this process, both nodes as
 * child processes, and a fault proxy in front of the receiving node's protocol port. Records flow from the
 * sending platform (CX) to the receiving one (OU). Everything lives under one state folder; keys are
 * generated at run time (mode 0600) and never leave it.
 */
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import axios from 'axios';
import Redis from 'ioredis';
import { KhError } from '../errors';
import { createPlatformPki, type PlatformPki } from '../../certs/pki';
import { createOuranosSimulator, type SimulatedPlatform } from '../../adapters/ouranos/simulator';
import {
  createCatenaXSimulator,
  identifyCatenaXRecord,
  CATENA_X_API_KEY_HEADER,
  CATENA_X_RECORDS_PATH,
} from '../../adapters/catena-x/simulator';
import { ouranosAdapter } from '../../adapters/ouranos';
import { catenaXAdapter } from '../../adapters/catena-x';
import { createRedisStores, type RedisStores } from '../store';
import {
  listenHttp,
  newPlatformApiKeys,
  nodeJson,
  OTHER_PLATFORM,
  platformParticipants,
  writeNodeFolder,
  writeNodeJson,
} from '../node/node-folder';
import { startRedisChild, type RedisChild } from './redis-server';
import { createNodeChild, type NodeChild, type NodeLauncher } from './node-child';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { freePort } from './ports';

export type Platform = 'ouranos' | 'catena-x';
export const SENDER: Platform = 'catena-x';
export const RECEIVER: Platform = 'ouranos';
export const NODE_ID: Record<Platform, string> = { ouranos: 'ou-node-1', 'catena-x': 'cx-node-1' };

export interface DrillSide {
  platform: Platform;
  nodeId: string;
  dir: string;
  node: NodeChild;
  token: string;
  keyPrefix: string;
  simulator: SimulatedPlatform;
  simulatorUrl: string;
  companyApiKeys: Map<string, string>;
  stores: RedisStores;
}

/** Extra files a drill needs before the nodes start (certifications, MRA); returns config additions. */
export type PrepareSides = (ctx: {
  pkis: Record<Platform, PlatformPki>;
  dirs: Record<Platform, string>;
}) => Partial<Record<Platform, Record<string, unknown>>>;

export interface DrillFederationOptions {
  stateDir: string;
  /** Publishing companies on the sending platform. */
  companies: string[];
  launcher: NodeLauncher;
  prepare?: PrepareSides;
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
  proxyDelayMs?: number;
}

export interface DrillFederation {
  redis: RedisChild;
  proxy: FaultProxy;
  sides: Record<Platform, DrillSide>;
  pkis: Record<Platform, PlatformPki>;
  /** The receiving node negotiates the sender's dataset and the push transfer starts. */
  connect(): Promise<void>;
  /** Publish native records on the sending platform (as their companies); returns their `id@version`s. */
  publish(records: unknown[]): Promise<string[]>;
  /** GET on a node's management API (operator token). */
  management<T>(platform: Platform, pathname: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startDrillFederation(opts: DrillFederationOptions): Promise<DrillFederation> {
  mkdirSync(opts.stateDir, { recursive: true });
  const redis = await startRedisChild(path.join(opts.stateDir, 'redis'));
  const platforms: Platform[] = ['ouranos', 'catena-x'];
  const pkis: Record<Platform, PlatformPki> = {
    ouranos: createPlatformPki({ platform: 'ouranos', keyBits: 2048 }),
    'catena-x': createPlatformPki({ platform: 'catena-x', keyBits: 2048 }),
  };
  const dirs = {
    ouranos: path.join(opts.stateDir, 'ouranos'),
    'catena-x': path.join(opts.stateDir, 'catena-x'),
  };
  for (const p of platforms) mkdirSync(path.join(dirs[p], 'node'), { recursive: true });
  const extra = opts.prepare?.({ pkis, dirs }) ?? {};
  const ports = {
    mgmt: { ouranos: await freePort(), 'catena-x': await freePort() } as Record<Platform, number>,
    proto: { ouranos: await freePort(), 'catena-x': await freePort() } as Record<Platform, number>,
    proxy: await freePort(),
  };
  // The sender reaches the receiver through the fault proxy; the receiver announces the proxy as its address.
  const publicUrl: Record<Platform, string> = {
    [RECEIVER]: `https://127.0.0.1:${ports.proxy}`,
    [SENDER]: `https://127.0.0.1:${ports.proto[SENDER]}`,
  } as Record<Platform, string>;
  const servers: http.Server[] = [];
  const sides = {} as Record<Platform, DrillSide>;
  const connections: Redis[] = [];
  let receiverTls = { cert: '', key: '' };

  for (const platform of platforms) {
    const dir = dirs[platform];
    const pki = pkis[platform];
    const nodeId = NODE_ID[platform];
    const identity = pki.issue('node', nodeId);
    if (platform === RECEIVER) receiverTls = { cert: identity.certificatePem, key: identity.privateKeyPem };
    const publishers = platform === SENDER ? opts.companies : [];
    writeNodeFolder({
      dir,
      pkis,
      node: identity,
      companies: publishers.map((c) => [c, pki.issue('company', c)] as const),
    });
    const apiKeys = newPlatformApiKeys(publishers);
    const participants = platformParticipants(platform, apiKeys);
    const adapter = platform === 'ouranos' ? ouranosAdapter : catenaXAdapter;
    const simOpts = { participants, validateNative: (r: unknown) => void adapter.validateNative(r as never) };
    const sim = platform === 'ouranos' ? createOuranosSimulator(simOpts) : createCatenaXSimulator(simOpts);
    const { server, url } = await listenHttp(sim.app);
    servers.push(server);
    const other = OTHER_PLATFORM[platform];
    const token = randomBytes(16).toString('hex');
    const keyPrefix = `kh:${nodeId}:drill:`;
    const configFile = writeNodeJson(
      dir,
      nodeJson({
        nodeId,
        platform,
        listen: {
          managementPort: ports.mgmt[platform],
          protocolPort: ports.proto[platform],
          publicUrl: publicUrl[platform],
        },
        managementToken: token,
        redis: { url: redis.url, keyPrefix },
        peer: { id: NODE_ID[other], baseUrl: publicUrl[other] },
        platformApi: { url, apiKey: apiKeys.operator, pollIntervalMs: 100 },
        delivery: {
          attempts: opts.attempts ?? 12,
          backoffMs: opts.backoffMs ?? 250,
          concurrency: 4,
          timeoutMs: opts.timeoutMs ?? 4000,
        },
        log: { level: 'warn' },
        extra: extra[platform] ?? {},
      }),
    );
    const conn = new Redis(redis.url, { maxRetriesPerRequest: null, lazyConnect: false });
    conn.on('error', () => undefined);
    connections.push(conn);
    sides[platform] = {
      platform,
      nodeId,
      dir,
      token,
      keyPrefix,
      node: createNodeChild({
        configFile,
        managementUrl: `http://127.0.0.1:${ports.mgmt[platform]}`,
        logFile: path.join(dir, 'node.log'),
        launcher: opts.launcher,
      }),
      simulator: sim.platform,
      simulatorUrl: url,
      companyApiKeys: apiKeys.companies,
      stores: createRedisStores(conn, { nodeId, prefix: keyPrefix }),
    };
  }
  const proxy = await startFaultProxy({
    port: ports.proxy,
    upstreamPort: ports.proto[RECEIVER],
    tls: receiverTls,
    ...(opts.proxyDelayMs === undefined ? {} : { delayMs: opts.proxyDelayMs }),
  });
  try {
    await Promise.all(platforms.map((p) => sides[p].node.start()));
  } catch (err) {
    // Leave nothing running behind a failed start.
    await Promise.all(platforms.map((p) => sides[p].node.kill('SIGKILL')));
    await proxy.close();
    for (const c of connections) c.disconnect();
    for (const s of servers) s.close();
    await redis.stop();
    throw err;
  }

  const management = async <T>(platform: Platform, pathname: string, body?: unknown): Promise<T> => {
    const side = sides[platform];
    const r = await axios.request({
      method: body === undefined ? 'GET' : 'POST',
      url: `${side.node.managementUrl}${pathname}`,
      headers: { authorization: `Bearer ${side.token}` },
      data: body,
      timeout: 30000,
      validateStatus: () => true,
    });
    if (r.status >= 300) {
      const code = (r.data as { code?: unknown })?.code;
      throw new KhError('KH_DRILL_SETUP', `management ${pathname} answered ${r.status} ${String(code)}`, {
        status: 500,
      });
    }
    return r.data as T;
  };

  return {
    redis,
    proxy,
    sides,
    pkis,
    management: (p, pathname) => management(p, pathname),
    connect: async () => {
      await management(RECEIVER, '/api/v1/negotiations', { peerId: NODE_ID[SENDER] });
      const deadline = Date.now() + 30000;
      while (Date.now() < deadline) {
        const { transfers } = await management<{ transfers: { role: string; state: string }[] }>(
          SENDER,
          '/api/v1/transfers',
        );
        if (transfers.some((t) => t.role === 'provider' && t.state === 'STARTED')) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new KhError('KH_DRILL_SETUP', 'the push transfer did not start', { status: 500 });
    },
    publish: async (records) => {
      const side = sides[SENDER];
      const out: string[] = [];
      for (const record of records) {
        const id = identifyCatenaXRecord(record);
        const apiKey = side.companyApiKeys.get(id.publisher ?? '');
        const r = await axios.post(`${side.simulatorUrl}${CATENA_X_RECORDS_PATH}`, record, {
          headers: { [CATENA_X_API_KEY_HEADER]: apiKey ?? '' },
          validateStatus: () => true,
        });
        if (r.status >= 300)
          throw new KhError('KH_DRILL_SETUP', `publishing answered ${r.status}`, { status: 500 });
        out.push(`${id.recordId}@${id.version}`);
      }
      return out;
    },
    stop: async () => {
      await Promise.all(platforms.map((p) => sides[p].node.kill('SIGTERM')));
      await proxy.close();
      for (const c of connections) c.disconnect();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.close(() => r());
              s.closeAllConnections();
            }),
        ),
      );
      await redis.stop();
    },
  };
}
