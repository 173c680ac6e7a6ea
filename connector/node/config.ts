/**
 * Node configuration: read a YAML or JSON file, validate it against
 * `schemas/config/node-config.schema.json` (JSON Schema 2020-12, ajv), apply the documented defaults and
 * resolve relative paths against the file's folder. A bad configuration throws `KH_CONFIG_INVALID` whose
 * `where` is the JSON pointer of the offending field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { KhError } from '../errors';
import schema from '../../schemas/config/node-config.schema.json';

export type PlatformName = 'ouranos' | 'catena-x';
export type NodeRole = 'company' | 'certifier' | 'node' | 'authority';

export interface TrustedRootConfig {
  platform: PlatformName;
  file: string;
  roles: NodeRole[];
}

export interface PeerConfig {
  id: string;
  platform: PlatformName;
  baseUrl: string;
  certificateSubject: string;
  policy?: string;
}

export interface NodeConfig {
  nodeId: string;
  platform: PlatformName;
  listen: {
    managementHost: string;
    managementPort: number;
    protocolHost: string;
    protocolPort: number;
    publicUrl: string;
  };
  management: { token: string };
  redis: { url: string; keyPrefix: string };
  tls: { cert: string; key: string; chain: string[] };
  trust: { roots: TrustedRootConfig[]; crls: string[] };
  peers: PeerConfig[];
  mra?: string;
  directory?: string;
  platformApi: { url: string; apiKey: string; pollIntervalMs: number; feedConcurrency: number };
  companyKeys?: { dir: string };
  certifications: { dir?: string; statusListsDir?: string };
  delivery: { attempts: number; backoffMs: number; concurrency: number; timeoutMs: number };
  limits: { bodyBytes: number };
  log: { level: string; file?: string };
}

const ALL_ROLES: NodeRole[] = ['company', 'certifier', 'node', 'authority'];

let compiled: ReturnType<Ajv2020['compile']> | undefined;
function validator(): ReturnType<Ajv2020['compile']> {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

function describe(err: ErrorObject): { where: string; message: string } {
  let where = err.instancePath || '';
  if (err.keyword === 'required') {
    where = `${where}/${String((err.params as { missingProperty?: string }).missingProperty)}`;
  } else if (err.keyword === 'additionalProperties') {
    where = `${where}/${String((err.params as { additionalProperty?: string }).additionalProperty)}`;
  }
  const field = where === '' ? '(root)' : where;
  const what =
    err.keyword === 'additionalProperties' ? 'is not a known setting' : (err.message ?? 'is invalid');
  return { where: where === '' ? '/' : where, message: `config field ${field} ${what}` };
}

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});

/**
 * Validate a parsed configuration object and return the resolved configuration.
 * `baseDir` resolves relative paths; `env` supplies `management.tokenEnv`.
 */
