/** JSON Schema validators of the certification area, compiled once from the files under schemas/certification/. */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { KhError } from '../../connector/errors';
import certificationSchema from '../../schemas/certification/certification-credential.schema.json';
import statusListSchema from '../../schemas/certification/status-list-credential.schema.json';

const ajv = new Ajv({ allErrors: false, strict: false });
const validateCertification: ValidateFunction = ajv.compile(certificationSchema);
const validateStatusList: ValidateFunction = ajv.compile(statusListSchema);

function firstError(errors: ErrorObject[] | null | undefined): { where: string; problem: string } {
  const e = errors?.[0];
  return { where: e?.instancePath || '/', problem: e?.message ?? 'invalid' };
}

function check(validate: ValidateFunction, value: unknown, code: string, what: string): void {
  if (!validate(value)) {
    const { where, problem } = firstError(validate.errors);
    // ajv's message names the rule (type, pattern, required property), never the offending value.
    throw new KhError(code, `${what} fails its JSON Schema: ${problem}`, { where });
  }
}

export function assertCertificationShape(value: unknown, code = 'KH_CERT_MALFORMED'): void {
  check(validateCertification, value, code, 'the certification credential');
}

export function assertStatusListShape(value: unknown, code = 'KH_CERT_STATUS_INVALID'): void {
  check(validateStatusList, value, code, 'the status list credential');
}
