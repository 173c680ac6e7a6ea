/**
 * HTTPS client towards peer nodes: presents this node's certificate (mutual TLS), trusts only the
 * configured roots, and checks that the server's certificate validates for the role `node` and names the
 * peer it is supposed to be. Answers are typed: a refused request becomes `KH_PEER_REJECTED` carrying the
 * peer's error code, an unreachable peer `KH_PEER_UNAVAILABLE`.
 */
import https from 'node:https';
import type { PeerCertificate } from 'node:tls';
import { KhError } from '../errors';
import type { PeerConfig } from './config';
import type { ClientLeaf } from './http/client-certificate';
import { exchange } from './http/exchange';

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
  /** Largest answer body read from a peer (default 16 MiB); a larger one fails as KH_PEER_UNAVAILABLE. */
  maxResponseBytes?: number;
}

/**
 * A non-2xx answer of a peer, shaped like the errors `mapPeerError` reads (`response`); no answer at all is
 * an `ExchangeError` (`code`: ECONNREFUSED, ECONNABORTED on timeout, …).
 */
export class PeerHttpError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly response?: { status: number; data: unknown },
  ) {
    super(message);
    this.name = 'PeerHttpError';
  }
}

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** The answer body as JSON when it parses, else as the text (axios' lenient parsing, kept for callers). */
function parseAnswer(text: string): unknown {
  if (text.length === 0) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
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
  const ax = err as {
    code?: string;
    response?: { status: number; data?: { code?: string; message?: string; where?: string } | string };
  };
  if (ax.response) {
    const raw = ax.response.data;
    const body = (raw !== null && typeof raw === 'object' ? raw : {}) as { code?: string; where?: string };
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
  const maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const agents = new Map<string, { agent: https.Agent; url: URL }>();
  const agentFor = (peer: PeerConfig): { agent: https.Agent; url: URL } => {
    let a = agents.get(peer.id);
    if (!a) {
      // One keep-alive agent per peer: the server chain is checked once per TLS connection (handshake),
      // and the connection then carries request after request.
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
      a = { agent, url: new URL(peer.baseUrl) };
      agents.set(peer.id, a);
    }
    return a;
  };

  /** One request; resolves with any HTTP answer (status and parsed body), rejects when none came. */
  const send = async (
    peer: PeerConfig,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; data: unknown }> => {
    const { agent, url } = agentFor(peer);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    // baseUrl + path joined as before (a base path, if any, is kept).
    const target = new URL(`${url.href.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
    const answer = await exchange({
      url,
      method,
      path: `${target.pathname}${target.search}`,
      headers: {
        accept: 'application/json, text/plain, */*',
        ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
      },
      agent,
      ...(payload ? { body: payload } : {}),
      timeoutMs: opts.timeoutMs,
      maxResponseBytes,
    });
    return { status: answer.status, data: parseAnswer(answer.text) };
  };

  const call = async <T>(peer: PeerConfig, method: 'GET' | 'POST', path: string, body?: unknown) => {
    let answer: { status: number; data: unknown };
    try {
      answer = await send(peer, method, path, body);
    } catch (err) {
      throw mapPeerError(err);
    }
    if (answer.status < 200 || answer.status >= 300) {
      throw mapPeerError(new PeerHttpError(`HTTP ${answer.status}`, undefined, answer));
    }
    return answer.data as T;
  };

  return {
    post: <T>(peer: PeerConfig, path: string, body: unknown): Promise<T> => call<T>(peer, 'POST', path, body),
    get: <T>(peer: PeerConfig, path: string): Promise<T> => call<T>(peer, 'GET', path),
    reachable: async (peer) => {
      try {
        await send(peer, 'GET', '/dsp/health-probe');
        return true;
      } catch {
        return false;
      }
    },
  };
}
