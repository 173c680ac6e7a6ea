/**
 * Replay protection for key-binding JWTs. `remember` records a key until `expiresAt` (seconds since the
 * epoch) and answers whether it was new. The node supplies a Redis implementation (SET NX EX), which is
 * asynchronous: use it with `verifySdJwtVcAsync`.
 */
export interface ReplayCache {
  /** True when `key` was not seen (and is now remembered); false when it is a replay. */
  remember(key: string, expiresAt: number): boolean;
}

export interface AsyncReplayCache {
  remember(key: string, expiresAt: number): boolean | Promise<boolean>;
}

/** In-memory replay cache for tests, the CLI and single-process nodes. */
export class InMemoryReplayCache implements ReplayCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly clock: () => number = () => Math.floor(Date.now() / 1000)) {}

  remember(key: string, expiresAt: number): boolean {
    const now = this.clock();
    this.sweep(now);
    const seen = this.entries.get(key);
    if (seen !== undefined && seen > now) return false;
    this.entries.set(key, expiresAt);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number): void {
    if (this.entries.size < 1024) return;
    for (const [key, expiresAt] of this.entries) if (expiresAt <= now) this.entries.delete(key);
  }
}
