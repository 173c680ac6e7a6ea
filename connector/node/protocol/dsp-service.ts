/**
 * The node's Dataspace Protocol endpoints (DSP 2025-1) over the pure pieces of `connector/dsp/` (message
 * builders, schemas, state machines, callback check).
 *
 * Roles: the node whose platform publishes records is the **provider** of the dataset "battery records
 * for <peer>" (`dsp-provider.ts`); the receiving node is the **consumer** (`dsp-consumer.ts`). The consumer
 * asks the catalog, requests the offered contract, the provider agrees, the consumer verifies, the provider
 * finalizes; then the consumer requests a push transfer to its `/data/records` and the provider starts it.
 * From then on every record the provider's platform publishes is pushed under that transfer
 * (key-binding nonce = consumerPid#sequence).
 *
 * This module routes `/dsp/…` (provider endpoints) and `/dsp/callback/…` (consumer callbacks), and applies
 * every message on an existing process to its state machine. Every message received or sent is validated
 * against its DSP JSON Schema.
 */
import { KhError } from '../../errors';
import {
  DspMessageType,
  OdrlAgreement,
  assertPidsMatch,
  buildContractNegotiation,
  buildTransferProcess,
  negotiationEventOf,
  nextNegotiationState,
  nextTransferState,
  transferEventOf,
  unknownNegotiation,
  unknownTransfer,
} from '../../dsp';
import type { PeerConfig } from '../config';
import type { AuthenticatedPeer } from '../http/client-certificate';
import type { ProtocolAnswer } from './handlers';
import { createDspMessaging, member, type DspMessagingDeps } from './dsp-messaging';
import { createDspProvider, type DspProviderDeps } from './dsp-provider';
import { createDspConsumer, type NegotiatedTransfer } from './dsp-consumer';
import type { NegotiationProcess } from './process-store';

export type { DspExchangeEvent } from './dsp-messaging';
export type { OfferTerms } from './dsp-provider';

export type DspServiceDeps = DspMessagingDeps & DspProviderDeps & { waitTimeoutMs?: number };

export interface DspService {
  handle(
    peer: AuthenticatedPeer,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
  ): Promise<ProtocolAnswer>;
  /** Consumer side: negotiate an agreement with `peerId` and request the push transfer. */
  negotiate(peerId: string): Promise<NegotiatedTransfer>;
}

const TRANSFER_MESSAGES: DspMessageType[] = [
  'TransferStartMessage',
  'TransferCompletionMessage',
  'TransferSuspensionMessage',
  'TransferTerminationMessage',
];

