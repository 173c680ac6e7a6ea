/**
 * Contract negotiation state machine (DSP 2025-1, "Contract Negotiation Protocol"). Pure.
 *
 * | event (message)                              | sent by  | from                              | to         |
 * | -------------------------------------------- | -------- | --------------------------------- | ---------- |
 * | REQUEST (ContractRequestMessage)             | consumer | none (initial), OFFERED (counter) | REQUESTED  |
 * | OFFER (ContractOfferMessage)                 | provider | none (initial), REQUESTED         | OFFERED    |
 * | ACCEPT (ContractNegotiationEventMessage)     | consumer | OFFERED                           | ACCEPTED   |
 * | AGREE (ContractAgreementMessage)             | provider | REQUESTED, ACCEPTED               | AGREED     |
 * | VERIFY (ContractAgreementVerificationMessage)| consumer | AGREED                            | VERIFIED   |
 * | FINALIZE (ContractNegotiationEventMessage)   | provider | VERIFIED                          | FINALIZED  |
 * | TERMINATE (…TerminationMessage)              | either   | any non-terminal state            | TERMINATED |
 *
 * FINALIZED and TERMINATED are terminal.
 */
import { KhError } from '../../errors';
import type { NegotiationState } from '../messages/negotiation';
import { DspDirection, DspRole } from '../roles';
import { applyTransition, TransitionRow, unknownProcess } from '../transition-table';

export type { NegotiationState };
export type NegotiationEvent = 'REQUEST' | 'OFFER' | 'ACCEPT' | 'AGREE' | 'VERIFY' | 'FINALIZE' | 'TERMINATE';

export const NEGOTIATION_STATES: readonly NegotiationState[] = [
  'REQUESTED',
  'OFFERED',
  'ACCEPTED',
  'AGREED',
  'VERIFIED',
  'FINALIZED',
  'TERMINATED',
];
export const NEGOTIATION_TERMINAL_STATES: readonly NegotiationState[] = ['FINALIZED', 'TERMINATED'];

const LIVE: readonly NegotiationState[] = ['REQUESTED', 'OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED'];

export const NEGOTIATION_TRANSITIONS: readonly TransitionRow<NegotiationEvent, NegotiationState>[] = [
  { event: 'REQUEST', sender: 'consumer', from: [null, 'OFFERED'], to: 'REQUESTED' },
  { event: 'OFFER', sender: 'provider', from: [null, 'REQUESTED'], to: 'OFFERED' },
  { event: 'ACCEPT', sender: 'consumer', from: ['OFFERED'], to: 'ACCEPTED' },
  { event: 'AGREE', sender: 'provider', from: ['REQUESTED', 'ACCEPTED'], to: 'AGREED' },
  { event: 'VERIFY', sender: 'consumer', from: ['AGREED'], to: 'VERIFIED' },
  { event: 'FINALIZE', sender: 'provider', from: ['VERIFIED'], to: 'FINALIZED' },
  { event: 'TERMINATE', sender: 'consumer', from: LIVE, to: 'TERMINATED' },
  { event: 'TERMINATE', sender: 'provider', from: LIVE, to: 'TERMINATED' },
];

export interface NegotiationTransition {
  role: DspRole;
  direction: DspDirection;
  current: NegotiationState | null;
  event: NegotiationEvent;
  providerPid?: string;
  consumerPid?: string;
}

/** The state after `event`, or `KH_DSP_ILLEGAL_STATE` (400/409) with a ContractNegotiationError body. */
export function nextNegotiationState(t: NegotiationTransition): NegotiationState {
  return applyTransition(NEGOTIATION_TRANSITIONS, t, {
    process: 'negotiation',
    providerPid: t.providerPid,
    consumerPid: t.consumerPid,
  });
}

/** The negotiation event a DSP message stands for (throws `KH_DSP_UNKNOWN_MESSAGE_TYPE` otherwise). */
export function negotiationEventOf(message: { '@type'?: unknown; eventType?: unknown }): NegotiationEvent {
  switch (message['@type']) {
    case 'ContractRequestMessage':
      return 'REQUEST';
    case 'ContractOfferMessage':
      return 'OFFER';
    case 'ContractAgreementMessage':
      return 'AGREE';
    case 'ContractAgreementVerificationMessage':
      return 'VERIFY';
    case 'ContractNegotiationTerminationMessage':
      return 'TERMINATE';
    case 'ContractNegotiationEventMessage':
      if (message.eventType === 'ACCEPTED') return 'ACCEPT';
      if (message.eventType === 'FINALIZED') return 'FINALIZE';
      break;
    default:
      break;
  }
  throw new KhError('KH_DSP_UNKNOWN_MESSAGE_TYPE', 'not a contract negotiation message', { where: '/@type' });
}

export function isTerminalNegotiationState(state: NegotiationState): boolean {
  return NEGOTIATION_TERMINAL_STATES.includes(state);
}

/** `KH_DSP_UNKNOWN_PROCESS` (404) with a ContractNegotiationError body. */
export function unknownNegotiation(
  pid: string,
  pids: { providerPid?: string; consumerPid?: string } = {},
): KhError {
  return unknownProcess({ process: 'negotiation', ...pids }, pid);
}
