/**
 * The idempotency key of a delivery: record id + version + agreement id. BullMQ refuses custom job ids that
 * are integers or contain `:` (bullmq/src/classes/job.ts), and record ids are often `urn:uuid:…`. Each part is
 * therefore URI-component encoded (which turns `:` into `%3A` and `|` into `%7C`) and the parts are joined with
 * `|`, so the id is injective, never an integer, and reversible.
 */
import { KhError } from '../errors';

export interface DeliveryKey {
  recordId: string;
  version: string;
  agreementId: string;
}

function part(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new KhError('KH_DELIVERY_INVALID_JOB', `${name} must be a non-empty string`, {
      where: name,
      status: 400,
    });
  }
  return encodeURIComponent(value);
}

/** `<recordId>|<version>|<agreementId>`, each part URI-component encoded. */
export function deliveryJobId(key: DeliveryKey): string {
  return [
    part(key.recordId, 'recordId'),
    part(key.version, 'version'),
    part(key.agreementId, 'agreementId'),
  ].join('|');
}

export function parseDeliveryJobId(jobId: string): DeliveryKey {
  const parts = jobId.split('|');
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    throw new KhError('KH_DELIVERY_INVALID_JOB', 'not a delivery job id', { where: 'jobId', status: 400 });
  }
  const [recordId, version, agreementId] = parts.map((p) => decodeURIComponent(p));
  return { recordId, version, agreementId };
}

/** BullMQ queue name for a peer (no `:` allowed in queue names either). */
export function deliveryQueueName(peerId: string): string {
  return `deliver-${part(peerId, 'peerId').replace(/%/g, '_')}`;
}
