/** Durable delivery of policy-filtered presentations to a peer, on BullMQ. */
export * from './errors';
export * from './types';
export * from './job-id';
export * from './failure';
export { RedisDeadLetterStore } from './dead-letters';
export { createDeliveryQueue } from './queue';
export type { DeliveryConnection, DeliveryQueueOptions } from './queue';
