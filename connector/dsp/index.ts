/** The Dataspace Protocol (DSP 2025-1) layer: schemas, message builders, state machines, usage checks. */
export * from './errors';
export * from './context';
export * from './roles';
export * from './schema/catalogue';
export * from './schema/validate';
export * from './schema/normalise-ref';
export * from './messages/odrl';
export * from './messages/catalog';
export * from './messages/negotiation';
export * from './messages/transfer';
export * from './transition-table';
export * from './process-pids';
export * from './negotiation/state-machine';
export * from './transfer/state-machine';
export * from './usage/onward-transfer';
export * from './callback';
