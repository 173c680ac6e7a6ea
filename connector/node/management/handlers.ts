/**
 * What the management API asks of the node. The composition root (`../node.ts`) implements it with the
 * stores, the queue and the pipelines; the routes stay thin and testable with fakes.
 */
export interface ReadyReport {
  ready: boolean;
  checks: Record<string, boolean>;
}

export interface ManagementHandlers {
  ready(opts: { peers: boolean }): Promise<ReadyReport>;
  /** Run the outbound pipeline for a record version published on this node's platform. */
  publish(input: { recordId: string; version?: string }): Promise<unknown>;
  listRecords(direction?: 'published' | 'received'): Promise<unknown[]>;
  getRecord(recordId: string): Promise<unknown>;
  listTransfers(): Promise<unknown[]>;
  listAgreements(): Promise<unknown[]>;
  /** As consumer: ask a peer's catalog, negotiate an agreement and request the standing push transfer. */
  negotiate(peerId: string): Promise<unknown>;
  listDeadLetters(): Promise<unknown[]>;
  retryDeadLetter(id: string): Promise<unknown>;
  listPolicies(): unknown;
  describeTrust(): unknown;
  audit(limit: number): Promise<unknown[]>;
  /** Refresh gauges (queue depth) before a scrape. */
  refreshMetrics?(): Promise<void>;
}
