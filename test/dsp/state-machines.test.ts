import {
  assertPidsMatch,
  DspRole,
  NEGOTIATION_STATES,
  NEGOTIATION_TRANSITIONS,
  NegotiationEvent,
  NegotiationState,
  negotiationEventOf,
  nextNegotiationState,
  nextTransferState,
  TRANSFER_STATES,
  TransferEvent,
  TransferState,
  transferEventOf,
  unknownNegotiation,
  unknownTransfer,
  validateDspMessage,
  isTerminalNegotiationState,
  isTerminalTransferState,
} from '../../connector/dsp';
import { KhError } from '../../connector/errors';
import { example } from './fixtures';

function caught(fn: () => unknown): KhError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KhError) return e;
    throw e;
  }
  throw new Error('expected a KhError');
}

/** Run a sequence of (sender, event) through both roles' machines; both must agree on every state. */
function runNegotiation(steps: [DspRole, NegotiationEvent][]): NegotiationState | null {
  let provider: NegotiationState | null = null;
  let consumer: NegotiationState | null = null;
  for (const [sender, event] of steps) {
    provider = nextNegotiationState({
      role: 'provider',
      direction: sender === 'provider' ? 'send' : 'receive',
      current: provider,
      event,
    });
    consumer = nextNegotiationState({
      role: 'consumer',
      direction: sender === 'consumer' ? 'send' : 'receive',
      current: consumer,
      event,
    });
    expect(provider).toBe(consumer);
  }
  return provider;
}

function runTransfer(steps: [DspRole, TransferEvent][]): TransferState | null {
  let provider: TransferState | null = null;
  let consumer: TransferState | null = null;
  for (const [sender, event] of steps) {
    provider = nextTransferState({
      role: 'provider',
      direction: sender === 'provider' ? 'send' : 'receive',
      current: provider,
      event,
    });
    consumer = nextTransferState({
      role: 'consumer',
      direction: sender === 'consumer' ? 'send' : 'receive',
      current: consumer,
      event,
    });
    expect(provider).toBe(consumer);
  }
  return provider;
}