export function createDspService(deps: DspServiceDeps): DspService {
  const io = createDspMessaging(deps);
  const provider = createDspProvider(io, deps);
  const consumer = createDspConsumer(io, {
    publicUrl: deps.publicUrl,
    store: deps.store,
    ...(deps.waitTimeoutMs === undefined ? {} : { waitTimeoutMs: deps.waitTimeoutMs }),
  });
  const store = deps.store;

  /** A message on an existing negotiation, by this node's pid; follow-ups go out after the answer. */
  async function negotiationMessage(
    role: 'provider' | 'consumer',
    peer: PeerConfig,
    pid: string,
    body: unknown,
    expected: DspMessageType[],
  ): Promise<ProtocolAnswer> {
    const m = io.received(body, expected);
    const n = await store.getNegotiation(role, pid);
    if (!n || n.peerId !== peer.id) throw unknownNegotiation(pid);
    if (role === 'consumer' && n.providerPid === '') n.providerPid = member(m, 'providerPid');
    assertPidsMatch(n, { providerPid: member(m, 'providerPid'), consumerPid: member(m, 'consumerPid') });
    const event = negotiationEventOf(m);
    const state = nextNegotiationState({
      role,
      direction: 'receive',
      current: n.state,
      event,
      providerPid: n.providerPid,
      consumerPid: n.consumerPid,
    });
    const updated: NegotiationProcess = { ...n, state, updatedAt: io.stamp() };
    if (event === 'AGREE') {
      const agreement = m.agreement as OdrlAgreement;
      if (agreement.assignee !== deps.nodeId || agreement.assigner !== peer.id) {
        throw new KhError('KH_INPUT_INVALID', 'the agreement names other parties', {
          status: 400,
          where: '/agreement',
        });
      }
      updated.agreementId = agreement['@id'];
      await store.putAgreement({
        agreement,
        role: 'consumer',
        peerId: peer.id,
        finalized: false,
        updatedAt: io.stamp(),
      });
    }
    await store.putNegotiation(updated);
    if (event === 'AGREE') io.later('negotiation:verify', () => consumer.verify(peer, pid));
    if (event === 'VERIFY') io.later('negotiation:finalize', () => provider.finalize(peer, pid));
    return { status: 200 };
  }

  async function transferMessage(
    role: 'provider' | 'consumer',
    peer: PeerConfig,
    pid: string,
    body: unknown,
  ): Promise<ProtocolAnswer> {
    const m = io.received(body, TRANSFER_MESSAGES);
    const t = await store.getTransfer(role, pid);
    if (!t || t.peerId !== peer.id) throw unknownTransfer(pid);
    if (role === 'consumer' && t.providerPid === '') t.providerPid = member(m, 'providerPid');
    assertPidsMatch(t, { providerPid: member(m, 'providerPid'), consumerPid: member(m, 'consumerPid') });
    const state = nextTransferState({
      role,
      direction: 'receive',
      current: t.state,
      event: transferEventOf(m),
      providerPid: t.providerPid,
      consumerPid: t.consumerPid,
    });
    await store.putTransfer({ ...t, state, updatedAt: io.stamp() });
    return { status: 200 };
  }

  async function processState(
    kind: 'negotiations' | 'transfers',
    peer: PeerConfig,
    pid: string,
  ): Promise<ProtocolAnswer> {
    if (kind === 'negotiations') {
      const n =
        (await store.getNegotiation('provider', pid)) ?? (await store.getNegotiation('consumer', pid));
      if (!n || n.peerId !== peer.id) throw unknownNegotiation(pid);
      const body = buildContractNegotiation({
        providerPid: n.providerPid,
        consumerPid: n.consumerPid,
        state: n.state,
      });
      return { status: 200, body: io.outgoing(body) };
    }
    const t = (await store.getTransfer('provider', pid)) ?? (await store.getTransfer('consumer', pid));
    if (!t || t.peerId !== peer.id) throw unknownTransfer(pid);
    const body = buildTransferProcess({
      providerPid: t.providerPid,
      consumerPid: t.consumerPid,
      state: t.state,
    });
    return { status: 200, body: io.outgoing(body) };
  }

  async function handle(
    ap: AuthenticatedPeer,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
  ): Promise<ProtocolAnswer> {
    const peer = ap.peer;
    const seg = path
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
    const callback = seg[0] === 'callback';
    const [kind, pid, action, sub] = callback ? seg.slice(1) : seg;
    const role = callback ? 'consumer' : 'provider';
    const leaf = (a: string): boolean => action === a && sub === undefined;
    if (method === 'GET') {
      if ((kind === 'negotiations' || kind === 'transfers') && pid && !action)
        return processState(kind, peer, pid);
    } else if (!callback && kind === 'catalog' && pid === 'request' && !action) {
      return provider.catalog(peer, body);
    } else if (kind === 'negotiations' && pid) {
      if (!callback && pid === 'request' && !action) return provider.contractRequest(peer, body);
      if (!callback && action === 'agreement' && sub === 'verification') {
        return negotiationMessage('provider', peer, pid, body, ['ContractAgreementVerificationMessage']);
      }
      if (callback && leaf('agreement'))
        return negotiationMessage('consumer', peer, pid, body, ['ContractAgreementMessage']);
      if (callback && leaf('offers'))
        return negotiationMessage('consumer', peer, pid, body, ['ContractOfferMessage']);
      if (leaf('events'))
        return negotiationMessage(role, peer, pid, body, ['ContractNegotiationEventMessage']);
      if (leaf('termination'))
        return negotiationMessage(role, peer, pid, body, ['ContractNegotiationTerminationMessage']);
      if (leaf('request')) return negotiationMessage(role, peer, pid, body, ['ContractRequestMessage']);
    } else if (kind === 'transfers' && pid) {
      if (!callback && pid === 'request' && !action) return provider.transferRequest(peer, body);
      if (['start', 'completion', 'suspension', 'termination'].some(leaf))
        return transferMessage(role, peer, pid, body);
    }
    throw new KhError('KH_HTTP_NOT_FOUND', 'no such DSP endpoint', { status: 404, where: `/dsp${path}` });
  }

  return { handle, negotiate: (peerId) => consumer.negotiate(peerId) };
}
