/** Shapes shared by the outbound pipeline, the delivery worker and the inbound pipeline. */

/** One delivery: what the queue holds (the policy-filtered presentation only) and where it goes. */
export interface DeliveryJob {
  /** `recordId:version:agreementId` (the queue's idempotency key). */
  jobId: string;
  peerId: string;
  recordId: string;
  version: string;
  agreementId: string;
  providerPid: string;
  consumerPid: string;
  /** The consumer's data endpoint (checked against the peer's base URL). */
  endpoint: string;
  /**
   * The presentation after the disclosure policy, without a key-binding JWT (`jwt~d1~…~dn~`): each delivery
   * attempt binds it afresh with its own sequence number (pipeline/deliver.ts), so the job holds none.
   */
  presentation: string;
  /** Certification credentials (vc+jwt) that passed the mutual-recognition agreement. */
  certifications: string[];
  policyId: string;
}

/** The body of `POST /data/records`. */
export interface RecordDelivery {
  agreementId: string;
  providerPid: string;
  consumerPid: string;
  sequence: number;
  presentation: string;
  certifications: string[];
}

export interface DeadLetterView {
  id: string;
  peerId: string;
  recordId: string;
  version: string;
  agreementId: string;
  attempts: number;
  /** The error code of the last attempt (e.g. KH_PEER_UNAVAILABLE, KH_PEER_REJECTED). */
  reason: string;
  /** Its message (for KH_PEER_REJECTED it names the peer's own error code). */
  detail?: string;
  failedAt?: string;
}

/** The node's view of the delivery queue (`connector/delivery/` plugs in behind it). */
export interface DeliveryPort {
  add(job: DeliveryJob): Promise<{ added: boolean }>;
  deadLetters(): Promise<DeadLetterView[]>;
  retryDeadLetter(id: string): Promise<boolean>;
  counts(): Promise<Record<string, number>>;
  /** Resolves when nothing is waiting, active or delayed. */
  idle(): Promise<boolean>;
  close(): Promise<void>;
}

export interface WithheldSummary {
  name: string;
  reason: string;
  count: number;
}

export interface OutboundOutcome {
  peerId: string;
  recordId: string;
  version: string;
  outcome: 'queued' | 'duplicate' | 'no-transfer' | 'refused';
  code?: string;
  withheld?: WithheldSummary[];
  certifications?: Record<string, number>;
}
