/** Test fixtures: the real Catena-X BatteryPass 6.1.0 example and schema (read from ../shared), and a companion. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SupplyChainCompanion } from '../../../adapters/catena-x/types';

export const BATTERY_PASS_DIR = path.resolve(
  __dirname,
  '../../../../shared/fixtures/catena-x/sldt-semantic-models/io.catenax.battery.battery_pass/6.1.0',
);
export const BATTERY_PASS_EXAMPLE_FILE = path.join(BATTERY_PASS_DIR, 'gen/BatteryPass.json');
export const BATTERY_PASS_SCHEMA_FILE = path.join(BATTERY_PASS_DIR, 'gen/BatteryPass-schema.json');

/** The published example, as is (its `operation.intoServiceDate` is the impossible "7172-75-08"). */
export function realExample(): Record<string, unknown> {
  return JSON.parse(readFileSync(BATTERY_PASS_EXAMPLE_FILE, 'utf8')) as Record<string, unknown>;
}

/** The published example with only `operation.intoServiceDate` corrected. */
export function correctedExample(): Record<string, unknown> {
  const doc = realExample();
  (doc.operation as Record<string, unknown>).intoServiceDate = '2024-05-08';
  return doc;
}

export function sampleCompanion(): SupplyChainCompanion {
  return {
    catenaXId: 'urn:uuid:3f9b1c2e-7a44-4b8e-9c1d-2e5f6a7b8c9d',
    childItems: [
      {
        catenaXId: 'urn:uuid:0c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
        businessPartner: 'BPNL00000003CELL',
        businessPartnerName: 'Cell Supplier GmbH',
        tier: 1,
        material: 'battery cell',
        quantity: { value: 120000, unit: 'unit:piece' },
        procurementPeriod: { start: '2025-01-01', end: '2025-12-31' },
      },
      {
        businessPartner: 'BPNL00000004COBA',
        businessPartnerName: 'Refinery Oy',
        tier: 2,
        material: 'cobalt sulfate',
        origin: { country: 'FI', siteType: 'refinery', siteName: 'Kokkola', site: 'BPNS00000004SITE' },
        quantity: { value: 12.5, unit: 'unit:tonneMetricTon' },
        procurementPeriod: { start: '2025-01-01', end: '2025-06-30' },
      },
      {
        businessPartner: 'BPNL00000005MINE',
        tier: 3,
        material: 'cobalt ore',
        origin: { country: 'CD', siteType: 'mine' },
      },
    ],
  };
}

type JsonContainer = Record<string, unknown> | unknown[];

function parentOf(doc: unknown, pointer: string): { parent: JsonContainer; key: string } {
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const key = tokens.pop();
  let node: unknown = doc;
  for (const t of tokens) node = (node as Record<string, unknown>)[t];
  if (key === undefined || typeof node !== 'object' || node === null)
    throw new Error(`no parent for ${pointer}`);
  return { parent: node as JsonContainer, key };
}

/** Sets the value at a JSON pointer (test helper; the parent must exist). */
export function setAt(doc: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(doc, pointer);
  (parent as Record<string, unknown>)[key] = value;
}

/** Deletes the member at a JSON pointer (test helper). */
export function deleteAt(doc: unknown, pointer: string): void {
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
}
