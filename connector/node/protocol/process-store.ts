/**
 * Where the node keeps its DSP processes (negotiations, transfer processes) and contract agreements:
 * a small interface, with a Redis implementation (JSON values under the node's key prefix) and an
 * in-memory one for unit tests.
 */
import type {
  AgreementStore,
  NegotiationStore,
  StoredNegotiation,
  StoredTransfer,
  TransferStore,
} from '../../store/types';
import type { OdrlAgreement } from '../../dsp/messages/odrl';
import type { NegotiationState } from '../../dsp/messages/negotiation';
import type { TransferState } from '../../dsp/messages/transfer';
import type { DspRole } from '../../dsp/roles';

export interface NegotiationProcess {
  role: DspRole;
  peerId: string;
  providerPid: string;
  consumerPid: string;
  state: NegotiationState;
  target: string;
  offerId: string;
  callbackAddress?: string;
  agreementId?: string;
  updatedAt: string;
}

export interface TransferProcess {
  role: DspRole;
  peerId: string;
  providerPid: string;
  consumerPid: string;
  state: TransferState;
  agreementId: string;
  /** Consumer's data endpoint (provider side: where to push). */
  endpoint?: string;
  callbackAddress?: string;
  updatedAt: string;
}

export interface StoredAgreement {
  agreement: OdrlAgreement;
  /** The role this node plays in it: provider = this node sends records under it. */
  role: DspRole;
  peerId: string;
  /** Read: true once its negotiation is FINALIZED (derived; ignored when written). */
  finalized: boolean;
  updatedAt: string;
}

export interface ProcessStore {
  putNegotiation(n: NegotiationProcess): Promise<void>;
  /** By this node's own pid (providerPid when provider, consumerPid when consumer). */
  getNegotiation(role: DspRole, ownPid: string): Promise<NegotiationProcess | undefined>;
  listNegotiations(): Promise<NegotiationProcess[]>;
  putTransfer(t: TransferProcess): Promise<void>;
  getTransfer(role: DspRole, ownPid: string): Promise<TransferProcess | undefined>;
  listTransfers(): Promise<TransferProcess[]>;
  putAgreement(a: StoredAgreement): Promise<void>;
  getAgreement(id: string): Promise<StoredAgreement | undefined>;
  listAgreements(): Promise<StoredAgreement[]>;
}

const ownPid = (p: { role: DspRole; providerPid: string; consumerPid: string }): string =>
  p.role === 'provider' ? p.providerPid : p.consumerPid;

/**
 * The process store over the shared stores of `connector/store/` (Redis): negotiations and transfers keyed
 * by this node's pid with compare-and-set transitions; agreements stored once, "finalized" when their
 * negotiation is.
 */
export function createSharedProcessStore(stores: {
  negotiations: NegotiationStore;
  transfers: TransferStore;
  agreements: AgreementStore;
}): ProcessStore {
  const toNeg = (s: StoredNegotiation): NegotiationProcess => ({
    role: s.role,
    peerId: s.peerId,
    providerPid: s.providerPid ?? '',
    consumerPid: s.consumerPid ?? '',
    state: s.state,
    target: s.datasetId ?? '',
    offerId: s.offerId ?? '',
    ...(s.callbackAddress ? { callbackAddress: s.callbackAddress } : {}),
    ...(s.agreementId ? { agreementId: s.agreementId } : {}),
    updatedAt: s.updatedAt,
  });
  const fromNeg = (n: NegotiationProcess, createdAt: string): StoredNegotiation => ({
    localPid: ownPid(n),
    role: n.role,
    peerId: n.peerId,
    providerPid: n.providerPid,
    consumerPid: n.consumerPid,
    state: n.state,
    ...(n.callbackAddress ? { callbackAddress: n.callbackAddress } : {}),
    datasetId: n.target,
    offerId: n.offerId,
    ...(n.agreementId ? { agreementId: n.agreementId } : {}),
    createdAt,
    updatedAt: n.updatedAt,
  });
  const toTp = (s: StoredTransfer & { endpoint?: string }): TransferProcess => ({
    role: s.role,
    peerId: s.peerId,
    providerPid: s.providerPid ?? '',
    consumerPid: s.consumerPid ?? '',
    state: s.state,
    agreementId: s.agreementId,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    ...(s.callbackAddress ? { callbackAddress: s.callbackAddress } : {}),
    updatedAt: s.updatedAt,
  });
  const fromTp = (t: TransferProcess, createdAt: string): StoredTransfer & { endpoint?: string } => ({
    localPid: ownPid(t),
    role: t.role,
    peerId: t.peerId,
    providerPid: t.providerPid,
    consumerPid: t.consumerPid,
    state: t.state,
    agreementId: t.agreementId,
    ...(t.endpoint ? { endpoint: t.endpoint } : {}),
    ...(t.callbackAddress ? { callbackAddress: t.callbackAddress } : {}),
    createdAt,
    updatedAt: t.updatedAt,
  });
  const finalized = async (agreementId: string): Promise<boolean> =>
    (await stores.negotiations.list()).some((n) => n.agreementId === agreementId && n.state === 'FINALIZED');
  return {
    putNegotiation: async (n) => {
      const cur = await stores.negotiations.get(ownPid(n));
      if (!cur) await stores.negotiations.create(fromNeg(n, n.updatedAt));
      else await stores.negotiations.transition(cur.localPid, cur.state, n.state, fromNeg(n, cur.createdAt));
    },
    getNegotiation: async (role, pid) => {
      const s = await stores.negotiations.get(pid);
      return s && s.role === role ? toNeg(s) : undefined;
    },
    listNegotiations: async () => (await stores.negotiations.list()).map(toNeg),
    putTransfer: async (t) => {
      const cur = await stores.transfers.get(ownPid(t));
      if (!cur) await stores.transfers.create(fromTp(t, t.updatedAt));
      else await stores.transfers.transition(cur.localPid, cur.state, t.state, fromTp(t, cur.createdAt));
    },
    getTransfer: async (role, pid) => {
      const s = await stores.transfers.get(pid);
      return s && s.role === role ? toTp(s) : undefined;
    },
    listTransfers: async () => (await stores.transfers.list()).map(toTp),
    putAgreement: async (a) => {
      await stores.agreements.put({
        agreementId: a.agreement['@id'],
        peerId: a.peerId,
        role: a.role,
        providerPid: '',
        consumerPid: '',
        target: a.agreement.target,
        policy: a.agreement as unknown as Record<string, unknown>,
        createdAt: a.updatedAt,
      });
    },
    getAgreement: async (id) => {
      const s = await stores.agreements.get(id);
      if (!s) return undefined;
      return {
        agreement: s.policy as unknown as OdrlAgreement,
        role: s.role,
        peerId: s.peerId,
        finalized: await finalized(id),
        updatedAt: s.createdAt,
      };
    },
    listAgreements: async () => {
      const all = await stores.negotiations.list();
      const out: StoredAgreement[] = [];
      for (const n of all) {
        if (!n.agreementId) continue;
        const a = await stores.agreements.get(n.agreementId);
        if (a) {
          out.push({
            agreement: a.policy as unknown as OdrlAgreement,
            role: a.role,
            peerId: a.peerId,
            finalized: n.state === 'FINALIZED',
            updatedAt: n.updatedAt,
          });
        }
      }
      return out;
    },
  };
}