describe('contract negotiation state machine', () => {
  it('consumer-initiated happy path ends FINALIZED', () => {
    expect(
      runNegotiation([
        ['consumer', 'REQUEST'],
        ['provider', 'AGREE'],
        ['consumer', 'VERIFY'],
        ['provider', 'FINALIZE'],
      ]),
    ).toBe('FINALIZED');
  });
  it('offer, counter-request, offer, accept, agree, verify, finalize', () => {
    expect(
      runNegotiation([
        ['consumer', 'REQUEST'],
        ['provider', 'OFFER'],
        ['consumer', 'REQUEST'],
        ['provider', 'OFFER'],
        ['consumer', 'ACCEPT'],
        ['provider', 'AGREE'],
        ['consumer', 'VERIFY'],
        ['provider', 'FINALIZE'],
      ]),
    ).toBe('FINALIZED');
  });
  it('provider-initiated offer', () => {
    expect(
      runNegotiation([
        ['provider', 'OFFER'],
        ['consumer', 'ACCEPT'],
      ]),
    ).toBe('ACCEPTED');
  });
  it.each(['REQUESTED', 'OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED'] as NegotiationState[])(
    'either side may terminate from %s',
    (state) => {
      for (const role of ['provider', 'consumer'] as DspRole[]) {
        for (const direction of ['send', 'receive'] as const) {
          expect(nextNegotiationState({ role, direction, current: state, event: 'TERMINATE' })).toBe(
            'TERMINATED',
          );
        }
      }
    },
  );
  it('refuses a message a role never sends with 400 and a ContractNegotiationError body', () => {
    const err = caught(() =>
      nextNegotiationState({
        role: 'provider',
        direction: 'receive',
        current: 'REQUESTED',
        event: 'AGREE',
        providerPid: 'urn:p',
        consumerPid: 'urn:c',
      }),
    );
    expect(err.code).toBe('KH_DSP_ILLEGAL_STATE');
    expect(err.status).toBe(400);
    const body = err.details?.dspError;
    expect(validateDspMessage('ContractNegotiationError', body)).toBe(body);
    expect(body).toMatchObject({
      '@type': 'ContractNegotiationError',
      providerPid: 'urn:p',
      consumerPid: 'urn:c',
    });
  });
  it('refuses a legal message in the wrong state with 409', () => {
    const err = caught(() =>
      nextNegotiationState({ role: 'provider', direction: 'receive', current: 'REQUESTED', event: 'VERIFY' }),
    );
    expect(err.code).toBe('KH_DSP_ILLEGAL_STATE');
    expect(err.status).toBe(409);
    expect((err.details?.dspError as Record<string, unknown>).code).toBe('ILLEGAL_STATE');
  });
  it.each(['FINALIZED', 'TERMINATED'] as NegotiationState[])('nothing leaves terminal state %s', (state) => {
    expect(isTerminalNegotiationState(state)).toBe(true);
    for (const row of NEGOTIATION_TRANSITIONS) {
      const err = caught(() =>
        nextNegotiationState({ role: row.sender, direction: 'send', current: state, event: row.event }),
      );
      expect(err.code).toBe('KH_DSP_ILLEGAL_STATE');
      expect(err.status).toBe(409);
    }
  });
  it('only REQUEST and OFFER may create a negotiation', () => {
    const creators = NEGOTIATION_TRANSITIONS.filter((r) => r.from.includes(null)).map((r) => r.event);
    expect(creators.sort()).toEqual(['OFFER', 'REQUEST']);
    expect(
      caught(() =>
        nextNegotiationState({ role: 'provider', direction: 'receive', current: null, event: 'VERIFY' }),
      ).status,
    ).toBe(409);
  });
  it('every row targets a known state', () => {
    for (const row of NEGOTIATION_TRANSITIONS) expect(NEGOTIATION_STATES).toContain(row.to);
  });
  it('maps messages to events', () => {
    expect(negotiationEventOf(example('negotiation', 'contract-request-message.json'))).toBe('REQUEST');
    expect(negotiationEventOf(example('negotiation', 'contract-offer-message.json'))).toBe('OFFER');
    expect(negotiationEventOf(example('negotiation', 'contract-agreement-message.json'))).toBe('AGREE');
    expect(negotiationEventOf(example('negotiation', 'contract-agreement-verification-message.json'))).toBe(
      'VERIFY',
    );
    expect(negotiationEventOf(example('negotiation', 'contract-negotiation-event-message.json'))).toBe(
      'ACCEPT',
    );
    expect(negotiationEventOf({ '@type': 'ContractNegotiationEventMessage', eventType: 'FINALIZED' })).toBe(
      'FINALIZE',
    );
    expect(negotiationEventOf(example('negotiation', 'contract-negotiation-termination-message.json'))).toBe(
      'TERMINATE',
    );
    expect(
      caught(() => negotiationEventOf({ '@type': 'ContractNegotiationEventMessage', eventType: 'X' })).code,
    ).toBe('KH_DSP_UNKNOWN_MESSAGE_TYPE');
    expect(caught(() => negotiationEventOf({ '@type': 'TransferStartMessage' })).code).toBe(
      'KH_DSP_UNKNOWN_MESSAGE_TYPE',
    );
  });
  it('unknown negotiation is a 404 with an error body', () => {
    const err = unknownNegotiation('urn:p', { providerPid: 'urn:p', consumerPid: 'urn:c' });
    expect(err.code).toBe('KH_DSP_UNKNOWN_PROCESS');
    expect(err.status).toBe(404);
    expect(validateDspMessage('ContractNegotiationError', err.details?.dspError)).toBeDefined();
  });
});

