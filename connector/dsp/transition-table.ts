/**
 * A generic, pure DSP transition table: rows of (event, sender role, allowed current states, next state).
 * `null` as a current state means "no process yet" (the message creates the process).
 */
import { KhError } from '../errors';
import { DspDirection, DspRole, senderRole } from './roles';

export interface TransitionRow<E extends string, S extends string> {
  event: E;
  sender: DspRole;
  from: readonly (S | null)[];
  to: S;
}

export interface TransitionInput<E extends string, S extends string> {
  /** The role this node plays in the process. */
  role: DspRole;
  /** Whether this node sends the message or receives it. */
  direction: DspDirection;
  /** The current state, or null when no process exists yet. */
  current: S | null;
  event: E;
}

export interface TransitionContext {
  /** 'negotiation' or 'transfer', for messages and the DSP error body. */
  process: 'negotiation' | 'transfer';
  /** Pids to put in the DSP error body; empty strings when unknown. */
  providerPid?: string;
  consumerPid?: string;
}

/** The DSP error body of a refusal: ContractNegotiationError or TransferError with code and reason. */
export function dspErrorBody(
  context: TransitionContext,
  code: string,
  reason: string,
): Record<string, unknown> {
  return {
    '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
    '@type': context.process === 'negotiation' ? 'ContractNegotiationError' : 'TransferError',
    providerPid: context.providerPid ?? '',
    consumerPid: context.consumerPid ?? '',
    code,
    reason: [reason],
  };
}

/**
 * The next state, or `KH_DSP_ILLEGAL_STATE`: status 400 when the sender's role never sends this message
 * (a malformed exchange), 409 when the message is legal for the role but not in the current state
 * (a conflict with the process state, including any message after a terminal state).
 * `details.dspError` carries the spec's error body, ready to answer with.
 */
export function applyTransition<E extends string, S extends string>(
  table: readonly TransitionRow<E, S>[],
  input: TransitionInput<E, S>,
  context: TransitionContext,
): S {
  const sender = senderRole(input.role, input.direction);
  const rows = table.filter((row) => row.event === input.event && row.sender === sender);
  const from = input.current === null ? 'none' : input.current;
  if (rows.length === 0) {
    const reason = `${input.event} is never sent by the ${sender} in a ${context.process}`;
    throw new KhError('KH_DSP_ILLEGAL_STATE', reason, {
      status: 400,
      where: '/@type',
      details: {
        event: input.event,
        sender,
        state: from,
        dspError: dspErrorBody(context, 'ILLEGAL_SENDER', reason),
      },
    });
  }
  const row = rows.find((r) => r.from.includes(input.current));
  if (!row) {
    const reason = `${input.event} from the ${sender} is not allowed in state ${from}`;
    throw new KhError('KH_DSP_ILLEGAL_STATE', reason, {
      status: 409,
      where: '/@type',
      details: {
        event: input.event,
        sender,
        state: from,
        dspError: dspErrorBody(context, 'ILLEGAL_STATE', reason),
      },
    });
  }
  return row.to;
}

/** Refusal of a message naming a process this node does not hold (404). */
export function unknownProcess(context: TransitionContext, pid: string): KhError {
  const reason = `no ${context.process} process with this pid`;
  return new KhError('KH_DSP_UNKNOWN_PROCESS', reason, {
    status: 404,
    details: { pid, dspError: dspErrorBody(context, 'UNKNOWN_PROCESS', reason) },
  });
}
