/**
 * The provider side of DSP: this node offers the dataset "battery records for <peer>" under the peer's
 * disclosure policy. It answers the catalog, agrees to a contract request for exactly that offer,
 * finalizes after the consumer's verification, and starts the push transfer the consumer requests.
 * Follow-up messages (agreement, finalization, transfer start) go out after the answer.
 */
import { createHash } from 'node:crypto';
import { KhError } from '../../errors';
import {
  BATTERY_RECORDS_FORMAT,
  OdrlMessageOffer,
  OdrlOffer,
  agreementFromOffer,
  buildBatteryRecordsDataset,
  buildBatteryRecordsOffer,
  buildCatalog,
  buildContractAgreement,
  buildContractNegotiation,
  buildNegotiationEvent,
  buildTransferProcess,
  buildTransferStart,
  nextNegotiationState,
  nextTransferState,
  unknownNegotiation,
} from '../../dsp';
import type { PeerConfig } from '../config';
import type { ProtocolAnswer } from './handlers';
import { member, newPid, type DspMessaging } from './dsp-messaging';
import type { NegotiationProcess, ProcessStore, TransferProcess } from './process-store';

export interface OfferTerms {
  policyId: string;
  disclosedTerms: string[];
  withheldTerms: string[];
}

export interface DspProviderDeps {
  nodeId: string;
  platformLabel: string;
  publicUrl: string;
  store: ProcessStore;
  offerFor(peer: PeerConfig): OfferTerms;
  /** A push transfer to the peer has started. */
  onTransferStarted(t: TransferProcess): Promise<void>;
}

export interface DspProvider {
  catalog(peer: PeerConfig, body: unknown): Promise<ProtocolAnswer>;
  contractRequest(peer: PeerConfig, body: unknown): Promise<ProtocolAnswer>;
  transferRequest(peer: PeerConfig, body: unknown): Promise<ProtocolAnswer>;
  /** After the consumer verified the agreement: finalize it (follow-up). */
  finalize(peer: PeerConfig, providerPid: string): Promise<void>;
}

const short = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);

