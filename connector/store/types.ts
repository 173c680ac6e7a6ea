/**
 * The store interfaces the node core depends on (EDC-style SPI). Redis implementations live beside them;
 * the composition root plugs them in. Values are JSON-serialisable.
 */
import type { NegotiationState } from '../dsp/messages/negotiation';
import type { TransferState } from '../dsp/messages/transfer';
import type { RecordProvenance } from '../dsp/usage/onward-transfer';
import type { DspRole } from '../dsp/roles';

/** A record as the store keeps it: the native view for the platform and the verifiable original. */
export interface StoredRecord {
  recordId: string;
  version: string;
  /** 'own' for records published on this node's platform; 'peer' for records received from a peer. */
  provenance: RecordProvenance;
  /** The record in this platform's native JSON. */
  nativeView: unknown;
  /** The verifiable original: the SD-JWT VC (issuer-signed JWT + disclosures, compact form) as received or issued. */
  original: string;
  storedAt: string;
}

export type NewRecord = Omit<StoredRecord, 'storedAt'> & { storedAt?: string };

export interface RecordStore {
  /**
   * Store the record version if absent, atomically (native view, original and indexes all or nothing).
   * `created` is false when that record id + version was already stored (the stored one is kept).
   */
  putIfAbsent(record: NewRecord): Promise<{ created: boolean }>;
  get(recordId: string, version: string): Promise<StoredRecord | undefined>;
  /** Whether that record id + version is stored (without reading it back). */
  has(recordId: string, version: string): Promise<boolean>;
  /** The version stored last. */
  getLatest(recordId: string): Promise<StoredRecord | undefined>;
  /** Versions in the order they were stored. */
  listVersions(recordId: string): Promise<string[]>;
  /** Record ids by origin ('own' = published here, 'peer' = received). */
  listRecordIds(origin: 'own' | 'peer'): Promise<string[]>;
}

/** Common shape of a stored DSP process (negotiation or transfer). */
export interface StoredProcess<S extends string> {
  /** This node's pid for the process (providerPid when it is the provider, consumerPid otherwise). */
  localPid: string;
  role: DspRole;
  peerId: string;
  providerPid?: string;
  consumerPid?: string;
  state: S;
  /** The peer's callback address (already checked against the peer registry). */
  callbackAddress?: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredNegotiation extends StoredProcess<NegotiationState> {
  /** Dataset the negotiation is about. */
  datasetId?: string;
  offerId?: string;
  agreementId?: string;
}

export interface StoredTransfer extends StoredProcess<TransferState> {
  agreementId: string;
  format?: string;
}

export interface ProcessStore<P extends StoredProcess<string>> {
  /** Store a new process; `KH_STORE_EXISTS` when the pid is taken. */
  create(process: P): Promise<void>;
  get(localPid: string): Promise<P | undefined>;
  /**
   * Compare-and-set: apply `patch` (and `state`) only if the stored state is still `expected`, atomically.
   * `KH_STORE_NOT_FOUND` / `KH_STORE_CONFLICT` otherwise. Returns the updated process.
   */
  transition(localPid: string, expected: P['state'], next: P['state'], patch?: Partial<P>): Promise<P>;
  list(): Promise<P[]>;
}

export type NegotiationStore = ProcessStore<StoredNegotiation>;

export interface TransferStore extends ProcessStore<StoredTransfer> {
  /** Transfers under one agreement (the standing push transfer is looked up this way). */
  findByAgreement(agreementId: string): Promise<StoredTransfer[]>;
}

export interface StoredAgreement {
  agreementId: string;
  peerId: string;
  role: DspRole;
  providerPid: string;
  consumerPid: string;
  /** The dataset (ODRL target). */
  target: string;
  /** The ODRL agreement as exchanged (JSON). */
  policy: Record<string, unknown>;
  /** The disclosure policy id the agreement binds, if any. */
  disclosurePolicyId?: string;
  createdAt: string;
}

export interface AgreementStore {
  /** Store the agreement if absent; `created` false when that id already exists (the stored one is kept). */
  put(agreement: StoredAgreement): Promise<{ created: boolean }>;
  get(agreementId: string): Promise<StoredAgreement | undefined>;
  listByPeer(peerId: string): Promise<StoredAgreement[]>;
}

/** A withheld term, by name (vocabulary IRI or term), with how many values were withheld. Never the value. */
export interface WithheldTerm {
  term: string;
  count: number;
}

export type AuditOutcome = 'ok' | 'refused' | 'failed' | 'retrying' | 'dead-lettered';

export interface AuditEntryInput {
  /** ISO 8601 time; defaults to now. */
  time?: string;
  /** Who acted: a node id, a peer id, a participant id or 'operator'. */
  actor: string;
  /** What was done, e.g. 'publish', 'sign', 'disclose', 'send', 'receive', 'verify', 'store', 'negotiate'. */
  action: string;
  recordId?: string;
  version?: string;
  /** Id of the policy applied. */
  policy?: string;
  /** Terms withheld, by name, with counts. */
  withheld?: WithheldTerm[];
  outcome: AuditOutcome;
  /** The KhError code when the outcome is not 'ok'. */
  errorCode?: string;
  durationMs?: number;
  peerId?: string;
}

export interface AuditEntry extends Omit<AuditEntryInput, 'time'> {
  /** The Redis stream entry id (`<ms>-<seq>`), monotonically increasing. */
  id: string;
  time: string;
}

export interface AuditQuery {
  /** An ISO time, a Date, or an entry id (exclusive: entries after it). */
  since?: string | Date;
  /** At most this many entries (default 100, at most 10 000). */
  limit?: number;
  recordId?: string;
}

export interface AuditLog {
  /** Append an entry (append-only: there is no update or delete). Returns its id. */
  append(entry: AuditEntryInput): Promise<string>;
  /** Entries in time order. */
  list(query?: AuditQuery): Promise<AuditEntry[]>;
}
