/**
 * What every DSP step of the node shares: schema validation of each message received or sent (and its
 * report to `onExchange`), sending to a callback address checked against the peer's registered base URL,
 * follow-up steps run after the answer, and small id helpers.
 */
import { randomUUID } from 'node:crypto';
import { KhError } from '../../errors';
import { DspMessageType, resolveCallback, validateDspMessageAuto } from '../../dsp';
import type { PeerConfig } from '../config';
import type { PeerClient } from '../peer-client';
import { assertClosedShape, assertKnownContexts, assertWithinLimits, validateDspType } from './message-guard';

export interface DspExchangeEvent {
  direction: 'sent' | 'received';
  type: DspMessageType;
  message: Record<string, unknown>;
}

export interface DspMessagingDeps {
  peers: ReadonlyArray<PeerConfig>;
  peerClient: PeerClient;
  /** Failures of asynchronous follow-up steps (already typed). */
  onAsyncError(step: string, err: unknown): void;
  /** Every DSP message sent or received (validated), for audit and tests. */
  onExchange?(e: DspExchangeEvent): void;
  now?: () => Date;
}

export interface DspMessaging {
  /**
   * Validate an incoming message (one of `expected`): size limits, its DSP schema, offline contexts only,
   * closed top-level shape (`message-guard.ts`); throws KH_DSP_SCHEMA_INVALID / _UNKNOWN_MESSAGE_TYPE.
   */
  received(body: unknown, expected: DspMessageType[]): Record<string, unknown>;
  /** Validate an outgoing message before it leaves. */
  outgoing(message: object): Record<string, unknown>;
  /** POST to an absolute URL under the peer's base URL; validate the answer when one is expected. */
  send(
    peer: PeerConfig,
    url: string,
    message: object,
    expect?: DspMessageType[],
  ): Promise<Record<string, unknown> | undefined>;
  /** Resolve a callback address against the peer registry (KH_DSP_CALLBACK_NOT_ALLOWED otherwise). */
  callback(peer: PeerConfig, url: string): string;
  /** Run a follow-up step after the current answer; failures go to `onAsyncError`. */
  later(step: string, fn: () => Promise<void>): void;
  peerById(id: string): PeerConfig;
  stamp(): string;
}

export const newPid = (): string => `urn:uuid:${randomUUID()}`;

/** A string member of a validated message ('' when absent). */
export const member = (m: Record<string, unknown>, k: string): string =>
  typeof m[k] === 'string' ? (m[k] as string) : '';

export function createDspMessaging(deps: DspMessagingDeps): DspMessaging {
  const now = deps.now ?? (() => new Date());
  const registry = { get: (id: string) => deps.peers.find((p) => p.id === id) };
  const received: DspMessaging['received'] = (body, expected) => {
    // The type first (it reads one member), then the size before anything walks the message, then the
    // published schema, then what the schema leaves open.
    validateDspType(body, expected);
    assertWithinLimits(body);
    const { type, message } = validateDspMessageAuto(body, expected);
    assertKnownContexts(message);
    assertClosedShape(type, message);
    deps.onExchange?.({ direction: 'received', type, message });
    return message;
  };
  const outgoing: DspMessaging['outgoing'] = (message) => {
    const { type, message: m } = validateDspMessageAuto(message);
    deps.onExchange?.({ direction: 'sent', type, message: m });
    return m;
  };
  return {
    received,
    outgoing,
    send: async (peer, url, message, expect) => {
      const target = resolveCallback(registry, peer.id, url);
      const path = target.slice(new URL(peer.baseUrl).origin.length);
      const answer = await deps.peerClient.post<unknown>(peer, path, outgoing(message));
      return expect ? received(answer, expect) : undefined;
    },
    callback: (peer, url) => resolveCallback(registry, peer.id, url),
    later: (step, fn) => {
      setImmediate(() => {
        fn().catch((err) => deps.onAsyncError(step, err));
      });
    },
    peerById: (id) => {
      const p = registry.get(id);
      if (!p) {
        throw new KhError('KH_NODE_UNKNOWN_PEER', 'no such peer in the configuration', {
          status: 404,
          where: '/peerId',
        });
      }
      return p;
    },
    stamp: () => now().toISOString(),
  };
}
