/**
 * Publishes native records on a simulated platform as their companies (HTTP, keep-alive), at an offered
 * rate or as fast as the platform takes them, and notes when each record was accepted (its intake time).
 */
import http from 'node:http';
import type { PlatformName } from '../../adapters/types';
import {
  identifyOuranosRecord,
  OURANOS_API_KEY_HEADER,
  OURANOS_RECORDS_PATH,
} from '../../adapters/ouranos/simulator';
import {
  identifyCatenaXRecord,
  CATENA_X_API_KEY_HEADER,
  CATENA_X_RECORDS_PATH,
} from '../../adapters/catena-x/simulator';
import { KhError } from '../errors';

const API: Record<
  PlatformName,
  {
    header: string;
    path: string;
    identify(r: unknown): { recordId: string; version: string; publisher?: string };
  }
> = {
  ouranos: { header: OURANOS_API_KEY_HEADER, path: OURANOS_RECORDS_PATH, identify: identifyOuranosRecord },
  'catena-x': {
    header: CATENA_X_API_KEY_HEADER,
    path: CATENA_X_RECORDS_PATH,
    identify: identifyCatenaXRecord,
  },
};

export const recordKey = (recordId: string, version: string): string => `${recordId}@${version}`;

/** Record id, version and publishing company of a native record of `platform`. */
export function identifyPublication(
  platform: PlatformName,
  record: unknown,
): { recordId: string; version: string; publisher?: string } {
  return API[platform].identify(record);
}

export interface Publisher {
  /** Publish one native record; resolves with its key and whether the platform created it (false: a duplicate). */
  publish(record: unknown): Promise<{ key: string; created: boolean }>;
  /**
   * Publish a body already serialised (a signed publication `{ "record", "credential" }`) for the record
   * `id`: the driver streams the bytes, nothing is parsed or serialised again.
   */
  publishBody(
    body: Buffer,
    id: { recordId: string; version: string; publisher: string },
  ): Promise<{ key: string; created: boolean }>;
  close(): void;
}

export function createPublisher(
  platform: PlatformName,
  baseUrl: string,
  apiKeys: Map<string, string>,
  sockets = 16,
): Publisher {
  const api = API[platform];
  const url = new URL(api.path, baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const send = (
    body: string | Buffer,
    id: { recordId: string; version: string; publisher?: string },
  ): Promise<{ key: string; created: boolean }> =>
    new Promise((resolve, reject) => {
      const apiKey = id.publisher === undefined ? undefined : apiKeys.get(id.publisher);
      if (apiKey === undefined) {
        reject(
          new KhError(
            'KH_BENCH_WORKLOAD_INVALID',
            'a seed record names a publisher the bench has no key for',
            {
              status: 500,
            },
          ),
        );
        return;
      }
      const req = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            [api.header]: apiKey,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status === 201 || status === 200)
              resolve({ key: recordKey(id.recordId, id.version), created: status === 201 });
            else {
              let code = 'unknown';
              try {
                code = String(
                  (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: unknown }).code,
                );
              } catch {
                // keep 'unknown'
              }
              reject(
                new KhError('KH_BENCH_WORKLOAD_INVALID', 'the platform refused a seed record', {
                  status: 500,
                  details: { status, code },
                }),
              );
            }
          });
        },
      );
      req.on('error', (err) =>
        reject(
          new KhError('KH_BENCH_NODE_FAILED', 'the platform simulator did not answer', {
            status: 500,
            cause: err,
          }),
        ),
      );
      req.end(body);
    });
  return {
    publish: (record) => send(JSON.stringify(record), api.identify(record)),
    publishBody: (body, id) => send(body, id),
    close: () => agent.destroy(),
  };
}
