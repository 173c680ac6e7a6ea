/**
 * Structured logs (pino). What goes in a log line: codes, record ids and versions, term names, counts,
 * durations. What never does: payloads, disclosures, supplier names or ids, procurement volumes. Callers pass
 * only such safe fields; `redact` is a second line of defence for payload-shaped keys.
 */
import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(opts: { nodeId: string; level?: string; file?: string }): Logger {
  const destination = opts.file ? pino.destination({ dest: opts.file, mkdir: true, sync: false }) : undefined;
  const options = {
    level: opts.level ?? 'info',
    base: { node: opts.nodeId },
    redact: {
      paths: [
        'record',
        'credential',
        'presentation',
        'payload',
        'body',
        'sdJwt',
        '*.record',
        '*.credential',
        '*.body',
      ],
      censor: '[withheld]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
