/** Builders for the DSP 2025-1 contract negotiation messages this node sends. Pure. */
import { DSP_CONTEXT_URL, dspContext } from '../context';
import type { OdrlAgreement, OdrlMessageOffer } from './odrl';

type Ctx = [typeof DSP_CONTEXT_URL];

export type NegotiationState =
  'REQUESTED' | 'OFFERED' | 'ACCEPTED' | 'AGREED' | 'VERIFIED' | 'FINALIZED' | 'TERMINATED';

interface Pids {
  providerPid: string;
  consumerPid: string;
}

/** Initial request (consumer → provider): carries the consumer's callback address, no providerPid. */
export interface InitialContractRequest {
  consumerPid: string;
  offer: OdrlMessageOffer;
  callbackAddress: string;
}

/** Counter-request on an existing negotiation: carries providerPid, no callback address (schema `oneOf`). */
export interface CounterContractRequest {
  consumerPid: string;
  providerPid: string;
  offer: OdrlMessageOffer;
}

export interface ContractRequestMessage {
  '@context': Ctx;
  '@type': 'ContractRequestMessage';
  consumerPid: string;
  providerPid?: string;
  offer: OdrlMessageOffer;
  callbackAddress?: string;
}

export function buildContractRequest(
  input: InitialContractRequest | CounterContractRequest,
): ContractRequestMessage {
  const base = { '@context': dspContext(), '@type': 'ContractRequestMessage' as const };
  if ('providerPid' in input) {
    return { ...base, providerPid: input.providerPid, consumerPid: input.consumerPid, offer: input.offer };
  }
  return {
    ...base,
    consumerPid: input.consumerPid,
    offer: input.offer,
    callbackAddress: input.callbackAddress,
  };
}

/** Initial offer (provider → consumer): carries the provider's callback address, no consumerPid. */
export interface InitialContractOffer {
  providerPid: string;
  offer: OdrlMessageOffer;
  callbackAddress: string;
}

export interface CounterContractOffer {
  providerPid: string;
  consumerPid: string;
  offer: OdrlMessageOffer;
}

export interface ContractOfferMessage {
  '@context': Ctx;
  '@type': 'ContractOfferMessage';
  providerPid: string;
  consumerPid?: string;
  offer: OdrlMessageOffer;
  callbackAddress?: string;
}

export function buildContractOffer(input: InitialContractOffer | CounterContractOffer): ContractOfferMessage {
  const base = { '@context': dspContext(), '@type': 'ContractOfferMessage' as const };
  if ('consumerPid' in input) {
    return { ...base, providerPid: input.providerPid, consumerPid: input.consumerPid, offer: input.offer };
  }
  return {
    ...base,
    providerPid: input.providerPid,
    offer: input.offer,
    callbackAddress: input.callbackAddress,
  };
}

export interface ContractAgreementMessage extends Pids {
  '@context': Ctx;
  '@type': 'ContractAgreementMessage';
  agreement: OdrlAgreement;
}

export function buildContractAgreement(input: Pids & { agreement: OdrlAgreement }): ContractAgreementMessage {
  return {
    '@context': dspContext(),
    '@type': 'ContractAgreementMessage',
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    agreement: input.agreement,
  };
}

export interface ContractAgreementVerificationMessage extends Pids {
  '@context': Ctx;
  '@type': 'ContractAgreementVerificationMessage';
}

export function buildAgreementVerification(input: Pids): ContractAgreementVerificationMessage {
  return {
    '@context': dspContext(),
    '@type': 'ContractAgreementVerificationMessage',
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
  };
}

export interface ContractNegotiationEventMessage extends Pids {
  '@context': Ctx;
  '@type': 'ContractNegotiationEventMessage';
  eventType: 'ACCEPTED' | 'FINALIZED';
}

export function buildNegotiationEvent(
  input: Pids & { eventType: 'ACCEPTED' | 'FINALIZED' },
): ContractNegotiationEventMessage {
  return {
    '@context': dspContext(),
    '@type': 'ContractNegotiationEventMessage',
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    eventType: input.eventType,
  };
}

export interface ContractNegotiationTerminationMessage extends Pids {
  '@context': Ctx;
  '@type': 'ContractNegotiationTerminationMessage';
  code?: string;
  reason?: string[];
}

export function buildNegotiationTermination(
  input: Pids & { code?: string; reason?: string[] },
): ContractNegotiationTerminationMessage {
  return {
    '@context': dspContext(),
    '@type': 'ContractNegotiationTerminationMessage',
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    ...(input.code === undefined ? {} : { code: input.code }),
    ...(input.reason === undefined || input.reason.length === 0 ? {} : { reason: [...input.reason] }),
  };
}

export interface ContractNegotiationMessage extends Pids {
  '@context': Ctx;
  '@type': 'ContractNegotiation';
  state: NegotiationState;
}

/** The negotiation's state, answered to `GET /negotiations/:pid`. */
export function buildContractNegotiation(
  input: Pids & { state: NegotiationState },
): ContractNegotiationMessage {
  return {
    '@context': dspContext(),
    '@type': 'ContractNegotiation',
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    state: input.state,
  };
}

export interface ContractNegotiationErrorMessage extends Pids {
  '@context': Ctx;
  '@type': 'ContractNegotiationError';
  code: string;
  reason: string[];
}

export function buildNegotiationError(
  input: Pids & { code: string; reason: string[] },
): ContractNegotiationErrorMessage {
  return {
    '@context': dspContext(),
    '@type': 'ContractNegotiationError',
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    code: input.code,
    reason: input.reason.length > 0 ? [...input.reason] : [input.code],
  };
}
