/** Throwaway PKIs for the SD-JWT tests: keys generated at run time, never written anywhere. */
import {
  createPlatformPki,
  createTrustStore,
  type IssuedIdentity,
  type PlatformPki,
  type TrustStore,
} from '../../certs/pki';

export const FIXED_NOW = new Date('2026-03-01T12:00:00Z');

export interface SdJwtPkiFixture {
  cx: PlatformPki;
  ou: PlatformPki;
  company: IssuedIdentity;
  otherCompany: IssuedIdentity;
  nodeIdentity: IssuedIdentity;
  receivingNode: IssuedIdentity;
  trust: TrustStore;
  /** Trusts only the OU root. */
  ouOnlyTrust: TrustStore;
}

export function makePkiFixture(now: Date = FIXED_NOW): SdJwtPkiFixture {
  const cx = createPlatformPki({ platform: 'catena-x', now });
  const ou = createPlatformPki({ platform: 'ouranos', now });
  return {
    cx,
    ou,
    company: cx.issue('company', 'BPNL000000000001'),
    otherCompany: cx.issue('company', 'BPNL000000000002'),
    nodeIdentity: cx.issue('node', 'cx-node-1'),
    receivingNode: ou.issue('node', 'ou-node-1'),
    trust: createTrustStore({ roots: [cx.rootCertificatePem, ou.rootCertificatePem] }),
    ouOnlyTrust: createTrustStore({ roots: [ou.rootCertificatePem] }),
  };
}
