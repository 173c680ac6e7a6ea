/**
 * Client identity on the mutual-TLS server (checked once per connection). The TLS layer already refuses clients without a
 * certificate from a trusted root (`requestCert`, `rejectUnauthorized`); this check then requires that the
 * chain validates for the role `node` against the trust store (revocation included) and that the leaf
 * names a registered peer. Anything else answers 401 `KH_TLS_CLIENT_CERT` and nothing more.
 */
import type { TLSSocket, DetailedPeerCertificate } from 'node:tls';
import type { KeyObject } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { KhError } from '../../errors';
import type { PeerConfig } from '../config';

export interface ClientLeaf {
  subjectId: string;
  publicKey: KeyObject;
  fingerprint256?: string;
}

/** Validates a chain (base64 DER, leaf first) for the role `node`; throws on failure. */
export type NodeChainValidator = (x5c: string[]) => ClientLeaf;

export interface AuthenticatedPeer {
  peer: PeerConfig;
  leaf: ClientLeaf;
}

/** The peer's certificate chain as x5c (leaf first, self-signed root left out). */
export function peerChainX5c(socket: TLSSocket): string[] {
  const leaf = socket.getPeerCertificate(true) as DetailedPeerCertificate | undefined;
  if (!leaf || !leaf.raw) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  let cur: DetailedPeerCertificate | undefined = leaf;
  while (cur && cur.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    const selfSigned = !cur.issuerCertificate || cur.issuerCertificate.fingerprint256 === cur.fingerprint256;
    if (selfSigned && out.length > 0) break;
    out.push(cur.raw.toString('base64'));
    cur = cur.issuerCertificate;
  }
  return out;
}

export function authenticatePeer(
  socket: TLSSocket,
  validate: NodeChainValidator,
  peers: ReadonlyArray<PeerConfig>,
): AuthenticatedPeer {
  const refuse = (why: string, cause?: unknown): KhError =>
    new KhError('KH_TLS_CLIENT_CERT', `client certificate refused: ${why}`, { status: 401, cause });
  if (!socket.authorized) throw refuse('not authorized by the TLS layer');
  const x5c = peerChainX5c(socket);
  if (x5c.length === 0) throw refuse('no client certificate');
  let leaf: ClientLeaf;
  try {
    leaf = validate(x5c);
  } catch (err) {
    throw refuse('chain does not validate for the role node', err);
  }
  const peer = peers.find((p) => p.certificateSubject === leaf.subjectId);
  if (!peer) throw refuse('the certificate names no registered peer');
  return { peer, leaf };
}

/**
 * `authenticatePeer` once per TLS connection: the client certificate cannot change on an established
 * socket (TLS 1.3 has no renegotiation, and for TLS 1.2 it is disabled on the socket before the result is
 * remembered: an attempt errors the socket), so the validated peer is remembered on the socket and later requests on the same keep-alive connection skip the chain check.
 * A new connection (with whatever certificate) is checked afresh. Refusals are not cached.
 */
export function createPeerAuthenticator(
  validate: NodeChainValidator,
  peers: ReadonlyArray<PeerConfig>,
): (socket: TLSSocket) => AuthenticatedPeer {
  const bySocket = new WeakMap<TLSSocket, AuthenticatedPeer>();
  return (socket) => {
    const known = bySocket.get(socket);
    if (known) return known;
    const fresh = authenticatePeer(socket, validate, peers);
    if (typeof socket.disableRenegotiation === 'function') socket.disableRenegotiation();
    bySocket.set(socket, fresh);
    return fresh;
  };
}

/** Express middleware: sets `res.locals.peer`, `res.locals.peerId`, `res.locals.clientLeaf`. */
export function requirePeerCertificate(validate: NodeChainValidator, peers: ReadonlyArray<PeerConfig>) {
  const authenticate = createPeerAuthenticator(validate, peers);
  return (req: Request, res: Response, next: NextFunction): void => {
    try {
      const { peer, leaf } = authenticate(req.socket as TLSSocket);
      res.locals.peer = peer;
      res.locals.peerId = peer.id;
      res.locals.clientLeaf = leaf;
      next();
    } catch (err) {
      next(err);
    }
  };
}
