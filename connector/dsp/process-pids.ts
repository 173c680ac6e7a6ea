/** Checks that a message's pids name the stored process (pure). */
import { KhError } from '../errors';

export interface ProcessPids {
  providerPid?: string;
  consumerPid?: string;
}

/**
 * Every pid the message carries must equal the stored one where the stored one is known
 * (a pid the store does not know yet — the peer's, learnt from its first reply — is accepted).
 * Throws `KH_DSP_PID_MISMATCH` (400), naming the field, never the values.
 */
export function assertPidsMatch(stored: ProcessPids, message: ProcessPids): void {
  for (const field of ['providerPid', 'consumerPid'] as const) {
    const want = stored[field];
    const got = message[field];
    if (want !== undefined && got !== undefined && want !== got) {
      throw new KhError('KH_DSP_PID_MISMATCH', `${field} does not match the process`, {
        status: 400,
        where: `/${field}`,
      });
    }
  }
}
