/** The delivery queue interface the node core depends on, and its job and dead-letter shapes. */
import type { FailureReason } from './failure';

/** What a job carries. The presentation is already policy-filtered: never the raw record. */
export interface DeliveryJobData {
  recordId: string;
  version: string;
  agreementId: string;
  peerId: string;
  /** The transfer process (this node's pid) the delivery belongs to, if any. */
  transferPid?: string;
  /**
   * The SD-JWT VC presentation with only the disclosures the policy lets leave (compact `jwt~d1~d2~`).
   * The sender adds the key-binding JWT per attempt (fresh `iat`, audience = peer, nonce = transfer).
   */
  presentation: string;
  /** Id of the disclosure policy applied, and the withheld terms by name with counts (for the audit). */
  policyId?: string;
  withheld?: { term: string; count: number }[];
  enqueuedAt: string;
}

export type DeliveryJobInput = Omit<DeliveryJobData, 'peerId' | 'enqueuedAt'> & { enqueuedAt?: string };

export interface DeliveryJob {
  /** `<recordId>|<version>|<agreementId>`, URI-component encoded parts. */
  id: string;
  data: DeliveryJobData;
  /** 1 for the first attempt. */
  attempt: number;
}

/** Sends one job to the peer (HTTP POST over mutual TLS); throws to fail the attempt. */
export type DeliverySender = (job: DeliveryJob) => Promise<void>;

export interface DeadLetter {
  /** The job id (also the id to retry with). */
  id: string;
  peerId: string;
  data: DeliveryJobData;
  reason: FailureReason;
  /** True when the failure was permanent (no retry was made); false when the retries ran out. */
  permanent: boolean;
  attemptsMade: number;
  deadAt: string;
}

export type DeliveryJobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'unknown';

export interface DeliveryHooks {
  onDelivered?(job: DeliveryJob, info: { durationMs: number }): void | Promise<void>;
  onAttemptFailed?(
    job: DeliveryJob,
    reason: FailureReason,
    info: { willRetry: boolean; durationMs: number },
  ): void | Promise<void>;
  onDeadLetter?(entry: DeadLetter): void | Promise<void>;
}

export interface DeliveryQueue {
  readonly peerId: string;
  readonly queueName: string;
  /**
   * Queue a delivery. `added` is false when a job with the same id (record id + version + agreement id)
   * already exists in any state, including delivered or dead-lettered: a re-publish is not sent twice.
   */
  enqueue(job: DeliveryJobInput): Promise<{ jobId: string; added: boolean }>;
  jobState(jobId: string): Promise<DeliveryJobState>;
  listDeadLetters(): Promise<DeadLetter[]>;
  /** Put a dead-lettered job back in the queue with fresh attempts; `KH_DELIVERY_DEAD_LETTER_NOT_FOUND`. */
  retryDeadLetter(id: string): Promise<void>;
  /** Stop taking jobs, wait for the active ones to finish, close the connections. Idempotent. */
  close(): Promise<void>;
}
