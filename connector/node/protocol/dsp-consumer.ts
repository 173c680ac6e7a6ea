/**
 * The consumer side of DSP: this node asks a peer's catalog, requests the offered contract, verifies the
 * agreement the provider sends, and once the provider finalizes requests the standing push transfer to its
 * own `/data/records`. Callbacks come to `<publicUrl>/dsp/callback/…`.
 */
import { KhError } from '../../errors';
import {
  BATTERY_RECORDS_FORMAT,
  OdrlOffer,
  buildAgreementVerification,
  buildCatalogRequest,
  buildContractRequest,
  buildDataAddress,
  buildTransferRequest,
  nextNegotiationState,
  nextTransferState,
  toMessageOffer,
  unknownNegotiation,
} from '../../dsp';
import type { PeerConfig } from '../config';
import { newPid, type DspMessaging } from './dsp-messaging';
import type { ProcessStore } from './process-store';

export interface DspConsumerDeps {
  publicUrl: string;
  store: ProcessStore;
  waitTimeoutMs?: number;
}

export interface NegotiatedTransfer {
  agreementId: string;
  consumerPid: string;
  providerPid: string;
}

export interface DspConsumer {
  /** Negotiate an agreement with `peerId` and request the push transfer; resolves once it has started. */
  negotiate(peerId: string): Promise<NegotiatedTransfer>;
  /** After the provider's agreement arrived: verify it (follow-up). */
  verify(peer: PeerConfig, consumerPid: string): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createDspConsumer(io: DspMessaging, deps: DspConsumerDeps): DspConsumer {
  async function waitFor<T>(
    what: string,
    read: () => Promise<T | undefined>,
    ok: (v: T) => boolean,
  ): Promise<T> {
    const deadline = Date.now() + (deps.waitTimeoutMs ?? 20000);
    for (;;) {
      const v = await read();
      if (v !== undefined && ok(v)) return v;
      if (Date.now() > deadline) {
        throw new KhError('KH_PEER_UNAVAILABLE', `the peer did not complete the ${what} in time`, {
          status: 504,
        });
      }
      await sleep(25);
    }
  }

  async function verify(peer: PeerConfig, consumerPid: string): Promise<void> {
    const cur = await deps.store.getNegotiation('consumer', consumerPid);
    if (!cur) throw unknownNegotiation(consumerPid);
    const next = nextNegotiationState({
      role: 'consumer',
      direction: 'send',
      current: cur.state,
      event: 'VERIFY',
    });
    await deps.store.putNegotiation({ ...cur, state: next, updatedAt: io.stamp() });
    await io.send(
      peer,
      `${peer.baseUrl}/dsp/negotiations/${encodeURIComponent(cur.providerPid)}/agreement/verification`,
      buildAgreementVerification({ providerPid: cur.providerPid, consumerPid: cur.consumerPid }),
    );
  }

  async function negotiate(peerId: string): Promise<NegotiatedTransfer> {
    const peer = io.peerById(peerId);
    const callback = `${deps.publicUrl}/dsp/callback`;
    const cat = (await io.send(peer, `${peer.baseUrl}/dsp/catalog/request`, buildCatalogRequest(), [
      'Catalog',
    ])) as {
      dataset?: { '@id': string; hasPolicy?: OdrlOffer[] }[];
    };
    const dataset = (cat.dataset ?? [])[0];
    const offer = dataset?.hasPolicy?.[0];
    if (!dataset || !offer) {
      throw new KhError('KH_PEER_REJECTED', 'the peer catalog offers no battery records dataset', {
        status: 502,
      });
    }
    const consumerPid = newPid();
    await deps.store.putNegotiation({
      role: 'consumer',
      peerId,
      providerPid: '',
      consumerPid,
      state: nextNegotiationState({ role: 'consumer', direction: 'send', current: null, event: 'REQUEST' }),
      target: dataset['@id'],
      offerId: offer['@id'],
      updatedAt: io.stamp(),
    });
    const request = buildContractRequest({
      consumerPid,
      offer: toMessageOffer(offer, dataset['@id']),
      callbackAddress: callback,
    });
    // The provider's pid comes with its answer and again with its agreement; the callback adopts it.
    await io.send(peer, `${peer.baseUrl}/dsp/negotiations/request`, request, ['ContractNegotiation']);
    const done = await waitFor(
      'negotiation',
      () => deps.store.getNegotiation('consumer', consumerPid),
      (n) => n.state === 'FINALIZED' || n.state === 'TERMINATED',
    );
    if (done.state !== 'FINALIZED' || !done.agreementId) {
      throw new KhError('KH_PEER_REJECTED', 'the peer terminated the negotiation', { status: 502 });
    }
    const transferPid = newPid();
    const endpoint = `${deps.publicUrl}/data/records`;
    await deps.store.putTransfer({
      role: 'consumer',
      peerId,
      providerPid: '',
      consumerPid: transferPid,
      state: nextTransferState({ role: 'consumer', direction: 'send', current: null, event: 'REQUEST' }),
      agreementId: done.agreementId,
      endpoint,
      updatedAt: io.stamp(),
    });
    const transferRequest = buildTransferRequest({
      consumerPid: transferPid,
      agreementId: done.agreementId,
      format: BATTERY_RECORDS_FORMAT,
      callbackAddress: callback,
      dataAddress: buildDataAddress(endpoint),
    });
    await io.send(peer, `${peer.baseUrl}/dsp/transfers/request`, transferRequest, ['TransferProcess']);
    const started = await waitFor(
      'transfer start',
      () => deps.store.getTransfer('consumer', transferPid),
      (t) => t.state === 'STARTED',
    );
    return { agreementId: done.agreementId, consumerPid: transferPid, providerPid: started.providerPid };
  }

  return { negotiate, verify };
}
