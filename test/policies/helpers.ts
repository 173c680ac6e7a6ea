/** Shared helpers of the policy tests: a throwaway PKI (keys made at run time), a sample record, decoding. */
import { createPlatformPki, createTrustStore, type IssuedIdentity, type TrustStore } from '../../certs/pki';
import { issueSdJwtVc, verifySdJwtVc, type DisclosureFrame } from '../../certs/sd-jwt';
import type { CanonicalRecord } from '../../adapters/canonical/types';
import { KhError } from '../../connector/errors';

export const NOW = new Date('2026-03-01T12:00:00Z');
export const PEER_NODE = 'urn:kakehashi:node:catena-x:cx-node-1';

export interface PolicyPki {
  company: IssuedIdentity;
  holder: IssuedIdentity;
  trust: TrustStore;
  /** The company certificate for a credential issuer IRI (`urn:kakehashi:participant:<platform>:<id>`), made once. */
  companyFor(issuer: string): IssuedIdentity;
}

export function makePki(): PolicyPki {
  const pkis = {
    ouranos: createPlatformPki({ platform: 'ouranos', now: NOW }),
    'catena-x': createPlatformPki({ platform: 'catena-x', now: NOW }),
  };
  const companies = new Map<string, IssuedIdentity>();
  const companyFor = (issuer: string): IssuedIdentity => {
    const match = /^urn:kakehashi:participant:(ouranos|catena-x):(.+)$/.exec(issuer);
    if (match === null) throw new Error(`not a participant IRI: ${issuer}`);
    const known =
      companies.get(issuer) ?? pkis[match[1] as 'ouranos' | 'catena-x'].issue('company', match[2]);
    companies.set(issuer, known);
    return known;
  };
  return {
    company: companyFor('urn:kakehashi:participant:ouranos:T0000000000001'),
    holder: pkis.ouranos.issue('node', 'ou-node-1'),
    trust: createTrustStore({
      roots: [pkis.ouranos.rootCertificatePem, pkis['catena-x'].rootCertificatePem],
    }),
    companyFor,
  };
}

/** Issue as the record's company; `frame` = the disclosure frame (default: every claim disclosable). */
export function issue(pki: PolicyPki, record: { issuer: string }, frame?: DisclosureFrame): string {
  const company = pki.companyFor(record.issuer);
  return issueSdJwtVc(record, {
    privateKey: company.privateKey,
    x5c: company.x5c,
    now: NOW,
    holderPublicJwk: pki.holder.privateKey.export({ format: 'jwk' }),
    ...(frame === undefined ? {} : { frame }),
  });
}

export function keyBinding(pki: PolicyPki): {
  privateKey: IssuedIdentity['privateKey'];
  audience: string;
  nonce: string;
  now: Date;
} {
  return { privateKey: pki.holder.privateKey, audience: PEER_NODE, nonce: 'transfer-0001', now: NOW };
}

/** The peer's verification of a presentation bound with `keyBinding(pki)`. */
export function verifyAsPeer(pki: PolicyPki, presentation: string): ReturnType<typeof verifySdJwtVc> {
  return verifySdJwtVc(presentation, {
    trust: pki.trust,
    audience: PEER_NODE,
    nonce: 'transfer-0001',
    requireKeyBinding: true,
    now: NOW,
  });
}

export const SUPPLIER_NAME = 'Kitakami Cathode Works K.K.';
export const SUPPLIER_ID = 'T4010001999999';
export const TIER2_NAME = '東北コバルト精錬株式会社';
export const TIER2_ID = 'BPNL00000000TIR2';

