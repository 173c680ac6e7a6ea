/**
 * `PlatformClient`: the only way the node (and the operator CLI) reaches its platform. This implementation
 * speaks the simulators' HTTP API; a real platform API plugs in by implementing the same interface.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { AxiosInstance, AxiosError } from 'axios';
import { KhError } from '../errors';
import { exchange, ExchangeError } from './http/exchange';
import type { PlatformName } from './config';

export interface PlatformChange {
  seq: number;
  recordId: string;
  version: string;
  publisher: string;
  /** True when the company published its own SD-JWT VC with the record (a signed publication). */
  signed?: boolean;
}

/** A published record version as the platform holds it: the native record, and the company's credential if any. */
export interface PlatformPublication {
  record: unknown;
  /** The company's own SD-JWT VC over the record's canonical form (`application/vc+sd-jwt`). */
  credential?: string;
}

export interface PlatformRecordSummary {
  recordId: string;
  version: string;
  publisher: string;
  direction: 'published' | 'received';
  storedAt?: string;
  verification?: Record<string, unknown>;
}

export interface ReceivedVerification {
  verified: boolean;
  from: string;
  issuer?: string;
  withheld?: string[];
  certifications?: Record<string, number>;
  receivedAt: string;
}

export interface PlatformClient {
  readonly platform: PlatformName;
  /** Publications after the cursor `after` (a sequence number), oldest first. */
  changes(after: number): Promise<{ events: PlatformChange[]; next: number }>;
  /** A record version in the native format. */
  fetchRecord(recordId: string, version?: string, direction?: 'published' | 'received'): Promise<unknown>;
  /** A published version with the company's own credential when it published one (signed publication). */
  fetchPublication(recordId: string, version: string): Promise<PlatformPublication>;
  list(direction?: 'published' | 'received'): Promise<PlatformRecordSummary[]>;
  /** Publish a native record as the company whose API key this client holds. */
  publish(record: unknown): Promise<{ recordId: string; version: string; created: boolean }>;
  /**
   * Publish a record with the SD-JWT VC the company issued over it (body `{ record, credential }` on the
   * same records path); the node relays the company's credential instead of issuing one.
   */
  publishSigned(
    record: unknown,
    credential: string,
  ): Promise<{ recordId: string; version: string; created: boolean }>;
  /** Hand a record received from the peer (native format) to the platform, with its verification status. */
  deliverReceived(record: unknown, verification: ReceivedVerification): Promise<{ created: boolean }>;
  health(): Promise<boolean>;
}

const API: Record<PlatformName, { header: string; records: string }> = {
  ouranos: { header: 'apiKey', records: '/api/v1/batteryRecords' },
  'catena-x': { header: 'X-Api-Key', records: '/api/v1/passports' },
};

function mapError(err: unknown): KhError {
  const ax = err as AxiosError<{ code?: string; message?: string; where?: string }>;
  if (ax.response) {
    const body = ax.response.data ?? {};
    return new KhError('KH_PLATFORM_REJECTED', `the platform refused: ${body.code ?? ax.response.status}`, {
      status: ax.response.status >= 500 ? 502 : ax.response.status,
      ...(body.where ? { where: body.where } : {}),
      details: { platformCode: body.code, platformStatus: ax.response.status },
    });
  }
  return new KhError('KH_PLATFORM_UNAVAILABLE', 'the platform API did not answer', { status: 503 });
}

/** Largest platform response the fast path reads (a record is far smaller; a list goes through axios). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

type Query = Record<string, string | number | undefined>;

/**
 * JSON over node's http/https with a keep-alive agent, for the per-record calls: GET (change feed, record
 * fetch) and POST (the hand-off of a received record, `deliverReceived`). They skip axios' interceptor,
 * transform and adapter layers (about half the CPU of a call, client and simulator together); a body is
 * serialised once; the exchange itself is `http/exchange.ts` (one deadline for the whole call, as axios'
 * `timeout`). A non-2xx answer maps as `mapError` does: `KH_PLATFORM_REJECTED` (status 502 for 5xx, else
 * the platform's 4xx, with the platform's `code`/`where`), no answer at all `KH_PLATFORM_UNAVAILABLE` (503).
 */
