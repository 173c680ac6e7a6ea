import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createPlatformPki, type IssuedIdentity, type PlatformPki } from '../../certs/pki';
import { startFaultProxy, type FaultProxy } from '../../connector/drills/fault-proxy';
import { freePort } from '../../connector/drills/ports';

function get(
  port: number,
  pki: PlatformPki,
  client: IssuedIdentity,
): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        path: '/x',
        method: 'GET',
        ca: pki.rootCertificatePem,
        cert: [client.certificatePem, ...client.chainPem].join('\n'),
        key: client.privateKeyPem,
        agent: false,
        checkServerIdentity: () => undefined,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', (e) => resolve({ error: e.message }));
    req.end();
  });
}

describe('fault proxy (real TLS on loopback)', () => {
  let pki: PlatformPki;
  let server: https.Server;
  let proxy: FaultProxy;
  let client: IssuedIdentity;
  beforeAll(async () => {
    pki = createPlatformPki({ platform: 'ouranos', keyBits: 2048 });
    const node = pki.issue('node', 'ou-node-1');
    client = pki.issue('node', 'cx-node-1');
    server = https.createServer(
      {
        key: node.privateKeyPem,
        cert: [node.certificatePem, ...node.chainPem].join('\n'),
        ca: pki.rootCertificatePem,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"from":"upstream"}');
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    proxy = await startFaultProxy({
      port: await freePort(),
      upstreamPort: (server.address() as AddressInfo).port,
      tls: { cert: node.certificatePem, key: node.privateKeyPem },
      delayMs: 50,
    });
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('passes requests through unchanged, mutual TLS end to end', async () => {
    proxy.setMode('pass');
    expect(await get(proxy.port, pki, client)).toEqual({ status: 200, body: '{"from":"upstream"}' });
  });

  it('answers 503 itself in fail mode, then passes again', async () => {
    proxy.setMode('fail');
    const r = await get(proxy.port, pki, client);
    expect(r).toMatchObject({ status: 503 });
    expect(JSON.parse((r as { body: string }).body).code).toBe('KH_PEER_UNAVAILABLE');
    proxy.setMode('pass');
    expect(await get(proxy.port, pki, client)).toMatchObject({ status: 200 });
  });

  it('resets connections in down mode', async () => {
    proxy.setMode('down');
    expect(await get(proxy.port, pki, client)).toHaveProperty('error');
    expect(proxy.faults()).toBeGreaterThan(0);
    proxy.setMode('pass');
  });

  it('still delivers the answer in slow mode', async () => {
    proxy.setMode('slow');
    expect(await get(proxy.port, pki, client)).toEqual({ status: 200, body: '{"from":"upstream"}' });
    proxy.setMode('pass');
  });
});
