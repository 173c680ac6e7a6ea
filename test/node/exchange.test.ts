/**
 * The node clients' single HTTP exchange against a real loopback server: any HTTP answer resolves, no
 * answer rejects with a code (size limit, deadline, a connection closed mid-answer, a refused connection).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exchange, ExchangeError } from '../../connector/node/http/exchange';
import { freePort } from '../helpers/redis';

describe('exchange', () => {
  const agent = new http.Agent({ keepAlive: true });
  let server: http.Server;
  let url: URL;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/echo') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ method: req.method, body: Buffer.concat(chunks).toString('utf8') }));
        });
      } else if (req.url === '/big') {
        res.end('x'.repeat(4096));
      } else if (req.url === '/cut') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 1000);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const call = (path: string, over: Partial<Parameters<typeof exchange>[0]> = {}) =>
    exchange({
      url,
      method: 'GET',
      path,
      headers: {},
      agent,
      timeoutMs: 500,
      maxResponseBytes: 1024,
      ...over,
    });
  const codeOf = async (p: Promise<unknown>) => {
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    return (err as ExchangeError).code;
  };

  test('any HTTP answer resolves with its status and text; a body is sent as given', async () => {
    const body = Buffer.from('{"a":1}');
    const r = await call('/echo', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'content-length': body.length },
    });
    expect(r.status).toBe(404);
    expect(JSON.parse(r.text)).toEqual({ method: 'POST', body: '{"a":1}' });
  });

  test('no answer rejects with a code', async () => {
    expect(await codeOf(call('/big'))).toBe('ERR_RESPONSE_TOO_LARGE');
    expect(await codeOf(call('/cut'))).toBe('ECONNRESET');
    expect(await codeOf(call('/slow'))).toBe('ECONNABORTED');
    const closed = new URL(`http://127.0.0.1:${await freePort()}`);
    expect(await codeOf(call('/echo', { url: closed }))).toBe('ECONNREFUSED');
  });
});
