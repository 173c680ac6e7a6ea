/**
 * `PlatformClient`: the only way the node (and the operator CLI) reaches its platform. This implementation
 * speaks the simulators' HTTP API; a real platform API plugs in by implementing the same interface.
 */
import axios, { AxiosInstance, AxiosError } from 'axios';
import { KhError } from '../errors';
import type { PlatformName } from './config';

export interface PlatformChange {
  seq: number;
  recordId: string;
  version: string;
  publisher: string;
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
  list(direction?: 'published' | 'received'): Promise<PlatformRecordSummary[]>;
  /** Publish a native record as the company whose API key this client holds. */
  publish(record: unknown): Promise<{ recordId: string; version: string; created: boolean }>;
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

export function createHttpPlatformClient(opts: {
  platform: PlatformName;
  url: string;
  apiKey: string;
  timeoutMs?: number;
}): PlatformClient {
  const api = API[opts.platform];
  const http: AxiosInstance = axios.create({
    baseURL: opts.url,
    timeout: opts.timeoutMs ?? 10000,
    headers: { [api.header]: opts.apiKey, 'content-type': 'application/json' },
    proxy: false,
  });
  const call = async <T>(p: Promise<{ data: T }>): Promise<T> => {
    try {
      return (await p).data;
    } catch (err) {
      throw mapError(err);
    }
  };
  return {
    platform: opts.platform,
    changes: (after) => call(http.get('/api/v1/changes', { params: { after } })),
    fetchRecord: async (recordId, version, direction) => {
      const body = await call<{ record: unknown }>(
        http.get(`${api.records}/${encodeURIComponent(recordId)}`, {
          params: { ...(version ? { version } : {}), ...(direction ? { direction } : {}) },
        }),
      );
      return body.record;
    },
    list: async (direction) =>
      (
        await call<{ records: PlatformRecordSummary[] }>(
          http.get(api.records, { params: direction ? { direction } : {} }),
        )
      ).records,
    publish: (record) => call(http.post(api.records, record)),
    deliverReceived: (record, verification) => call(http.post('/api/v1/received', { record, verification })),
    health: async () => {
      try {
        await http.get('/health');
        return true;
      } catch {
        return false;
      }
    },
  };
}
