/**
 * The certification world of the revocation drill: a Catena-X certifier (accredited by DAkkS) certifies
 * each publishing company under CX-0029; a mutual-recognition agreement signed by both platform
 * authorities lets that certification pass from CX to OU; the certifier's status list is written where
 * both nodes read it, and `revoke()` publishes a new list with the credentials revoked.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { PlatformPki, IssuedIdentity } from '../../certs/pki';
import {
  allocateStatusIndex,
  buildCertificationCredential,
  createStatusListState,
  issueCertificationCredential,
  issueStatusListCredential,
  revokeInStatusList,
  type StatusListState,
} from '../../certs/certification';
import { signMra, type MutualRecognitionAgreement } from '../../policies/mra';
import type { Platform } from './federation';

const DAY = 86400000;
const CX_BODY = { id: 'urn:kakehashi:accreditation-body:catena-x:dakks', name: 'DAkkS' };
const OU_BODY = { id: 'urn:kakehashi:accreditation-body:ouranos:jab', name: 'Japan Accreditation Board' };

export interface CertificationWorld {
  /** Config additions per side (mra, certifications folders). */
  config: Record<Platform, Record<string, unknown>>;
  /** Revoke every issued certification and publish the new status list to both sides. */
  revoke(): void;
}

function agreement(now: Date): MutualRecognitionAgreement {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kakehashi/certification/v1'],
    id: `urn:kakehashi:mra:drill:${randomUUID()}`,
    type: 'MutualRecognitionAgreement',
    title: 'Drill: mutual recognition of battery carbon-footprint certifications',
    agreementVersion: '1',
    effectiveFrom: new Date(now.getTime() - DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    effectiveUntil: new Date(now.getTime() + 365 * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    recognitions: [
      {
        type: 'Recognition',
        sourcePlatform: 'ouranos',
        targetPlatform: 'catena-x',
        accreditationBodies: [{ ...OU_BODY, type: 'AccreditationBody' }],
        certifiers: [],
        schemes: ['OU-CFP-VERIFICATION'],
      },
      {
        type: 'Recognition',
        sourcePlatform: 'catena-x',
        targetPlatform: 'ouranos',
        accreditationBodies: [{ ...CX_BODY, type: 'AccreditationBody' }],
        certifiers: [],
        schemes: ['CX-0029'],
      },
    ],
    schemeCorrespondences: [
      {
        type: 'SchemeCorrespondence',
        correspondingSchemes: [
          {
            type: 'PlatformScheme',
            platform: 'ouranos',
            schemeId: 'OU-CFP-VERIFICATION',
            name: 'Ouranos battery CFP verification',
            schemeVersion: '1.0',
          },
          {
            type: 'PlatformScheme',
            platform: 'catena-x',
            schemeId: 'CX-0029',
            name: 'PCF Rulebook v3.0',
            schemeVersion: '3.0',
          },
        ],
      },
    ],
  } as MutualRecognitionAgreement;
}

/** Write the certification world under each side's folder; `subjects` are the company IRIs to certify. */
export function prepareCertificationWorld(
  pkis: Record<Platform, PlatformPki>,
  dirs: Record<Platform, string>,
  subjects: string[],
): CertificationWorld {
  const now = new Date();
  const certifier: IssuedIdentity = pkis['catena-x'].issue('certifier', 'BPNL00000000CERT', {
    name: 'TUEV Example',
    days: 3650,
  });
  let state: StatusListState = createStatusListState(
    'https://status.example/catena-x/BPNL00000000CERT',
    certifier.subjectIri,
  );
  const ids: string[] = [];
  const tokens: string[] = [];
  for (const subject of subjects) {
    const id = `urn:uuid:${randomUUID()}`;
    const alloc = allocateStatusIndex(state, id);
    state = alloc.state;
    ids.push(id);
    tokens.push(
      issueCertificationCredential(
        buildCertificationCredential({
          id,
          certifier: { id: certifier.subjectIri, name: 'TUEV Example' },
          subject: { id: subject },
          scheme: { schemeId: 'CX-0029', name: 'PCF Rulebook v3.0', schemeVersion: '3.0' },
          outcome: 'pass',
          validFrom: new Date(now.getTime() - DAY),
          validUntil: new Date(now.getTime() + 365 * DAY),
          accreditation: { accreditationId: 'D-ZE-12345-01', body: CX_BODY },
          status: { statusListCredential: state.url, statusListIndex: alloc.index },
        }),
        certifier,
      ),
    );
  }
  const ouAuthority = pkis.ouranos.issue('authority', 'ouranos-authority', { days: 3650 });
  const cxAuthority = pkis['catena-x'].issue('authority', 'catena-x-authority', { days: 3650 });
  const signer = (a: IssuedIdentity) => ({
    privateKey: a.privateKey,
    x5c: a.x5c,
    platform: a.platform,
    subjectIri: a.subjectIri,
  });
  const mra = signMra(signMra(agreement(now), signer(ouAuthority)), signer(cxAuthority));
  const publishStatus = (): void => {
    const list = issueStatusListCredential(state, certifier, { now: new Date(Date.now() - 1000) });
    for (const p of ['ouranos', 'catena-x'] as Platform[]) {
      const dir = path.join(dirs[p], 'status-lists');
      mkdirSync(dir, { recursive: true });
      const tmp = path.join(dir, '.certifier.jwt.tmp');
      writeFileSync(tmp, list);
      // rename is atomic: a node never reads half a list.
      renameSync(tmp, path.join(dir, 'certifier.jwt'));
    }
  };
  const config = {} as Record<Platform, Record<string, unknown>>;
  for (const p of ['ouranos', 'catena-x'] as Platform[]) {
    writeFileSync(path.join(dirs[p], 'mra.json'), JSON.stringify(mra));
    const certDir = path.join(dirs[p], 'certifications');
    mkdirSync(certDir, { recursive: true });
    if (p === 'catena-x') tokens.forEach((t, i) => writeFileSync(path.join(certDir, `cert-${i}.jwt`), t));
    config[p] = {
      mra: 'mra.json',
      certifications: { dir: 'certifications', statusListsDir: 'status-lists' },
    };
  }
  publishStatus();
  return {
    config,
    revoke: () => {
      for (const id of ids) state = revokeInStatusList(state, id);
      publishStatus();
    },
  };
}