export function createDspProvider(io: DspMessaging, deps: DspProviderDeps): DspProvider {
  const datasetId = (peer: PeerConfig): string =>
    `urn:kakehashi:dataset:${deps.nodeId}:battery-records:${peer.id}`;
  const offerOf = (peer: PeerConfig): OdrlOffer => {
    const terms = deps.offerFor(peer);
    return buildBatteryRecordsOffer({
      offerId: `urn:kakehashi:offer:${deps.nodeId}:${peer.id}:${short(JSON.stringify(terms))}`,
      disclosurePolicyId: terms.policyId,
      disclosedTerms: terms.disclosedTerms,
      withheldTerms: terms.withheldTerms,
    });
  };

  async function catalog(peer: PeerConfig, body: unknown): Promise<ProtocolAnswer> {
    io.received(body, ['CatalogRequestMessage']);
    const serviceId = `urn:kakehashi:service:${deps.nodeId}`;
    const msg = buildCatalog({
      catalogId: `urn:kakehashi:catalog:${deps.nodeId}`,
      participantId: deps.nodeId,
      service: { id: serviceId, endpointURL: `${deps.publicUrl}/dsp` },
      datasets: [
        buildBatteryRecordsDataset({
          datasetId: datasetId(peer),
          platform: deps.platformLabel,
          offer: offerOf(peer),
          serviceId,
        }),
      ],
    });
    return { status: 200, body: io.outgoing(msg) };
  }

  async function contractRequest(peer: PeerConfig, body: unknown): Promise<ProtocolAnswer> {
    const m = io.received(body, ['ContractRequestMessage']);
    if (m.providerPid !== undefined) {
      throw unknownNegotiation(member(m, 'providerPid'), { consumerPid: member(m, 'consumerPid') });
    }
    const callback = io.callback(peer, member(m, 'callbackAddress'));
    const offer = m.offer as OdrlMessageOffer;
    const ours = offerOf(peer);
    if (offer['@id'] !== ours['@id'] || offer.target !== datasetId(peer)) {
      throw new KhError(
        'KH_INPUT_INVALID',
        'the requested offer is not the one this node offers to the peer',
        {
          status: 400,
          where: '/offer/@id',
        },
      );
    }
    const providerPid = newPid();
    const consumerPid = member(m, 'consumerPid');
    const state = nextNegotiationState({
      role: 'provider',
      direction: 'receive',
      current: null,
      event: 'REQUEST',
      consumerPid,
    });
    const n: NegotiationProcess = {
      role: 'provider',
      peerId: peer.id,
      providerPid,
      consumerPid,
      state,
      target: offer.target,
      offerId: ours['@id'],
      callbackAddress: callback,
      updatedAt: io.stamp(),
    };
    await deps.store.putNegotiation(n);
    io.later('negotiation:agree', async () => {
      const agreement = agreementFromOffer(ours, {
        agreementId: newPid(),
        target: n.target,
        assigner: deps.nodeId,
        assignee: peer.id,
        timestamp: io.stamp(),
      });
      const cur = (await deps.store.getNegotiation('provider', providerPid)) ?? n;
      const next = nextNegotiationState({
        role: 'provider',
        direction: 'send',
        current: cur.state,
        event: 'AGREE',
      });
      await deps.store.putAgreement({
        agreement,
        role: 'provider',
        peerId: peer.id,
        finalized: false,
        updatedAt: io.stamp(),
      });
      await deps.store.putNegotiation({
        ...cur,
        state: next,
        agreementId: agreement['@id'],
        updatedAt: io.stamp(),
      });
      await io.send(
        peer,
        `${callback}/negotiations/${encodeURIComponent(consumerPid)}/agreement`,
        buildContractAgreement({ providerPid, consumerPid, agreement }),
      );
    });
    return { status: 201, body: io.outgoing(buildContractNegotiation({ providerPid, consumerPid, state })) };
  }

  async function finalize(peer: PeerConfig, providerPid: string): Promise<void> {
    const cur = await deps.store.getNegotiation('provider', providerPid);
    if (!cur) throw unknownNegotiation(providerPid);
    const next = nextNegotiationState({
      role: 'provider',
      direction: 'send',
      current: cur.state,
      event: 'FINALIZE',
    });
    await deps.store.putNegotiation({ ...cur, state: next, updatedAt: io.stamp() });
    await io.send(
      peer,
      `${cur.callbackAddress}/negotiations/${encodeURIComponent(cur.consumerPid)}/events`,
      buildNegotiationEvent({
        providerPid: cur.providerPid,
        consumerPid: cur.consumerPid,
        eventType: 'FINALIZED',
      }),
    );
  }

  async function transferRequest(peer: PeerConfig, body: unknown): Promise<ProtocolAnswer> {
    const m = io.received(body, ['TransferRequestMessage']);
    const callback = io.callback(peer, member(m, 'callbackAddress'));
    const agreementId = member(m, 'agreementId');
    const a = await deps.store.getAgreement(agreementId);
    if (
      !a ||
      a.role !== 'provider' ||
      !a.finalized ||
      a.peerId !== peer.id ||
      a.agreement.assignee !== peer.id
    ) {
      throw new KhError('KH_NODE_NO_AGREEMENT', 'no finalized agreement with this peer has this id', {
        status: 403,
        where: '/agreementId',
      });
    }
    if (m.format !== BATTERY_RECORDS_FORMAT) {
      throw new KhError('KH_INPUT_INVALID', `only ${BATTERY_RECORDS_FORMAT} is offered`, {
        status: 400,
        where: '/format',
      });
    }
    const endpoint = io.callback(peer, (m.dataAddress as { endpoint?: string } | undefined)?.endpoint ?? '');
    const consumerPid = member(m, 'consumerPid');
    const providerPid = newPid();
    const state = nextTransferState({
      role: 'provider',
      direction: 'receive',
      current: null,
      event: 'REQUEST',
      consumerPid,
    });
    const t: TransferProcess = {
      role: 'provider',
      peerId: peer.id,
      providerPid,
      consumerPid,
      state,
      agreementId,
      endpoint,
      callbackAddress: callback,
      updatedAt: io.stamp(),
    };
    await deps.store.putTransfer(t);
    io.later('transfer:start', async () => {
      const cur = (await deps.store.getTransfer('provider', providerPid)) ?? t;
      const next = nextTransferState({
        role: 'provider',
        direction: 'send',
        current: cur.state,
        event: 'START',
      });
      await io.send(
        peer,
        `${callback}/transfers/${encodeURIComponent(consumerPid)}/start`,
        buildTransferStart({ providerPid, consumerPid }),
      );
      const started = { ...cur, state: next, updatedAt: io.stamp() };
      await deps.store.putTransfer(started);
      await deps.onTransferStarted(started);
    });
    return { status: 201, body: io.outgoing(buildTransferProcess({ providerPid, consumerPid, state })) };
  }

  return { catalog, contractRequest, transferRequest, finalize };
}