describe('transfer process state machine', () => {
  it('request, start, suspend, resume (provider), complete', () => {
    expect(
      runTransfer([
        ['consumer', 'REQUEST'],
        ['provider', 'START'],
        ['provider', 'SUSPEND'],
        ['provider', 'START'],
        ['consumer', 'COMPLETE'],
      ]),
    ).toBe('COMPLETED');
  });
  it('the consumer may resume a suspended transfer, never start a requested one', () => {
    expect(
      runTransfer([
        ['consumer', 'REQUEST'],
        ['provider', 'START'],
        ['consumer', 'SUSPEND'],
        ['consumer', 'START'],
      ]),
    ).toBe('STARTED');
    const err = caught(() =>
      nextTransferState({ role: 'consumer', direction: 'send', current: 'REQUESTED', event: 'START' }),
    );
    expect(err.code).toBe('KH_DSP_ILLEGAL_STATE');
    expect(err.status).toBe(409);
  });
  it('a provider never sends a transfer request (400, TransferError body)', () => {
    const err = caught(() =>
      nextTransferState({
        role: 'provider',
        direction: 'send',
        current: null,
        event: 'REQUEST',
        providerPid: 'p',
        consumerPid: 'c',
      }),
    );
    expect(err.status).toBe(400);
    expect(validateDspMessage('TransferError', err.details?.dspError)).toBeDefined();
  });
  it.each(['REQUESTED', 'STARTED', 'SUSPENDED'] as TransferState[])('terminate from %s', (state) => {
    expect(
      nextTransferState({ role: 'provider', direction: 'receive', current: state, event: 'TERMINATE' }),
    ).toBe('TERMINATED');
  });
  it.each(['COMPLETED', 'TERMINATED'] as TransferState[])('nothing leaves terminal state %s', (state) => {
    expect(isTerminalTransferState(state)).toBe(true);
    for (const event of ['START', 'SUSPEND', 'COMPLETE', 'TERMINATE'] as TransferEvent[]) {
      expect(
        caught(() => nextTransferState({ role: 'provider', direction: 'send', current: state, event }))
          .status,
      ).toBe(409);
    }
  });
  it('cannot complete or suspend a transfer that has not started', () => {
    for (const event of ['COMPLETE', 'SUSPEND'] as TransferEvent[]) {
      expect(
        caught(() => nextTransferState({ role: 'consumer', direction: 'send', current: 'REQUESTED', event }))
          .code,
      ).toBe('KH_DSP_ILLEGAL_STATE');
    }
    expect(TRANSFER_STATES).toHaveLength(5);
  });
  it('maps messages to events', () => {
    expect(transferEventOf(example('transfer', 'transfer-request-message.json'))).toBe('REQUEST');
    expect(transferEventOf(example('transfer', 'transfer-start-message.json'))).toBe('START');
    expect(transferEventOf(example('transfer', 'transfer-suspension-message.json'))).toBe('SUSPEND');
    expect(transferEventOf(example('transfer', 'transfer-completion-message.json'))).toBe('COMPLETE');
    expect(transferEventOf(example('transfer', 'transfer-termination-message.json'))).toBe('TERMINATE');
    expect(caught(() => transferEventOf({ '@type': 'ContractRequestMessage' })).code).toBe(
      'KH_DSP_UNKNOWN_MESSAGE_TYPE',
    );
  });
  it('unknown transfer is a 404', () => {
    const err = unknownTransfer('urn:x');
    expect(err.code).toBe('KH_DSP_UNKNOWN_PROCESS');
    expect(err.status).toBe(404);
    expect((err.details?.dspError as Record<string, unknown>)['@type']).toBe('TransferError');
  });
});

describe('pid checks', () => {
  it('accepts matching or not-yet-known pids and refuses a mismatch', () => {
    expect(() =>
      assertPidsMatch({ providerPid: 'p', consumerPid: 'c' }, { providerPid: 'p', consumerPid: 'c' }),
    ).not.toThrow();
    expect(() => assertPidsMatch({ consumerPid: 'c' }, { providerPid: 'p', consumerPid: 'c' })).not.toThrow();
    const err = caught(() =>
      assertPidsMatch({ providerPid: 'p', consumerPid: 'c' }, { providerPid: 'p', consumerPid: 'other' }),
    );
    expect(err.code).toBe('KH_DSP_PID_MISMATCH');
    expect(err.where).toBe('/consumerPid');
    expect(err.message).not.toContain('other');
  });
});
