/**
 * The demo's certifications: each platform has an accredited certifier and an authority; the two
 * authorities sign the mutual-recognition agreement (OU CFP verification ⇄ Catena-X PCF Rulebook); the
 * certifiers issue certification credentials for the seed passports, publish their status lists, and
 * one credential is revoked. Everything is written as files the node configuration names
 * (`mra`, `certifications.dir`, `certifications.statusListsDir`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { PlatformPki } from '../../../certs/pki';
import {
  allocateStatusIndex,
  buildCertificationCredential,
  createStatusListState,
  issueCertificationCredential,
  issueStatusListCredential,
  revokeInStatusList,
} from '../../../certs/certification';
import { signMra, type MutualRecognitionAgreement } from '../../../policies/mra';
import type { PlatformName } from '../config';

const DAY = 24 * 3600 * 1000;
const BODY = {
  ouranos: { id: 'urn:kakehashi:accreditation-body:ouranos:jab', name: 'Japan Accreditation Board' },
  'catena-x': { id: 'urn:kakehashi:accreditation-body:catena-x:dakks', name: 'DAkkS' },
} as const;
const SCHEME = {
  ouranos: {
    schemeId: 'OU-CFP-VERIFICATION',
    name: 'Ouranos battery CFP verification',
    schemeVersion: '1.0',
  },
  'catena-x': { schemeId: 'CX-0029', name: 'PCF Rulebook v3.0', schemeVersion: '3.0' },
} as const;
const CERTIFIER = { ouranos: 'cert-jqa', 'catena-x': 'BPNL00000000CERT' } as const;

export function demoAgreement(now: Date): MutualRecognitionAgreement {
  const recognition = (source: PlatformName, target: PlatformName) => ({
    type: 'Recognition' as const,
    sourcePlatform: source,
    targetPlatform: target,
    accreditationBodies: [{ ...BODY[source], type: 'AccreditationBody' as const }],
    certifiers: [],
    schemes: [SCHEME[source].schemeId],
  });
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kakehashi/certification/v1'],
    id: 'urn:kakehashi:mra:ouranos-catena-x:demo',
    type: 'MutualRecognitionAgreement',
    title: 'Mutual recognition of battery carbon-footprint certifications',
    agreementVersion: '1',
    effectiveFrom: new Date(now.getTime() - DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    effectiveUntil: new Date(now.getTime() + 730 * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    recognitions: [recognition('ouranos', 'catena-x'), recognition('catena-x', 'ouranos')],
    schemeCorrespondences: [
      {
        type: 'SchemeCorrespondence',
        correspondingSchemes: [
          { type: 'PlatformScheme', platform: 'ouranos', ...SCHEME.ouranos },
          { type: 'PlatformScheme', platform: 'catena-x', ...SCHEME['catena-x'] },
        ],
      },
    ],
  } as MutualRecognitionAgreement;
}

export interface CertificationSetupResult {
  /** Config fragments per platform (`mra`, `certifications`). */
  config: Record<PlatformName, Record<string, unknown>>;
  issued: Record<PlatformName, number>;
  revoked: Record<PlatformName, number>;
}

/**
 * Write the MRA and the certifications of `subjects` (passport ids per platform) under `stateDir`;
 * the `revokeOne` platform's first credential is revoked.
 */
export function setUpCertifications(input: {
  stateDir: string;
  pkis: Record<PlatformName, PlatformPki>;
  subjects: Record<PlatformName, string[]>;
  revokeOne: PlatformName;
  now?: Date;
}): CertificationSetupResult {
  const now = input.now ?? new Date();
  const platforms: PlatformName[] = ['ouranos', 'catena-x'];
  const authorities = platforms.map((p) => ({ p, id: input.pkis[p].issue('authority', `${p}-authority`) }));
  let mra = signMra(demoAgreement(now), { ...authorities[0].id, platform: authorities[0].p });
  mra = signMra(mra, { ...authorities[1].id, platform: authorities[1].p });
  const mraFile = path.join(input.stateDir, 'mra.json');
  mkdirSync(input.stateDir, { recursive: true });
  writeFileSync(mraFile, `${JSON.stringify(mra, null, 2)}\n`);
  const statusDir = path.join(input.stateDir, 'status-lists');
  mkdirSync(statusDir, { recursive: true });
  const config = {} as Record<PlatformName, Record<string, unknown>>;
  const issued = {} as Record<PlatformName, number>;
  const revoked = {} as Record<PlatformName, number>;
  for (const p of platforms) {
    const certifier = input.pkis[p].issue('certifier', CERTIFIER[p]);
    let state = createStatusListState(
      `https://status.kakehashi.example/${p}/${CERTIFIER[p]}`,
      certifier.subjectIri,
    );
    const dir = path.join(input.stateDir, p, 'certifications');
    mkdirSync(dir, { recursive: true });
    const ids: string[] = [];
    input.subjects[p].forEach((subject, i) => {
      const id = `urn:uuid:${randomUUID()}`;
      const alloc = allocateStatusIndex(state, id);
      state = alloc.state;
      const credential = buildCertificationCredential({
        id,
        certifier: { id: certifier.subjectIri, name: `${CERTIFIER[p]} certification` },
        subject: { id: subject, type: 'BatteryPassport' },
        scheme: SCHEME[p],
        outcome: 'pass',
        validFrom: new Date(now.getTime() - DAY),
        validUntil: new Date(now.getTime() + 365 * DAY),
        accreditation: { accreditationId: `${p}-accreditation-0042`, body: BODY[p] },
        status: { statusListCredential: state.url, statusListIndex: alloc.index },
      });
      writeFileSync(
        path.join(dir, `cert-${String(i + 1).padStart(2, '0')}.jwt`),
        issueCertificationCredential(credential, certifier),
      );
      ids.push(id);
    });
    if (p === input.revokeOne && ids.length > 0) state = revokeInStatusList(state, ids[0]);
    writeFileSync(
      path.join(statusDir, `${p}.jwt`),
      issueStatusListCredential(state, certifier, { now: new Date(now.getTime() - 1000) }),
    );
    issued[p] = ids.length;
    revoked[p] = p === input.revokeOne && ids.length > 0 ? 1 : 0;
    config[p] = { mra: mraFile, certifications: { dir, statusListsDir: statusDir } };
  }
  return { config, issued, revoked };
}
