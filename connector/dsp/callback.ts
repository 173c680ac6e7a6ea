/**
 * Callback addresses in DSP messages (`callbackAddress`) are only ever honoured when they point at the
 * registered peer: the same scheme, host and port as the peer's registered base URL, and a path equal to
 * the base path or under it (segment-wise, after dot-segment normalisation). Anything else would let a
 * message steer this node's requests (and records) to an arbitrary host.
 */
import { KhError } from '../errors';

export interface RegisteredPeer {
  id: string;
  /** The peer's DSP base URL, e.g. `https://cx-node.example:8443/dsp`. */
  baseUrl: string;
}

/** Anything that looks peers up by id (a `Map<string, RegisteredPeer>` fits). */
export interface PeerRegistry {
  get(peerId: string): RegisteredPeer | undefined;
}

function refuse(message: string, peerId: string): KhError {
  return new KhError('KH_DSP_CALLBACK_NOT_ALLOWED', message, {
    status: 400,
    where: '/callbackAddress',
    details: { peerId },
  });
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function trimSlash(p: string): string {
  return p.endsWith('/') ? p.slice(0, -1) : p;
}

/**
 * The normalised callback URL to use for `peerId`, or `KH_DSP_UNKNOWN_PEER` (404) /
 * `KH_DSP_CALLBACK_NOT_ALLOWED` (400). An absent callback address resolves to the peer's base URL.
 */
export function resolveCallback(registry: PeerRegistry, peerId: string, callbackAddress?: string): string {
  const peer = registry.get(peerId);
  if (!peer) {
    throw new KhError('KH_DSP_UNKNOWN_PEER', 'the peer is not registered', {
      status: 404,
      details: { peerId },
    });
  }
  const base = parse(peer.baseUrl);
  if (!base) throw refuse('the registered peer base URL is not a URL', peerId);
  if (callbackAddress === undefined) return base.href;
  const cb = parse(callbackAddress);
  if (!cb) throw refuse('the callback address is not an absolute URL', peerId);
  if (cb.username !== '' || cb.password !== '')
    throw refuse('the callback address carries credentials', peerId);
  if (cb.search !== '' || cb.hash !== '')
    throw refuse('the callback address carries a query or fragment', peerId);
  if (cb.protocol !== base.protocol || cb.host !== base.host) {
    throw refuse('the callback address is not on the registered peer host', peerId);
  }
  const basePath = trimSlash(base.pathname);
  const cbPath = trimSlash(cb.pathname);
  if (cbPath !== basePath && !cbPath.startsWith(`${basePath}/`)) {
    throw refuse('the callback address is not under the registered peer base URL', peerId);
  }
  return cb.href;
}