export function sampleRecord(): CanonicalRecord {
  const issuer = 'urn:kakehashi:participant:ouranos:T0000000000001';
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kakehashi/v1'],
    type: ['VerifiableCredential', 'BatteryPassportCredential'],
    id: 'urn:kakehashi:record:ouranos:BP-0001:1',
    issuer,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      id: 'urn:uuid:0b7c5f0e-4d4a-4b8e-9d3e-2f1a6c7d8e90',
      type: 'BatteryPassport',
      provenance: { sourcePlatform: 'ouranos', publisher: issuer, recordId: 'BP-0001', recordVersion: '1' },
      identification: {
        category: 'EV',
        chemistry: 'NMC811',
        identification: { serial: [{ key: 'serialNumber', value: 'SN-778899' }] },
      },
      characteristics: { physicalDimension: { weight: { value: 412.5, unit: 'unit:kilogram' } } },
      sustainability: {
        carbonFootprint: [
          {
            value: 74.3,
            unit: 'kg CO2e/kWh',
            lifecycle: 'main product production',
            type: 'Climate Change Total',
          },
        ],
        status: 'original',
      },
      supplyChain: {
        itemId: 'urn:uuid:1c1f55c0-1111-4a2b-9e7a-0a0b0c0d0e0f',
        suppliers: [
          {
            tier: 1,
            supplierName: SUPPLIER_NAME,
            supplierIdentifier: SUPPLIER_ID,
            suppliedItemId: 'urn:uuid:5e5e5e5e-aaaa-4bbb-8ccc-dddddddddddd',
            suppliedMaterial: 'cathode active material',
            materialOrigin: {
              originCountry: 'JP',
              originSiteType: 'refinery',
              originSiteName: 'Kitakami Refinery No. 2',
              originSiteIdentifier: 'T4010001999999-S2',
            },
            procurementVolume: {
              quantity: 1250.5,
              unit: 'TNE',
              period: { start: '2025-01-01', end: '2025-12-31' },
            },
          },
          {
            tier: 2,
            supplierName: TIER2_NAME,
            supplierIdentifier: TIER2_ID,
            suppliedMaterial: 'cobalt',
            materialOrigin: { originCountry: 'AU', originSiteType: 'mine' },
            procurementVolume: {
              quantity: 8_800_000,
              unit: 'KGM',
              period: { start: '2025-04-01', end: '2026-03-31' },
            },
          },
        ],
      },
    },
  };
}

/** Every decoded JSON text of a compact SD-JWT presentation (header, payload, disclosures, KB-JWT). */
export function decodedTexts(presentation: string): string[] {
  const [jwt = '', ...rest] = presentation.split('~');
  const texts = jwt
    .split('.')
    .slice(0, 2)
    .map((p) => Buffer.from(p, 'base64url').toString('utf8'));
  for (const segment of rest) {
    if (segment.length === 0) continue;
    const parts = segment.split('.');
    if (parts.length === 3)
      texts.push(...parts.slice(0, 2).map((p) => Buffer.from(p, 'base64url').toString('utf8')));
    else texts.push(Buffer.from(segment, 'base64url').toString('utf8'));
  }
  return texts;
}

/** The error code a function throws (undefined when it does not throw). */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof KhError ? e.code : `not-a-KhError:${String(e)}`;
  }
  return undefined;
}

export function caught(fn: () => unknown): KhError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KhError) return e;
    throw e;
  }
  throw new Error('expected a KhError');
}

const SENSITIVE_KEYS = [
  'supplierName',
  'supplierIdentifier',
  'suppliedItemId',
  'originSiteName',
  'originSiteIdentifier',
  'procurementVolume',
];

/** The original record as the shipped policies should let it through: sensitive supplier claims removed. */
export function policyFiltered(record: CanonicalRecord): CanonicalRecord {
  const copy = JSON.parse(JSON.stringify(record)) as CanonicalRecord;
  for (const s of copy.credentialSubject.supplyChain?.suppliers ?? []) {
    const entry = s as unknown as Record<string, unknown>;
    for (const k of SENSITIVE_KEYS) delete entry[k];
    const origin = entry.materialOrigin as Record<string, unknown> | undefined;
    if (origin) for (const k of SENSITIVE_KEYS) delete origin[k];
  }
  return copy;
}
