import {
  agreementFromOffer,
  buildAgreementVerification,
  buildBatteryRecordsDataset,
  buildBatteryRecordsOffer,
  buildCatalog,
  buildCatalogError,
  buildCatalogRequest,
  buildContractAgreement,
  buildContractNegotiation,
  buildContractOffer,
  buildContractRequest,
  buildDataAddress,
  buildDatasetMessage,
  buildDatasetRequest,
  buildNegotiationError,
  buildNegotiationEvent,
  buildNegotiationTermination,
  buildTransferCompletion,
  buildTransferError,
  buildTransferProcess,
  buildTransferRequest,
  buildTransferStart,
  buildTransferSuspension,
  buildTransferTermination,
  DSP_CONTEXT_URL,
  DspMessageType,
  KH_LEFT_OPERAND,
  ODRL_DISTRIBUTE,
  prohibitsOnwardTransfer,
  toMessageOffer,
  validateDspMessage,
} from '../../connector/dsp';
import { example } from './fixtures';

const providerPid = 'urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab';
const consumerPid = 'urn:uuid:32541fe6-c580-409e-85a8-8a9a32fbe833';
const datasetId = 'urn:kakehashi:dataset:ou:battery-records';
const offer = buildBatteryRecordsOffer({
  offerId: 'urn:kakehashi:offer:ou:cx:1',
  disclosurePolicyId: 'urn:kakehashi:policy:ou-to-cx:1',
  disclosedTerms: [
    'https://w3id.org/kakehashi/vocab#batteryChemistry',
    'https://w3id.org/kakehashi/vocab#ratedCapacity',
  ],
  withheldTerms: [
    'https://w3id.org/kakehashi/vocab#supplier',
    'https://w3id.org/kakehashi/vocab#procurementVolume',
  ],
});
const messageOffer = toMessageOffer(offer, datasetId);
const agreement = agreementFromOffer(offer, {
  agreementId: 'urn:kakehashi:agreement:1',
  target: datasetId,
  assigner: 'urn:kakehashi:node:ou',
  assignee: 'urn:kakehashi:node:cx',
  timestamp: '2025-01-01T00:00:00.000Z',
});
const dataset = buildBatteryRecordsDataset({
  datasetId,
  platform: 'OU',
  offer,
  serviceId: 'urn:kakehashi:service:ou',
});

function keys(o: unknown): string[] {
  return Object.keys(o as Record<string, unknown>).sort();
}

// [type, built message, example file, keys the builder adds beyond the example]
const cases: [DspMessageType, unknown, string, string, string[]][] = [
  ['CatalogRequestMessage', buildCatalogRequest(), 'catalog', 'catalog-request-message.json', []],
  ['DatasetRequestMessage', buildDatasetRequest(datasetId), 'catalog', 'dataset-request-message.json', []],
  [
    'Catalog',
    buildCatalog({
      catalogId: 'urn:kakehashi:catalog:ou',
      participantId: 'urn:kakehashi:node:ou',
      service: { id: 'urn:kakehashi:service:ou', endpointURL: 'https://ou-node.example/dsp' },
      datasets: [dataset],
    }),
    'catalog',
    'catalog.json',
    [],
  ],
  ['Dataset', buildDatasetMessage(dataset), 'catalog', 'dataset.json', ['dct:title']],
  ['CatalogError', buildCatalogError('KH_X', ['not provisioned']), 'catalog', 'catalog-error.json', []],
  [
    'ContractRequestMessage',
    buildContractRequest({
      consumerPid,
      offer: messageOffer,
      callbackAddress: 'https://cx-node.example/dsp',
    }),
    'negotiation',
    'contract-request-message_initial.json',
    [],
  ],
  [
    'ContractRequestMessage',
    buildContractRequest({ consumerPid, providerPid, offer: messageOffer }),
    'negotiation',
    'contract-request-message.json',
    [],
  ],
  [
    'ContractOfferMessage',
    buildContractOffer({ providerPid, offer: messageOffer, callbackAddress: 'https://ou-node.example/dsp' }),
    'negotiation',
    'contract-offer-message_initial.json',
    [],
  ],
  [
    'ContractOfferMessage',
    buildContractOffer({ providerPid, consumerPid, offer: messageOffer }),
    'negotiation',
    'contract-offer-message.json',
    [],
  ],
  [
    'ContractAgreementMessage',
    buildContractAgreement({ providerPid, consumerPid, agreement }),
    'negotiation',
    'contract-agreement-message.json',
    [],
  ],
  [
    'ContractAgreementVerificationMessage',
    buildAgreementVerification({ providerPid, consumerPid }),
    'negotiation',
    'contract-agreement-verification-message.json',
    [],
  ],
  [
    'ContractNegotiationEventMessage',
    buildNegotiationEvent({ providerPid, consumerPid, eventType: 'FINALIZED' }),
    'negotiation',
    'contract-negotiation-event-message.json',
    [],
  ],
  [
    'ContractNegotiationTerminationMessage',
    buildNegotiationTermination({ providerPid, consumerPid, code: 'KH_X', reason: ['no longer needed'] }),
    'negotiation',
    'contract-negotiation-termination-message.json',
    [],
  ],
  [
    'ContractNegotiation',
    buildContractNegotiation({ providerPid, consumerPid, state: 'AGREED' }),
    'negotiation',
    'contract-negotiation.json',
    [],
  ],
  [
    'ContractNegotiationError',
    buildNegotiationError({ providerPid, consumerPid, code: 'KH_X', reason: ['refused'] }),
    'negotiation',
    'contract-negotiation-error.json',
    [],
  ],
  [
    'TransferRequestMessage',
    buildTransferRequest({
      consumerPid,
      agreementId: agreement['@id'],
      format: 'HttpData-PUSH',
      callbackAddress: 'https://cx-node.example/dsp',
      dataAddress: buildDataAddress('https://cx-node.example/records', { authType: 'mtls', audience: 'cx' }),
    }),
    'transfer',
    'transfer-request-message.json',
    [],
  ],
  [
    'TransferStartMessage',
    buildTransferStart({
      providerPid,
      consumerPid,
      dataAddress: buildDataAddress('https://x.example', { a: 'b' }),
    }),
    'transfer',
    'transfer-start-message.json',
    [],
  ],
  [
    'TransferCompletionMessage',
    buildTransferCompletion({ providerPid, consumerPid }),
    'transfer',
    'transfer-completion-message.json',
    [],
  ],
  [
    'TransferSuspensionMessage',
    buildTransferSuspension({ providerPid, consumerPid, code: 'KH_X', reason: ['paused'] }),
    'transfer',
    'transfer-suspension-message.json',
    [],
  ],
  [
    'TransferTerminationMessage',
    buildTransferTermination({ providerPid, consumerPid, code: 'KH_X', reason: ['ended'] }),
    'transfer',
    'transfer-termination-message.json',
    [],
  ],
  [
    'TransferProcess',
    buildTransferProcess({ providerPid, consumerPid, state: 'STARTED' }),
    'transfer',
    'transfer-process.json',
    [],
  ],
  [
    'TransferError',
    buildTransferError({ providerPid, consumerPid, code: 'KH_X', reason: ['failed'] }),
    'transfer',
    'transfer-error.json',
    [],
  ],
];

