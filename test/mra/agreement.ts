import type { MutualRecognitionAgreement } from '../../policies/mra';
import { CX_BODY, OU_BODY } from '../certification/world';

/** A sample agreement: OU CFP verification ⇄ Catena-X PCF Rulebook (CX-0029). */
export function sampleAgreement(
  overrides: Partial<MutualRecognitionAgreement> = {},
): MutualRecognitionAgreement {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kakehashi/certification/v1'],
    id: 'urn:kakehashi:mra:ouranos-catena-x:2026-1',
    type: 'MutualRecognitionAgreement',
    title: 'Mutual recognition of battery carbon-footprint certifications',
    agreementVersion: '1',
    effectiveFrom: '2026-01-01T00:00:00Z',
    effectiveUntil: '2028-01-01T00:00:00Z',
    recognitions: [
      {
        type: 'Recognition',
        sourcePlatform: 'ouranos',
        targetPlatform: 'catena-x',
        accreditationBodies: [{ ...OU_BODY, type: 'AccreditationBody' }],
        certifiers: [
          {
            id: 'urn:kakehashi:participant:ouranos:cert-jqa',
            type: 'RecognisedCertifier',
            name: 'JQA Certification',
            accreditationBody: OU_BODY.id,
          },
        ],
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
    ...overrides,
  };
}
