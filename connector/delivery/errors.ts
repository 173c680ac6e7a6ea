/** Error codes of the delivery queue (`connector/delivery/`). */
export const DELIVERY_ERROR_CODES = {
  KH_DELIVERY_INVALID_JOB: 'a delivery job lacks a record id, version, agreement id or presentation (400)',
  KH_DELIVERY_PEER_REFUSED:
    'the peer refused the delivery with a 4xx other than 408/429: permanent, no retry',
  KH_DELIVERY_PEER_UNAVAILABLE: 'the peer answered 5xx, 408 or 429: transient, retried with backoff (503)',
  KH_DELIVERY_SEND_FAILED:
    'the send failed without an HTTP answer (network, TLS, timeout): transient, retried',
  KH_DELIVERY_STALLED: 'the job stalled (its worker died) more often than maxStalledCount allows',
  KH_DELIVERY_DEAD_LETTER_NOT_FOUND: 'no dead-letter entry with this id (404)',
  KH_DELIVERY_UNAVAILABLE: 'the delivery queue is closed or Redis does not answer (503)',
} as const;

export type DeliveryErrorCode = keyof typeof DELIVERY_ERROR_CODES;
