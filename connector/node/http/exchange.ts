/**
 * One HTTP(S) request and its whole answer, for the node's own clients (the peer client, the platform
 * client): a keep-alive agent of the caller's, a body serialised by the caller, the answer read up to a size
 * limit and within one deadline for the whole exchange (connect, send, answer). Any HTTP answer resolves
 * (status and body text); no answer rejects with an `ExchangeError` carrying a code: the system error's
 * (`ECONNREFUSED`, `ECONNRESET`, …), `ECONNABORTED` on the deadline, `ERR_RESPONSE_TOO_LARGE` past the limit.
 * What a status or a code means is the caller's to say.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';

export class ExchangeError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'ExchangeError';
  }
}

export interface ExchangeOptions {
  url: URL;
  method: 'GET' | 'POST';
  /** Path and query, as sent. */
  path: string;
  headers: Record<string, string | number>;
  agent: http.Agent;
  body?: Buffer;
  timeoutMs: number;
  maxResponseBytes: number;
}

export function exchange(o: ExchangeOptions): Promise<{ status: number; text: string }> {
  const secure = o.url.protocol === 'https:';
  const request = secure ? https.request : http.request;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: ExchangeError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(err);
    };
    const req = request(
      {
        agent: o.agent,
        protocol: o.url.protocol,
        hostname: o.url.hostname.replace(/^\[|\]$/g, ''),
        port: o.url.port || (secure ? 443 : 80),
        method: o.method,
        path: o.path,
        headers: o.headers,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > o.maxResponseBytes) {
            res.destroy();
            req.destroy();
            fail(new ExchangeError('the answer is too large', 'ERR_RESPONSE_TOO_LARGE'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (err: NodeJS.ErrnoException) => fail(new ExchangeError(err.message, err.code)));
        // The connection closed before the answer was complete.
        res.on('close', () => {
          if (!res.complete) fail(new ExchangeError('the connection closed mid-answer', 'ECONNRESET'));
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks, size).toString('utf8') });
        });
      },
    );
    const timer = setTimeout(() => {
      fail(new ExchangeError(`timeout of ${o.timeoutMs}ms exceeded`, 'ECONNABORTED'));
      req.destroy();
    }, o.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => fail(new ExchangeError(err.message, err.code)));
    req.end(o.body);
  });
}
