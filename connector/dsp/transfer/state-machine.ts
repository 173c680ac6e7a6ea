/**
 * Transfer process state machine (DSP 2025-1, "Transfer Process Protocol"). Pure.
 *
 * | event (message)                    | sent by            | from                         | to         |
 * | ---------------------------------- | ------------------ | ---------------------------- | ---------- |
 * | REQUEST (TransferRequestMessage)   | consumer           | none (initial)               | REQUESTED  |
 * | START (TransferStartMessage)       | provider           | REQUESTED, SUSPENDED         | STARTED    |
 * | START (TransferStartMessage)       | consumer           | SUSPENDED (resume)           | STARTED    |
 * | SUSPEND (TransferSuspensionMessage)| provider, consumer | STARTED                      | SUSPENDED  |
 * | COMPLETE (TransferCompletionMessage)| provider, consumer| STARTED                      | COMPLETED  |
 * | TERMINATE (TransferTerminationMsg) | provider, consumer | REQUESTED, STARTED, SUSPENDED| TERMINATED |
 *
 * COMPLETED and TERMINATED are terminal.
 */
import { KhError } from '../../errors';
import type { TransferState } from '../messages/transfer';
import { DspDirection, DspRole } from '../roles';
import { applyTransition, TransitionRow, unknownProcess } from '../transition-table';

export type { TransferState };
export type TransferEvent = 'REQUEST' | 'START' | 'SUSPEND' | 'COMPLETE' | 'TERMINATE';

export const TRANSFER_STATES: readonly TransferState[] = [
  'REQUESTED',
  'STARTED',
  'SUSPENDED',
  'COMPLETED',
  'TERMINATED',
];
export const TRANSFER_TERMINAL_STATES: readonly TransferState[] = ['COMPLETED', 'TERMINATED'];

const LIVE: readonly TransferState[] = ['REQUESTED', 'STARTED', 'SUSPENDED'];

export const TRANSFER_TRANSITIONS: readonly TransitionRow<TransferEvent, TransferState>[] = [
  { event: 'REQUEST', sender: 'consumer', from: [null], to: 'REQUESTED' },
  { event: 'START', sender: 'provider', from: ['REQUESTED', 'SUSPENDED'], to: 'STARTED' },
  { event: 'START', sender: 'consumer', from: ['SUSPENDED'], to: 'STARTED' },
  { event: 'SUSPEND', sender: 'provider', from: ['STARTED'], to: 'SUSPENDED' },
  { event: 'SUSPEND', sender: 'consumer', from: ['STARTED'], to: 'SUSPENDED' },
  { event: 'COMPLETE', sender: 'provider', from: ['STARTED'], to: 'COMPLETED' },
  { event: 'COMPLETE', sender: 'consumer', from: ['STARTED'], to: 'COMPLETED' },
  { event: 'TERMINATE', sender: 'provider', from: LIVE, to: 'TERMINATED' },
  { event: 'TERMINATE', sender: 'consumer', from: LIVE, to: 'TERMINATED' },
];

export interface TransferTransition {
  role: DspRole;
  direction: DspDirection;
  current: TransferState | null;
  event: TransferEvent;
  providerPid?: string;
  consumerPid?: string;
}

/** The state after `event`, or `KH_DSP_ILLEGAL_STATE` (400/409) with a TransferError body. */
export function nextTransferState(t: TransferTransition): TransferState {
  return applyTransition(TRANSFER_TRANSITIONS, t, {
    process: 'transfer',
    providerPid: t.providerPid,
    consumerPid: t.consumerPid,
  });
}

/** The transfer event a DSP message stands for (throws `KH_DSP_UNKNOWN_MESSAGE_TYPE` otherwise). */
export function transferEventOf(message: { '@type'?: unknown }): TransferEvent {
  switch (message['@type']) {
    case 'TransferRequestMessage':
      return 'REQUEST';
    case 'TransferStartMessage':
      return 'START';
    case 'TransferSuspensionMessage':
      return 'SUSPEND';
    case 'TransferCompletionMessage':
      return 'COMPLETE';
    case 'TransferTerminationMessage':
      return 'TERMINATE';
    default:
      throw new KhError('KH_DSP_UNKNOWN_MESSAGE_TYPE', 'not a transfer process message', { where: '/@type' });
  }
}

export function isTerminalTransferState(state: TransferState): boolean {
  return TRANSFER_TERMINAL_STATES.includes(state);
}

/** `KH_DSP_UNKNOWN_PROCESS` (404) with a TransferError body. */
export function unknownTransfer(
  pid: string,
  pids: { providerPid?: string; consumerPid?: string } = {},
): KhError {
  return unknownProcess({ process: 'transfer', ...pids }, pid);
}
