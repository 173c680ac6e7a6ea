/**
 * Classifying a sender's failure (pure): permanent (dead-letter at once) or transient (retry with backoff),
 * and the reason recorded for it — a typed code and a message that never carries a withheld value (for
 * errors that are not KhErrors, only the error's name, a Node error code or an HTTP status are kept).
 */
import { KhError } from '../errors';

export interface FailureReason {
  code: string;
  message: string;
}

/** A failure the sender marks as permanent: the job goes to the dead-letter queue without retrying. */
export function permanentFailure(code: string, message: string, status = 400): KhError {
  return new KhError(code, message, { status, details: { permanent: true } });
}

/** A failure the sender marks as transient (retried), whatever its status. */
export function transientFailure(code: string, message: string, status = 503): KhError {
  return new KhError(code, message, { status, details: { permanent: false } });
}

/** HTTP statuses that are worth retrying: 408, 425, 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function httpStatusOf(err: unknown): number | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const o = err as { status?: unknown; response?: { status?: unknown } };
  const s = typeof o.response?.status === 'number' ? o.response.status : o.status;
  return typeof s === 'number' && s >= 100 && s <= 599 ? s : undefined;
}

/**
 * Permanent when the sender says so (`details.permanent === true`), or when the failure carries a 4xx status
 * other than 408/425/429 (a KhError's status, or an HTTP client error's `response.status`).
 */
export function isPermanentFailure(err: unknown): boolean {
  if (err instanceof KhError) {
    const flag = err.details?.permanent;
    if (typeof flag === 'boolean') return flag;
    return err.status >= 400 && err.status < 500 && !isRetryableStatus(err.status);
  }
  const status = httpStatusOf(err);
  return status !== undefined && status >= 400 && status < 500 && !isRetryableStatus(status);
}

/** The reason to record for a failure. */
export function failureReason(err: unknown): FailureReason {
  if (err instanceof KhError) return { code: err.code, message: err.message };
  const status = httpStatusOf(err);
  if (status !== undefined) {
    return {
      code:
        status >= 400 && status < 500 && !isRetryableStatus(status)
          ? 'KH_DELIVERY_PEER_REFUSED'
          : 'KH_DELIVERY_PEER_UNAVAILABLE',
      message: `the peer answered HTTP ${status}`,
    };
  }
  const name = err instanceof Error ? err.name : typeof err;
  const sys = err !== null && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  const sysCode = typeof sys === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(sys) ? ` ${sys}` : '';
  return { code: 'KH_DELIVERY_SEND_FAILED', message: `the send failed (${name}${sysCode})` };
}