function createJsonRequester(opts: {
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  agents: { http: http.Agent; https: https.Agent };
}): <T>(method: 'GET' | 'POST', p: string, send?: { query?: Query; body?: unknown }) => Promise<T> {
  const base = new URL(opts.url);
  const agent = base.protocol === 'https:' ? opts.agents.https : opts.agents.http;
  const prefix = base.pathname.replace(/\/+$/, '');
  return async <T>(method: 'GET' | 'POST', p: string, send: { query?: Query; body?: unknown } = {}) => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(send.query ?? {})) if (v !== undefined) qs.append(k, String(v));
    const search = qs.toString();
    const data = method === 'POST' ? Buffer.from(JSON.stringify(send.body), 'utf8') : undefined;
    let answer: { status: number; text: string };
    try {
      answer = await exchange({
        url: base,
        method,
        path: `${prefix}${p}${search ? `?${search}` : ''}`,
        headers: {
          ...opts.headers,
          accept: 'application/json',
          ...(data === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(data.length) }),
        },
        agent,
        ...(data === undefined ? {} : { body: data }),
        timeoutMs: opts.timeoutMs,
        maxResponseBytes: MAX_RESPONSE_BYTES,
      });
    } catch (err) {
      if (err instanceof ExchangeError && err.code === 'ERR_RESPONSE_TOO_LARGE') {
        throw new KhError('KH_PLATFORM_REJECTED', 'the platform response is too large', { status: 502 });
      }
      throw new KhError('KH_PLATFORM_UNAVAILABLE', 'the platform API did not answer', { status: 503 });
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      body = undefined;
    }
    const status = answer.status;
    if (status >= 200 && status < 300 && body !== undefined) return body as T;
    const b = (body !== null && typeof body === 'object' ? body : {}) as { code?: string; where?: string };
    throw new KhError('KH_PLATFORM_REJECTED', `the platform refused: ${b.code ?? status}`, {
      status: status >= 500 || status < 400 ? 502 : status,
      ...(typeof b.where === 'string' ? { where: b.where } : {}),
      details: { platformCode: b.code, platformStatus: status },
    });
  };
}

export function createHttpPlatformClient(opts: {
  platform: PlatformName;
  url: string;
  apiKey: string;
  timeoutMs?: number;
}): PlatformClient {
  const api = API[opts.platform];
  // Keep-alive: the node fetches every published record once, so connections are reused, not re-opened.
  const agentOptions = { keepAlive: true, maxSockets: 32, maxFreeSockets: 32 };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const timeoutMs = opts.timeoutMs ?? 10000;
  const client: AxiosInstance = axios.create({
    baseURL: opts.url,
    timeout: timeoutMs,
    headers: { [api.header]: opts.apiKey, 'content-type': 'application/json' },
    proxy: false,
    httpAgent: agents.http,
    httpsAgent: agents.https,
  });
  const json = createJsonRequester({
    url: opts.url,
    headers: { [api.header]: opts.apiKey },
    timeoutMs,
    agents,
  });
  const getJson = <T>(p: string, query: Query = {}): Promise<T> => json<T>('GET', p, { query });
  const call = async <T>(p: Promise<{ data: T }>): Promise<T> => {
    try {
      return (await p).data;
    } catch (err) {
      throw mapError(err);
    }
  };
  return {
    platform: opts.platform,
    changes: (after) => getJson('/api/v1/changes', { after }),
    fetchRecord: async (recordId, version, direction) => {
      const body = await getJson<{ record: unknown }>(`${api.records}/${encodeURIComponent(recordId)}`, {
        version: version || undefined,
        direction,
      });
      return body.record;
    },
    fetchPublication: async (recordId, version) => {
      const body = await getJson<{ record: unknown; credential?: unknown }>(
        `${api.records}/${encodeURIComponent(recordId)}`,
        { version, direction: 'published' },
      );
      return typeof body.credential === 'string'
        ? { record: body.record, credential: body.credential }
        : { record: body.record };
    },
    list: async (direction) =>
      (
        await call<{ records: PlatformRecordSummary[] }>(
          client.get(api.records, { params: direction ? { direction } : {} }),
        )
      ).records,
    publish: (record) => call(client.post(api.records, record)),
    publishSigned: (record, credential) => call(client.post(api.records, { record, credential })),
    deliverReceived: (record, verification) =>
      json('POST', '/api/v1/received', { body: { record, verification } }),
    health: async () => {
      try {
        await client.get('/health');
        return true;
      } catch {
        return false;
      }
    },
  };
}
