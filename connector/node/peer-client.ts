/**
 * HTTPS client towards peer nodes: presents this node's certificate (mutual TLS), trusts only the
 * configured roots, and checks that the server's certificate validates for the role `node` and names the
 * peer it is supposed to be. Answers are typed: a refused request becomes `KH_PEER_REJECTED` carrying the
 * peer's error code, an unreachable peer `KH_PEER_UNAVAILABLE`.
 */
import https from 'node:https';
import type { PeerCertificate } from 'node:tls';
import axios, { AxiosError, AxiosInstance } from 'axios';
import { KhError } from '../errors';
import type { PeerConfig } from './config';
import type { ClientLeaf } from './http/client-certificate';

export interface PeerClient {
  post<T = unknown>(peer: PeerConfig, path: string, body: unknown): Promise<T>;
  get<T = unknown>(peer: PeerConfig, path: string): Promise<T>;
  /** True when the peer answers on TLS at all (any HTTP status). */
  reachable(peer: PeerConfig): Promise<boolean>;
}

export interface PeerClientOptions {
  certificatePem: string;
  chainPem: string[];
  privateKeyPem: string;
  rootsPem: string[];
  timeoutMs: number;
  /** Validates a chain (base64 DER, leaf first) for the role node. */
  validateNodeChain: (x5c: string[]) => ClientLeaf;
}

function serverChainX5c(cert: PeerCertificate): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let cur = cert as PeerCertificate & { issuerCertificate?: PeerCertificate };
  while (cur && cur.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    const issuer = (cur as { issuerCertificate?: PeerCertificate }).issuerCertificate;
    if (out.length > 0 && (!issuer || issuer.fingerprint256 === cur.fingerprint256)) break;
    out.push(cur.raw.toString('base64'));
    if (!issuer) break;
    cur = issuer as PeerCertificate & { issuerCertificate?: PeerCertificate };
  }
  return out;
}

export function mapPeerError(err: unknown): KhError {
  if (err instanceof KhError) return err;
  const ax = err as AxiosError<{ code?: string; message?: string; where?: string }>;
  if (ax.response) {
    const body = ax.response.data ?? {};
    const st = ax.response.status;
    // A refusal (4xx other than 408/425/429) will not heal by retrying: the delivery queue dead-letters it at once.
    const permanent = st >= 400 && st < 500 && ![408, 425, 429].includes(st);
    return new KhError('KH_PEER_REJECTED', `the peer refused: ${body.code ?? st}`, {
      status: 502,
      details: {
        permanent,
        peerCode: body.code,
        peerStatus: st,
        ...(body.where ? { peerWhere: body.where } : {}),
      },
    });
  }
  return new KhError('KH_PEER_UNAVAILABLE', 'the peer node did not answer', {
    status: 503,
    details: { reason: ax.code ?? 'unknown' },
  });
}

export function createPeerClient(opts: PeerClientOptions): PeerClient {
  const clients = new Map<string, AxiosInstance>();
  const clientFor = (peer: PeerConfig): AxiosInstance => {
    let c = clients.get(peer.id);
    if (!c) {
      const agent = new https.Agent({
        cert: [opts.certificatePem, ...opts.chainPem].join('\n'),
        key: opts.privateKeyPem,
        ca: opts.rootsPem,
        keepAlive: true,
        checkServerIdentity: (_host, cert) => {
          try {
            const leaf = opts.validateNodeChain(serverChainX5c(cert));
            if (leaf.subjectId !== peer.certificateSubject) {
              return new Error('the server certificate names another node');
            }
            return undefined;
          } catch {
            return new Error('the server certificate does not validate for the role node');
          }
        },
      });
      c = axios.create({
        baseURL: peer.baseUrl,
        httpsAgent: agent,
        timeout: opts.timeoutMs,
        proxy: false,
        headers: { 'content-type': 'application/json' },
        maxBodyLength: Infinity,
      });
      clients.set(peer.id, c);
    }
    return c;
  };
  return {
    post: async <T>(peer: PeerConfig, path: string, body: unknown): Promise<T> => {
      try {
        return (await clientFor(peer).post<T>(path, body)).data;
      } catch (err) {
        throw mapPeerError(err);
      }
    },
    get: async <T>(peer: PeerConfig, path: string): Promise<T> => {
      try {
        return (await clientFor(peer).get<T>(path)).data;
      } catch (err) {
        throw mapPeerError(err);
      }
    },
    reachable: async (peer) => {
      try {
        await clientFor(peer).get('/dsp/health-probe', { validateStatus: () => true });
        return true;
      } catch {
        return false;
      }
    },
  };
}
