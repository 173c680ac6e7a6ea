/** Raw HTTP(S) requests for the corpus: exact bytes and headers, an optional TLS client identity. */
import http from 'node:http';
import https from 'node:https';

export interface RawRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  tls?: { cert?: string; key?: string; ca: string };
  timeoutMs?: number;
}

export type RawResponse = { status: number; text: string; json?: Record<string, unknown> } | { status: null; error: string };

export function send(req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve) => {
    const u = new URL(req.url);
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length' || h.toLowerCase() === 'transfer-encoding')) {
      headers['content-length'] = String(req.body.length);
    }
    const opts: https.RequestOptions = {
      method: req.method,
      hostname: u.hostname,
      port: u.port,
      path: `${u.pathname}${u.search}`,
      headers,
      agent: false,
      ...(req.tls ? { ca: req.tls.ca, cert: req.tls.cert, key: req.tls.key, rejectUnauthorized: true, checkServerIdentity: () => undefined } : {}),
    };
    const r = (u.protocol === 'https:' ? https : http).request(opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> | undefined;
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, ...(json ? { json } : {}) });
      });
      res.on('error', (e) => resolve({ status: null, error: e.message }));
    });
    r.setTimeout(req.timeoutMs ?? 20000, () => r.destroy(new Error('timeout')));
    r.on('error', (e) => resolve({ status: null, error: e.message }));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}
