/** Builders for the DSP 2025-1 catalog protocol messages this node sends. Pure. */
import { DSP_CONTEXT_URL, dspContext } from '../context';
import type { OdrlOffer } from './odrl';

type Ctx = [typeof DSP_CONTEXT_URL];

export interface CatalogRequestMessage {
  '@context': Ctx;
  '@type': 'CatalogRequestMessage';
  filter: unknown[];
}

export function buildCatalogRequest(filter: unknown[] = []): CatalogRequestMessage {
  return { '@context': dspContext(), '@type': 'CatalogRequestMessage', filter: [...filter] };
}

export interface DatasetRequestMessage {
  '@context': Ctx;
  '@type': 'DatasetRequestMessage';
  dataset: string;
}

export function buildDatasetRequest(datasetId: string): DatasetRequestMessage {
  return { '@context': dspContext(), '@type': 'DatasetRequestMessage', dataset: datasetId };
}

export interface DataService {
  '@id': string;
  '@type': 'DataService';
  endpointURL: string;
}

export interface Distribution {
  '@type': 'Distribution';
  format: string;
  accessService: string;
}

export interface DatasetEntry {
  '@id': string;
  '@type': 'Dataset';
  'dct:title': string;
  hasPolicy: OdrlOffer[];
  distribution: Distribution[];
}

export interface CatalogMessage {
  '@context': Ctx;
  '@id': string;
  '@type': 'Catalog';
  participantId: string;
  service: DataService[];
  dataset: DatasetEntry[];
}

export interface DatasetMessage extends DatasetEntry {
  '@context': Ctx;
}

/** Push transfer of SD-JWT VC presentations over HTTPS (the only distribution format the node offers). */
export const BATTERY_RECORDS_FORMAT = 'HttpData-PUSH';

export interface BatteryRecordsDatasetInput {
  datasetId: string;
  /** Platform name shown in the title, e.g. "OU" or "CX". */
  platform: string;
  offer: OdrlOffer;
  /** `@id` of the DataService the distribution is reached through. */
  serviceId: string;
  format?: string;
}

/** The dataset "battery records from platform X", offered under `offer`. */
export function buildBatteryRecordsDataset(input: BatteryRecordsDatasetInput): DatasetEntry {
  return {
    '@id': input.datasetId,
    '@type': 'Dataset',
    'dct:title': `Battery records from platform ${input.platform}`,
    hasPolicy: [input.offer],
    distribution: [
      {
        '@type': 'Distribution',
        format: input.format ?? BATTERY_RECORDS_FORMAT,
        accessService: input.serviceId,
      },
    ],
  };
}

/** A dataset answered on its own (dataset request). */
export function buildDatasetMessage(dataset: DatasetEntry): DatasetMessage {
  return { '@context': dspContext(), ...dataset };
}

export interface CatalogInput {
  catalogId: string;
  participantId: string;
  service: { id: string; endpointURL: string };
  datasets: DatasetEntry[];
}

/** The catalog response: one DataService (this node's DSP endpoint) and the offered datasets. */
export function buildCatalog(input: CatalogInput): CatalogMessage {
  return {
    '@context': dspContext(),
    '@id': input.catalogId,
    '@type': 'Catalog',
    participantId: input.participantId,
    service: [{ '@id': input.service.id, '@type': 'DataService', endpointURL: input.service.endpointURL }],
    dataset: input.datasets,
  };
}

export interface CatalogErrorMessage {
  '@context': Ctx;
  '@type': 'CatalogError';
  code: string;
  reason: string[];
}

export function buildCatalogError(code: string, reason: string[]): CatalogErrorMessage {
  return { '@context': dspContext(), '@type': 'CatalogError', code, reason: [...reason] };
}
