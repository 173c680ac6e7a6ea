/**
 * TLS handshakes the protocol listener refuses (no client certificate, one from an untrusted CA, an expired
 * or malformed one, a protocol error): each is counted, logged and audited as `handshake`/`refused` with
 * `KH_TLS_CLIENT_CERT`, the actor being `tls:<remote address>`. Nothing reached express, so there is no
 * request to answer; the audit entry is what an operator can find afterwards.
 *
 * A client can fail handshakes as fast as it can connect, and the audit stream is kept, so audit entries are
 * rate-limited (`perSecond`, default 20): beyond it refusals are still counted in the metric and summed up
 * in one warning per second, never lost silently.
 */
export interface HandshakeRefusal {
  /** The client's address as the socket saw it (`unknown` when the socket had none). */
  remoteAddress: string;
  /** OpenSSL's reason as Node names it (`ERR_SSL_…`), or `other`. */
  reason: string;
}

export interface HandshakeRefusalSinks {
  audit(entry: { actor: string; action: 'handshake'; outcome: 'refused'; errorCode: string }): Promise<void>;
  count(reason: string): void;
  log(refusal: HandshakeRefusal): void;
  /** `n` refusals in the last second were counted but not audited. */
  warnSuppressed(n: number): void;
}

export interface HandshakeRefusalRecorder {
  record(err: Error, remoteAddress: string | undefined): void;
  /** Report the refusals held back by the limit so far (on close). */
  flush(): void;
}

const REASON = /^ERR_[A-Z0-9_]{1,80}$/;

/** A bounded label from a TLS error: Node's `ERR_SSL_…` code, else `other` (never the message). */
export function handshakeReason(err: Error): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && REASON.test(code) ? code : 'other';
}

export function createHandshakeRefusalRecorder(
  sinks: HandshakeRefusalSinks,
  opts: { perSecond?: number; now?: () => number } = {},
): HandshakeRefusalRecorder {
  const perSecond = Math.max(1, Math.floor(opts.perSecond ?? 20));
  const now = opts.now ?? Date.now;
  let windowStart = 0;
  let auditedInWindow = 0;
  let suppressed = 0;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (suppressed > 0) sinks.warnSuppressed(suppressed);
    suppressed = 0;
  };

  return {
    record(err, remoteAddress) {
      const refusal: HandshakeRefusal = {
        remoteAddress: remoteAddress ?? 'unknown',
        reason: handshakeReason(err),
      };
      sinks.count(refusal.reason);
      const t = now();
      if (t - windowStart >= 1000) {
        flush();
        windowStart = t;
        auditedInWindow = 0;
      }
      if (auditedInWindow >= perSecond) {
        suppressed += 1;
        // The held-back count is reported when the second is over, even if no refusal follows.
        timer ??= setTimeout(flush, Math.max(0, windowStart + 1000 - t)).unref();
        return;
      }
      auditedInWindow += 1;
      sinks.log(refusal);
      void sinks
        .audit({
          actor: `tls:${refusal.remoteAddress}`,
          action: 'handshake',
          outcome: 'refused',
          errorCode: 'KH_TLS_CLIENT_CERT',
        })
        .catch(() => undefined);
    },
    flush,
  };
}
