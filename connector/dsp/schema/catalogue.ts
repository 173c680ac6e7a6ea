/**
 * Which DSP 2025-1 JSON Schema (a file under `schemas/dsp/`, copied byte for byte from the specification
 * repository) validates which message type.
 */
export const DSP_MESSAGE_SCHEMAS = {
  CatalogRequestMessage: 'catalog/catalog-request-message-schema.json',
  DatasetRequestMessage: 'catalog/dataset-request-message-schema.json',
  Catalog: 'catalog/catalog-schema.json',
  Dataset: 'catalog/dataset-schema.json',
  CatalogError: 'catalog/catalog-error-schema.json',
  ContractRequestMessage: 'negotiation/contract-request-message-schema.json',
  ContractOfferMessage: 'negotiation/contract-offer-message-schema.json',
  ContractAgreementMessage: 'negotiation/contract-agreement-message-schema.json',
  ContractAgreementVerificationMessage: 'negotiation/contract-agreement-verification-message-schema.json',
  ContractNegotiationEventMessage: 'negotiation/contract-negotiation-event-message-schema.json',
  ContractNegotiationTerminationMessage: 'negotiation/contract-negotiation-termination-message-schema.json',
  ContractNegotiation: 'negotiation/contract-negotiation-schema.json',
  ContractNegotiationError: 'negotiation/contract-negotiation-error-schema.json',
  TransferRequestMessage: 'transfer/transfer-request-message-schema.json',
  TransferStartMessage: 'transfer/transfer-start-message-schema.json',
  TransferCompletionMessage: 'transfer/transfer-completion-message-schema.json',
  TransferSuspensionMessage: 'transfer/transfer-suspension-message-schema.json',
  TransferTerminationMessage: 'transfer/transfer-termination-message-schema.json',
  TransferProcess: 'transfer/transfer-process-schema.json',
  TransferError: 'transfer/transfer-error-schema.json',
  VersionResponse: 'common/protocol-version-schema.json',
  DidService: 'common/did-service-schema.json',
} as const;

export type DspMessageType = keyof typeof DSP_MESSAGE_SCHEMAS;

/** Every schema file, including those only referenced by others (loaded into Ajv before compiling). */
export const DSP_SCHEMA_FILES: readonly string[] = [
  'common/context-schema.json',
  'common/did-service-schema.json',
  'common/protocol-version-schema.json',
  'catalog/catalog-error-schema.json',
  'catalog/catalog-request-message-schema.json',
  'catalog/catalog-schema.json',
  'catalog/dataset-request-message-schema.json',
  'catalog/dataset-schema.json',
  'negotiation/contract-agreement-message-schema.json',
  'negotiation/contract-agreement-verification-message-schema.json',
  'negotiation/contract-negotiation-error-schema.json',
  'negotiation/contract-negotiation-event-message-schema.json',
  'negotiation/contract-negotiation-schema.json',
  'negotiation/contract-negotiation-termination-message-schema.json',
  'negotiation/contract-offer-message-schema.json',
  'negotiation/contract-request-message-schema.json',
  'negotiation/contract-schema.json',
  'transfer/data-address-schema.json',
  'transfer/transfer-completion-message-schema.json',
  'transfer/transfer-error-schema.json',
  'transfer/transfer-process-schema.json',
  'transfer/transfer-request-message-schema.json',
  'transfer/transfer-schema.json',
  'transfer/transfer-start-message-schema.json',
  'transfer/transfer-suspension-message-schema.json',
  'transfer/transfer-termination-message-schema.json',
];

export function isDspMessageType(value: unknown): value is DspMessageType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DSP_MESSAGE_SCHEMAS, value);
}
