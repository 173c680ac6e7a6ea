/**
 * The node's listeners: the management API on plain HTTP (meant for loopback) and the protocol API on
 * HTTPS with mutual TLS — `requestCert` and `rejectUnauthorized` against the trusted roots, so a client
 * without a certificate from a trusted CA never reaches express; the per-request peer check follows there.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { RequestListener } from 'node:http';
import type { Logger } from '../logger';

export interface NodeServers {
  managementPort: number;
  protocolPort: number;
  close(): Promise<void>;
}

const listen = (srv: http.Server, host: string, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(port, host, () => resolve((srv.address() as AddressInfo).port));
  });

const close = (srv: http.Server): Promise<void> =>
  new Promise<void>((resolve) => {
    srv.close(() => resolve());
    srv.closeAllConnections();
  });

export async function startServers(opts: {
  management: { app: RequestListener; host: string; port: number };
  protocol: { app: RequestListener; host: string; port: number };
  tls: { keyPem: string; certificatePem: string; chainPem: string[]; rootsPem: string[] };
  logger: Logger;
  /** A refused TLS handshake on the protocol listener (default: logged only). */
  onHandshakeRefused?: (err: Error, remoteAddress: string | undefined) => void;
}): Promise<NodeServers> {
  const mgmt = http.createServer(opts.management.app);
  const proto = https.createServer(
    {
      key: opts.tls.keyPem,
      cert: [opts.tls.certificatePem, ...opts.tls.chainPem].join('\n'),
      ca: opts.tls.rootsPem,
      requestCert: true,
      rejectUnauthorized: true,
    },
    opts.protocol.app,
  );
  // The client identity is checked once per connection: it must not change under it (TLS 1.2 renegotiation).
  proto.on('secureConnection', (socket: TLSSocket) => socket.disableRenegotiation());
  proto.on('tlsClientError', (err: Error, socket: TLSSocket) => {
    if (opts.onHandshakeRefused) opts.onHandshakeRefused(err, socket.remoteAddress);
    else opts.logger.info({ code: 'KH_TLS_CLIENT_CERT', reason: err.message }, 'TLS handshake refused');
  });
  const managementPort = await listen(mgmt, opts.management.host, opts.management.port);
  let protocolPort: number;
  try {
    protocolPort = await listen(proto, opts.protocol.host, opts.protocol.port);
  } catch (err) {
    await close(mgmt);
    throw err;
  }
  return {
    managementPort,
    protocolPort,
    close: async () => void (await Promise.all([close(mgmt), close(proto)])),
  };
}
