/** Prometheus metrics of one node (prom-client), served at `GET /metrics` on the management API. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface NodeMetrics {
  registry: Registry;
  recordsSent: Counter<'peer'>;
  recordsReceived: Counter<'peer'>;
  recordsRefused: Counter<'direction' | 'code'>;
  deliveryRetries: Counter<'peer'>;
  deadLetters: Counter<'peer'>;
  queueDepth: Gauge<'state'>;
  verificationSeconds: Histogram<'outcome'>;
  httpErrors: Counter<'code'>;
  handshakesRefused: Counter<'reason'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): NodeMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'kakehashi_' });
  const registers = [registry];
  return {
    registry,
    recordsSent: new Counter({
      name: 'kakehashi_records_sent_total',
      help: 'records delivered to a peer',
      labelNames: ['peer'],
      registers,
    }),
    recordsReceived: new Counter({
      name: 'kakehashi_records_received_total',
      help: 'records received, verified and stored',
      labelNames: ['peer'],
      registers,
    }),
    recordsRefused: new Counter({
      name: 'kakehashi_records_refused_total',
      help: 'records refused (outbound or inbound) by error code',
      labelNames: ['direction', 'code'],
      registers,
    }),
    deliveryRetries: new Counter({
      name: 'kakehashi_delivery_retries_total',
      help: 'delivery attempts that failed and will be retried',
      labelNames: ['peer'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'kakehashi_dead_letters_total',
      help: 'deliveries that exhausted their attempts',
      labelNames: ['peer'],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'kakehashi_queue_depth',
      help: 'delivery jobs by state',
      labelNames: ['state'],
      registers,
    }),
    verificationSeconds: new Histogram({
      name: 'kakehashi_verification_seconds',
      help: 'time to verify one inbound presentation',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    httpErrors: new Counter({
      name: 'kakehashi_http_errors_total',
      help: 'typed error answers by code',
      labelNames: ['code'],
      registers,
    }),
    handshakesRefused: new Counter({
      name: 'kakehashi_tls_handshakes_refused_total',
      help: 'TLS handshakes refused by the protocol listener, by OpenSSL reason',
      labelNames: ['reason'],
      registers,
    }),
  };
}
