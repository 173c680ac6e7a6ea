/**
 * A real faulty network path on loopback, placed in front of the receiving node's protocol port:
 *
 * - `pass`  — bytes are piped both ways unchanged (TLS stays end to end: mutual TLS is the nodes' own);
 * - `slow`  — every chunk the node answers is held back `delayMs` before it reaches the client;
 * - `fail`  — new connections are answered by the proxy itself, terminating TLS with the receiving node's
 *             own identity, with `503 Service Unavailable` for every request;
 * - `down`  — connections are accepted and reset at once.
 *
 * Switching mode closes the connections opened under the previous one, so kept-alive connections cannot
 * carry the old behaviour across the switch.
 */
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'slow' | 'fail' | 'down';

export interface FaultProxyOptions {
  port: number;
  upstreamPort: number;
  /** TLS identity used in `fail` mode (the receiving node's certificate chain and key, PEM). */
  tls: { cert: string; key: string };
  delayMs?: number;
}

export interface FaultProxy {
  port: number;
  mode(): ProxyMode;
  setMode(mode: ProxyMode): void;
  /** Connections refused or answered 503 by the proxy so far. */
  faults(): number;
  close(): Promise<void>;
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  let mode: ProxyMode = 'pass';
  let faults = 0;
  const open = new Set<net.Socket>();
  const failing = https.createServer(
    { cert: opts.tls.cert, key: opts.tls.key, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      faults += 1;
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json', connection: 'close' });
      res.end(
        JSON.stringify({ code: 'KH_PEER_UNAVAILABLE', message: 'drill: the peer answers 503 for a while' }),
      );
    },
  );
  failing.on('tlsClientError', () => undefined);

  const pipe = (client: net.Socket, delayMs: number): void => {
    const upstream = net.connect(opts.upstreamPort, '127.0.0.1');
    open.add(upstream);
    upstream.on('close', () => open.delete(upstream));
    // Held-back chunks still reach the client after the node has closed its side.
    let chain = Promise.resolve();
    const end = (): void => {
      void chain.then(() => client.destroy());
      upstream.destroy();
    };
    client.on('error', () => {
      client.destroy();
      upstream.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('error', end);
    upstream.on('close', end);
    client.pipe(upstream);
    if (delayMs <= 0) {
      upstream.pipe(client);
      return;
    }
    upstream.on('data', (chunk: Buffer) => {
      chain = chain.then(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              if (!client.destroyed) client.write(chunk);
              resolve();
            }, delayMs),
          ),
      );
    });
    upstream.on('end', () => {
      void chain.then(() => client.end());
    });
  };

  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    if (mode === 'down') {
      faults += 1;
      client.destroy();
    } else if (mode === 'fail') {
      failing.emit('connection', client);
    } else {
      pipe(client, mode === 'slow' ? (opts.delayMs ?? 1500) : 0);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    mode: () => mode,
    setMode: (m) => {
      if (m === mode) return;
      mode = m;
      for (const s of open) s.destroy();
      open.clear();
    },
    faults: () => faults,
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      failing.close();
    },
  };
}