export function parseConfig(
  input: unknown,
  baseDir: string,
  env: NodeJS.ProcessEnv = process.env,
): NodeConfig {
  const validate = validator();
  if (!validate(input)) {
    const first = (validate.errors ?? [])[0];
    const d = first ? describe(first) : { where: '/', message: 'config is invalid' };
    throw new KhError('KH_CONFIG_INVALID', d.message, { where: d.where });
  }
  const raw = input as Raw;
  const abs = (p: string): string => path.resolve(baseDir, p);
  const nodeId = raw.nodeId as string;
  const listen = obj(raw.listen);
  const protocolHost = (listen.protocolHost as string | undefined) ?? '127.0.0.1';
  const protocolPort = (listen.protocolPort as number | undefined) ?? 7443;
  const mgmt = obj(raw.management);
  let token = mgmt.token as string | undefined;
  if (token === undefined) {
    const name = mgmt.tokenEnv as string;
    token = env[name];
    if (!token || token.length < 16) {
      throw new KhError(
        'KH_CONFIG_INVALID',
        `environment variable ${name} must hold a token of 16+ characters`,
        {
          where: '/management/tokenEnv',
        },
      );
    }
  }
  const redis = obj(raw.redis);
  const tls = obj(raw.tls);
  const trust = obj(raw.trust);
  const api = obj(raw.platformApi);
  const delivery = obj(raw.delivery);
  const limits = obj(raw.limits);
  const log = obj(raw.log);
  const peers = (Array.isArray(raw.peers) ? raw.peers : []).map((p): PeerConfig => {
    const peer = obj(p);
    return {
      id: peer.id as string,
      platform: peer.platform as PlatformName,
      baseUrl: (peer.baseUrl as string).replace(/\/+$/, ''),
      certificateSubject: (peer.certificateSubject as string | undefined) ?? (peer.id as string),
      ...(typeof peer.policy === 'string' ? { policy: abs(peer.policy) } : {}),
    };
  });
  const ids = new Set<string>();
  peers.forEach((p, i) => {
    if (ids.has(p.id) || p.id === nodeId) {
      throw new KhError('KH_CONFIG_INVALID', `config field /peers/${i}/id repeats an id`, {
        where: `/peers/${i}/id`,
      });
    }
    ids.add(p.id);
  });
  return {
    nodeId,
    platform: raw.platform as PlatformName,
    listen: {
      managementHost: (listen.managementHost as string | undefined) ?? '127.0.0.1',
      managementPort: (listen.managementPort as number | undefined) ?? 7400,
      protocolHost,
      protocolPort,
      publicUrl: (
        (listen.publicUrl as string | undefined) ?? `https://${protocolHost}:${protocolPort}`
      ).replace(/\/+$/, ''),
    },
    management: { token },
    redis: {
      url: redis.url as string,
      keyPrefix: (redis.keyPrefix as string | undefined) ?? `kh:${nodeId}:`,
    },
    tls: {
      cert: abs(tls.cert as string),
      key: abs(tls.key as string),
      chain: ((tls.chain as string[] | undefined) ?? []).map(abs),
    },
    trust: {
      roots: (trust.roots as Raw[]).map((r) => ({
        platform: r.platform as PlatformName,
        file: abs(r.file as string),
        roles: (r.roles as NodeRole[] | undefined) ?? [...ALL_ROLES],
      })),
      crls: ((trust.crls as string[] | undefined) ?? []).map(abs),
    },
    peers,
    ...(typeof raw.mra === 'string' ? { mra: abs(raw.mra) } : {}),
    ...(typeof raw.directory === 'string' ? { directory: abs(raw.directory) } : {}),
    platformApi: {
      url: (api.url as string).replace(/\/+$/, ''),
      apiKey: api.apiKey as string,
      pollIntervalMs: (api.pollIntervalMs as number | undefined) ?? 1000,
      feedConcurrency: (api.feedConcurrency as number | undefined) ?? 8,
    },
    ...(raw.companyKeys ? { companyKeys: { dir: abs(obj(raw.companyKeys).dir as string) } } : {}),
    certifications: {
      ...(typeof obj(raw.certifications).dir === 'string'
        ? { dir: abs(obj(raw.certifications).dir as string) }
        : {}),
      ...(typeof obj(raw.certifications).statusListsDir === 'string'
        ? { statusListsDir: abs(obj(raw.certifications).statusListsDir as string) }
        : {}),
    },
    delivery: {
      attempts: (delivery.attempts as number | undefined) ?? 5,
      backoffMs: (delivery.backoffMs as number | undefined) ?? 1000,
      concurrency: (delivery.concurrency as number | undefined) ?? 4,
      timeoutMs: (delivery.timeoutMs as number | undefined) ?? 10000,
    },
    limits: { bodyBytes: (limits.bodyBytes as number | undefined) ?? 1048576 },
    log: {
      level: (log.level as string | undefined) ?? 'info',
      ...(typeof log.file === 'string' ? { file: abs(log.file) } : {}),
    },
  };
}

/** Read, parse (YAML or JSON by extension; YAML is a superset) and validate a configuration file. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): NodeConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new KhError('KH_CONFIG_UNREADABLE', 'cannot read the configuration file', { where: file });
  }
  let parsed: unknown;
  try {
    parsed = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch {
    throw new KhError('KH_CONFIG_UNREADABLE', 'the configuration file is not valid YAML/JSON', {
      where: file,
    });
  }
  return parseConfig(parsed, path.dirname(path.resolve(file)), env);
}

/** Read a file the configuration names; a missing file is a config error naming the field. */
export function readConfiguredFile(file: string, field: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new KhError('KH_CONFIG_UNREADABLE', `cannot read the file named by ${field}`, { where: field });
  }
}