describe('message builders', () => {
  it.each(cases.map((c) => [`${c[0]} like ${c[3]}`, ...c] as const))(
    '%s validates and has the example key set',
    (_name, type, built, area, file, extra) => {
      expect(validateDspMessage(type, built)).toBe(built);
      const ex = example(area, file);
      expect(keys(built)).toEqual([...keys(ex), ...extra].sort());
      const msg = built as Record<string, unknown>;
      expect(msg['@context']).toEqual([DSP_CONTEXT_URL]);
      expect(msg['@type']).toBe(ex['@type']);
    },
  );

  it('nested objects have the example shapes', () => {
    const req = buildContractRequest({ consumerPid, providerPid, offer: messageOffer });
    const exOffer = example('negotiation', 'contract-request-message.json').offer;
    expect(keys(exOffer).every((k) => keys(req.offer).includes(k))).toBe(true);
    const cat = buildCatalog({
      catalogId: 'c',
      participantId: 'p',
      service: { id: 's', endpointURL: 'https://x' },
      datasets: [dataset],
    });
    const exCat = example('catalog', 'catalog.json') as { dataset: unknown[]; service: unknown[] };
    expect(keys(cat.dataset[0])).toEqual([...keys(exCat.dataset[0]), 'dct:title'].sort());
    expect(keys(cat.service[0])).toEqual(keys(exCat.service[0]));
    const exAgr = example('negotiation', 'contract-agreement-message.json').agreement;
    expect(keys(exAgr).every((k) => keys(agreement).includes(k))).toBe(true);
  });

  it('the offer carries the disclosure policy and forbids onward transfer', () => {
    expect(dataset['dct:title']).toBe('Battery records from platform OU');
    const constraints = offer.permission?.[0].constraint ?? [];
    expect(constraints).toContainEqual({
      leftOperand: KH_LEFT_OPERAND.disclosurePolicy,
      operator: 'eq',
      rightOperand: 'urn:kakehashi:policy:ou-to-cx:1',
    });
    expect(offer.prohibition).toEqual([{ action: ODRL_DISTRIBUTE }]);
    expect(prohibitsOnwardTransfer(offer)).toBe(true);
    expect(prohibitsOnwardTransfer(agreement)).toBe(true);
    expect(prohibitsOnwardTransfer({ prohibition: [] })).toBe(false);
  });

  it('an offer without withheld terms still validates', () => {
    const o = buildBatteryRecordsOffer({ offerId: 'urn:o', disclosurePolicyId: 'urn:p', disclosedTerms: [] });
    expect(o.permission?.[0].constraint).toHaveLength(3);
    expect(() =>
      validateDspMessage(
        'ContractOfferMessage',
        buildContractOffer({ providerPid, consumerPid, offer: toMessageOffer(o, 'urn:d') }),
      ),
    ).not.toThrow();
  });

  it('optional fields are omitted, not null', () => {
    const t = buildNegotiationTermination({ providerPid, consumerPid });
    expect(keys(t)).toEqual(['@context', '@type', 'consumerPid', 'providerPid']);
    expect(validateDspMessage('ContractNegotiationTerminationMessage', t)).toBe(t);
    const s = buildTransferSuspension({ providerPid, consumerPid, reason: [] });
    expect('reason' in s).toBe(false);
    expect(validateDspMessage('TransferSuspensionMessage', s)).toBe(s);
    expect(buildDataAddress('https://x').endpointProperties).toBeUndefined();
    expect(buildNegotiationError({ providerPid, consumerPid, code: 'C', reason: [] }).reason).toEqual(['C']);
  });
});
