/**
 * An operator-style node folder, as the demo, the drills and the bench lay it out (the operator guide's
 * layout): `node/node.cert.pem` and `node/node.key.pem` (mode 0600), `root-<platform>.pem` of both platforms,
 * `company-keys/<id>.key.pem` (0600) and `<id>.chain.pem` for the companies the node signs for, and
 * `node.json`. The keys come from platform PKIs made at run time; none is ever committed.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { IssuedIdentity, PlatformPki } from '../../certs/pki';
import type { PlatformName } from '../../adapters/types';
import { companyKeyFileName } from './company-keys';

export const PLATFORMS: readonly PlatformName[] = ['ouranos', 'catena-x'];

export const OTHER_PLATFORM: Record<PlatformName, PlatformName> = {
  ouranos: 'catena-x',
  'catena-x': 'ouranos',
};

/** Write a file only its owner may read (mode 0600, also when it existed with wider rights). */
export function writeSecret(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Serve `app` on a free loopback port (the platform simulators). */
export async function listenHttp(app: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A platform's API keys: the node's operator account, and one per company (participant id → key). */
export interface PlatformApiKeys {
  operator: string;
  companies: Map<string, string>;
}

/** Fresh random API keys for the operator and the given companies. */
export function newPlatformApiKeys(companies: Iterable<string>): PlatformApiKeys {
  return {
    operator: `operator-${randomBytes(12).toString('hex')}`,
    companies: new Map([...companies].map((c) => [c, `key-${randomBytes(12).toString('hex')}`])),
  };
}

/** The participants a platform simulator knows: its companies (by API key) and the node's operator account. */
export function platformParticipants(
  platform: PlatformName,
  keys: PlatformApiKeys,
): { apiKey: string; participantId: string; role: 'company' | 'operator' }[] {
  return [
    ...[...keys.companies].map(([participantId, apiKey]) => ({
      apiKey,
      participantId,
      role: 'company' as const,
    })),
    { apiKey: keys.operator, participantId: `${platform}-operator`, role: 'operator' as const },
  ];
}

export interface NodeFolderFiles {
  dir: string;
  pkis: Record<PlatformName, PlatformPki>;
  /** The node's TLS identity (`node/`). */
  node: IssuedIdentity;
  /** Signing identities of the companies the node keeps keys for (`company-keys/`). */
  companies?: Iterable<readonly [string, IssuedIdentity]>;
}

/** Write the node's key material and trust anchors into `dir` (created if missing). */
export function writeNodeFolder(input: NodeFolderFiles): void {
  const keysDir = path.join(input.dir, 'company-keys');
  mkdirSync(path.join(input.dir, 'node'), { recursive: true });
  mkdirSync(keysDir, { recursive: true });
  writeFileSync(path.join(input.dir, 'node', 'node.cert.pem'), input.node.certificatePem);
  writeSecret(path.join(input.dir, 'node', 'node.key.pem'), input.node.privateKeyPem);
  for (const p of PLATFORMS) {
    writeFileSync(path.join(input.dir, `root-${p}.pem`), input.pkis[p].rootCertificatePem);
  }
  for (const [company, id] of input.companies ?? []) {
    writeSecret(path.join(keysDir, `${companyKeyFileName(company)}.key.pem`), id.privateKeyPem);
    writeFileSync(path.join(keysDir, `${companyKeyFileName(company)}.chain.pem`), id.chainPem.join('\n'));
  }
}

export interface NodeJsonInput {
  nodeId: string;
  platform: PlatformName;
  listen: { managementPort: number; protocolPort: number; publicUrl: string };
  managementToken: string;
  redis: { url: string; keyPrefix: string };
  /** The one peer node, on the other platform. */
  peer: { id: string; baseUrl: string };
  platformApi: { url: string; apiKey: string; pollIntervalMs: number };
  delivery: { attempts: number; backoffMs: number; concurrency: number; timeoutMs: number };
  log: { level: string; file?: string };
  /** Top-level keys set over the result (MRA, certifications, directory, a test's patch). */
  extra?: Record<string, unknown>;
}

/**
 * A `node.json` for a folder written by `writeNodeFolder`: its own platform's root for every role, the other
 * platform's root for nodes, companies, certifiers and authorities, the company keys folder.
 */
export function nodeJson(input: NodeJsonInput): Record<string, unknown> {
  const other = OTHER_PLATFORM[input.platform];
  return {
    nodeId: input.nodeId,
    platform: input.platform,
    listen: input.listen,
    management: { token: input.managementToken },
    redis: input.redis,
    tls: { cert: 'node/node.cert.pem', key: 'node/node.key.pem' },
    trust: {
      roots: [
        { platform: input.platform, file: `root-${input.platform}.pem` },
        { platform: other, file: `root-${other}.pem`, roles: ['node', 'company', 'certifier', 'authority'] },
      ],
    },
    peers: [{ id: input.peer.id, platform: other, baseUrl: input.peer.baseUrl }],
    platformApi: input.platformApi,
    companyKeys: { dir: 'company-keys' },
    delivery: input.delivery,
    log: input.log,
    ...(input.extra ?? {}),
  };
}

/** Write `node.json` into `dir`; returns its path. */
export function writeNodeJson(dir: string, config: Record<string, unknown>): string {
  const file = path.join(dir, 'node.json');
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}
