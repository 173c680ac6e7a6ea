/** The MRA JSON Schema (schemas/mra/), compiled once. */
import Ajv from 'ajv';
import { KhError } from '../../connector/errors';
import mraSchema from '../../schemas/mra/mutual-recognition-agreement.schema.json';
import type { MutualRecognitionAgreement } from './types';

const validate = new Ajv({ strict: false }).compile(mraSchema);

export function assertAgreementShape(value: unknown): asserts value is MutualRecognitionAgreement {
  if (!validate(value)) {
    const e = validate.errors?.[0];
    throw new KhError('KH_MRA_MALFORMED', `the agreement fails its JSON Schema: ${e?.message ?? 'invalid'}`, {
      where: e?.instancePath || '/',
    });
  }
  const agreement = value as unknown as MutualRecognitionAgreement;
  agreement.recognitions.forEach((r, i) => {
    if (r.sourcePlatform === r.targetPlatform) {
      throw new KhError('KH_MRA_MALFORMED', 'a recognition goes from one platform to the other', {
        where: `/recognitions/${i}`,
      });
    }
  });
  agreement.schemeCorrespondences.forEach((c, i) => {
    const [a, b] = c.correspondingSchemes;
    if (a.platform === b.platform) {
      throw new KhError('KH_MRA_MALFORMED', 'a correspondence pairs one scheme of each platform', {
        where: `/schemeCorrespondences/${i}`,
      });
    }
  });
}
