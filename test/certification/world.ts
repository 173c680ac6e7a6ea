/**
 * A small two-platform world for certification and MRA tests: in-memory PKIs (keys generated at run time),
 * certifiers, authorities, a trust store, status lists published through a memory resolver.
 */
import { randomUUID } from 'node:crypto';
import {
  createPlatformPki,
  createTrustStore,
  IssuedIdentity,
  PlatformPki,
  TrustStore,
} from '../../certs/pki';
import {
  allocateStatusIndex,
  buildCertificationCredential,
  CertificationInput,
  createMemoryStatusListResolver,
  createStatusListState,
  issueCertificationCredential,
  issueStatusListCredential,
  revokeInStatusList,
  StatusListState,
} from '../../certs/certification';

export const T0 = new Date('2026-03-01T00:00:00Z');
export const DAY = 24 * 3600 * 1000;

export interface Certifier {
  identity: IssuedIdentity;
  state: StatusListState;
}

export interface World {
  ou: PlatformPki;
  cx: PlatformPki;
  trust: TrustStore;
  ouCertifier: Certifier;
  cxCertifier: Certifier;
  ouAuthority: IssuedIdentity;
  cxAuthority: IssuedIdentity;
  ouCompany: IssuedIdentity;
  resolver: ReturnType<typeof createMemoryStatusListResolver>;
  /** Issue a certification from `certifier` (allocating its status index) and republish its list. */
  certify(certifier: Certifier, overrides?: Partial<CertificationInput>): { token: string; id: string };
  revoke(certifier: Certifier, credentialId: string, at?: Date): void;
  publish(certifier: Certifier, at?: Date): void;
}

export const OU_BODY = {
  id: 'urn:kakehashi:accreditation-body:ouranos:jab',
  name: 'Japan Accreditation Board',
};
export const CX_BODY = { id: 'urn:kakehashi:accreditation-body:catena-x:dakks', name: 'DAkkS' };

export function createWorld(): World {
  const pkiNow = new Date(T0.getTime() - 30 * DAY);
  const ou = createPlatformPki({ platform: 'ouranos', now: pkiNow });
  const cx = createPlatformPki({ platform: 'catena-x', now: pkiNow });
  const trust = createTrustStore({ roots: [ou.rootCertificatePem, cx.rootCertificatePem] });
  const resolver = createMemoryStatusListResolver();
  const mk = (pki: PlatformPki, id: string, name: string): Certifier => {
    const identity = pki.issue('certifier', id, { name, days: 3650 });
    const state = createStatusListState(`https://status.example/${pki.platform}/${id}`, identity.subjectIri);
    return { identity, state };
  };
  const world: World = {
    ou,
    cx,
    trust,
    ouCertifier: mk(ou, 'cert-jqa', 'JQA Certification'),
    cxCertifier: mk(cx, 'BPNL00000000CERT', 'TUEV Example'),
    ouAuthority: ou.issue('authority', 'ouranos-authority', { days: 3650 }),
    cxAuthority: cx.issue('authority', 'catena-x-authority', { days: 3650 }),
    ouCompany: ou.issue('company', 'ou-company-1', { days: 3650 }),
    resolver,
    publish(certifier, at = T0) {
      resolver.publish(
        certifier.state.url,
        issueStatusListCredential(certifier.state, certifier.identity, {
          now: new Date(at.getTime() - 1000),
        }),
      );
    },
    certify(certifier, overrides = {}) {
      const id = overrides.id ?? `urn:uuid:${randomUUID()}`;
      const alloc = allocateStatusIndex(certifier.state, id);
      certifier.state = alloc.state;
      const isOu = certifier.identity.platform === 'ouranos';
      const credential = buildCertificationCredential({
        id,
        certifier: { id: certifier.identity.subjectIri, name: isOu ? 'JQA Certification' : 'TUEV Example' },
        subject: { id: isOu ? 'urn:uuid:6a1f2d3e-1111-4222-8333-944455556666' : 'BPNL00000003AYRE' },
        scheme: isOu
          ? {
              schemeId: 'OU-CFP-VERIFICATION',
              name: 'Ouranos battery CFP verification',
              schemeVersion: '1.0',
            }
          : { schemeId: 'CX-0029', name: 'PCF Rulebook v3.0', schemeVersion: '3.0' },
        outcome: 'pass',
        validFrom: new Date(T0.getTime() - DAY),
        validUntil: new Date(T0.getTime() + 365 * DAY),
        accreditation: {
          accreditationId: isOu ? 'JAB-CM-0042' : 'D-ZE-12345-01',
          body: isOu ? OU_BODY : CX_BODY,
        },
        status: { statusListCredential: certifier.state.url, statusListIndex: alloc.index },
        ...overrides,
      });
      const token = issueCertificationCredential(credential, certifier.identity);
      world.publish(certifier);
      return { token, id };
    },
    revoke(certifier, credentialId, at = T0) {
      certifier.state = revokeInStatusList(certifier.state, credentialId);
      world.publish(certifier, at);
    },
  };
  return world;
}
