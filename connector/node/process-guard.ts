/**
 * Process-level safety net of a running node: an unhandled promise rejection is logged (its error code and
 * class only — never its message or payload, which could carry a withheld value) and does not end the
 * process. Installed by `kakehashi node start` before the node starts.
 */
import { isKhError } from '../errors';
import type { Logger } from './logger';

/** What is safe to log about an unknown failure: its code (KH_INTERNAL when untyped) and its class. */
export function describeFailure(reason: unknown): { code: string; errorClass: string } {
  const errorClass =
    reason instanceof Error ? reason.constructor.name : reason === null ? 'null' : typeof reason;
  return { code: isKhError(reason) ? reason.code : 'KH_INTERNAL', errorClass };
}

/** Install the handler; returns a function that removes it. */
export function installProcessGuards(logger: Pick<Logger, 'error'>): () => void {
  const onRejection = (reason: unknown): void => {
    logger.error(describeFailure(reason), 'unhandled rejection');
  };
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('unhandledRejection', onRejection);
  };
}
