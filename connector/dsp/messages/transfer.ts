/** Builders for the DSP 2025-1 transfer process messages this node sends. Pure. */
import { DSP_CONTEXT_URL, dspContext } from '../context';

type Ctx = [typeof DSP_CONTEXT_URL];

export type TransferState = 'REQUESTED' | 'STARTED' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED';

interface Pids {
  providerPid: string;
  consumerPid: string;
}

export interface EndpointProperty {
  '@type': 'EndpointProperty';
  name: string;
  value: string;
}

export interface DataAddress {
  '@type': 'DataAddress';
  endpointType: string;
  endpoint?: string;
  endpointProperties?: EndpointProperty[];
}

/** HTTPS push endpoint type (as in the spec's example). */
export const HTTP_ENDPOINT_TYPE = 'https://w3id.org/idsa/v4.1/HTTP';

/** A data address for an HTTPS push endpoint; no secret goes in it (the transport is mutual TLS). */
export function buildDataAddress(endpoint: string, properties: Record<string, string> = {}): DataAddress {
  const endpointProperties = Object.entries(properties).map(([name, value]) => ({
    '@type': 'EndpointProperty' as const,
    name,
    value,
  }));
  return {
    '@type': 'DataAddress',
    endpointType: HTTP_ENDPOINT_TYPE,
    endpoint,
    ...(endpointProperties.length > 0 ? { endpointProperties } : {}),
  };
}

export interface TransferRequestMessage {
  '@context': Ctx;
  '@type': 'TransferRequestMessage';
  consumerPid: string;
  agreementId: string;
  format: string;
  dataAddress?: DataAddress;
  callbackAddress: string;
}

export function buildTransferRequest(input: {
  consumerPid: string;
  agreementId: string;
  format: string;
  callbackAddress: string;
  dataAddress?: DataAddress;
}): TransferRequestMessage {
  return {
    '@context': dspContext(),
    '@type': 'TransferRequestMessage',
    consumerPid: input.consumerPid,
    agreementId: input.agreementId,
    format: input.format,
    ...(input.dataAddress === undefined ? {} : { dataAddress: input.dataAddress }),
    callbackAddress: input.callbackAddress,
  };
}

export interface TransferStartMessage extends Pids {
  '@context': Ctx;
  '@type': 'TransferStartMessage';
  dataAddress?: DataAddress;
}

export function buildTransferStart(input: Pids & { dataAddress?: DataAddress }): TransferStartMessage {
  return {
    '@context': dspContext(),
    '@type': 'TransferStartMessage',
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    ...(input.dataAddress === undefined ? {} : { dataAddress: input.dataAddress }),
  };
}

export interface TransferCompletionMessage extends Pids {
  '@context': Ctx;
  '@type': 'TransferCompletionMessage';
}

export function buildTransferCompletion(input: Pids): TransferCompletionMessage {
  return {
    '@context': dspContext(),
    '@type': 'TransferCompletionMessage',
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
  };
}

interface CodeMessage<T extends string> extends Pids {
  '@context': Ctx;
  '@type': T;
  code?: string;
  reason?: string[];
}

export type TransferSuspensionMessage = CodeMessage<'TransferSuspensionMessage'>;
export type TransferTerminationMessage = CodeMessage<'TransferTerminationMessage'>;

function codeMessage<T extends string>(
  type: T,
  input: Pids & { code?: string; reason?: string[] },
): CodeMessage<T> {
  return {
    '@context': dspContext(),
    '@type': type,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    ...(input.code === undefined ? {} : { code: input.code }),
    ...(input.reason === undefined || input.reason.length === 0 ? {} : { reason: [...input.reason] }),
  };
}

export function buildTransferSuspension(
  input: Pids & { code?: string; reason?: string[] },
): TransferSuspensionMessage {
  return codeMessage('TransferSuspensionMessage', input);
}

export function buildTransferTermination(
  input: Pids & { code?: string; reason?: string[] },
): TransferTerminationMessage {
  return codeMessage('TransferTerminationMessage', input);
}

export interface TransferProcessMessage extends Pids {
  '@context': Ctx;
  '@type': 'TransferProcess';
  state: TransferState;
}

/** The transfer's state, answered to `GET /transfers/:pid`. */
export function buildTransferProcess(input: Pids & { state: TransferState }): TransferProcessMessage {
  return {
    '@context': dspContext(),
    '@type': 'TransferProcess',
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    state: input.state,
  };
}

export interface TransferErrorMessage extends Pids {
  '@context': Ctx;
  '@type': 'TransferError';
  code: string;
  reason: string[];
}

export function buildTransferError(input: Pids & { code: string; reason: string[] }): TransferErrorMessage {
  return {
    '@context': dspContext(),
    '@type': 'TransferError',
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    code: input.code,
    reason: input.reason.length > 0 ? [...input.reason] : [input.code],
  };
}
