/** Parsing a signed agreement (general JWS JSON serialization) without trusting anything yet. */
import { KhError } from '../../connector/errors';
import { assertAgreementShape } from './schema-validation';
import { GeneralJws, MutualRecognitionAgreement } from './types';

export const DEFAULT_MAX_MRA_BYTES = 1024 * 1024;
const B64URL = /^[A-Za-z0-9_-]+$/;

function malformed(message: string, where: string): KhError {
  return new KhError('KH_MRA_MALFORMED', message, { where });
}

/** Parse text or a value into a GeneralJws (shape only). */
export function parseGeneralJws(input: unknown, maxBytes = DEFAULT_MAX_MRA_BYTES): GeneralJws {
  let value = input;
  if (typeof input === 'string') {
    if (Buffer.byteLength(input, 'utf8') > maxBytes) {
      throw new KhError('KH_MRA_TOO_LARGE', `the signed agreement is larger than ${maxBytes} bytes`);
    }
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new KhError('KH_MRA_MALFORMED', 'the signed agreement is not JSON', { cause });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed('the signed agreement is not a JSON object', '/');
  }
  const v = value as Record<string, unknown>;
  if (typeof v.payload !== 'string' || !B64URL.test(v.payload))
    throw malformed('payload must be base64url', '/payload');
  if (!Array.isArray(v.signatures)) {
    throw malformed('a general JWS JSON serialization has a signatures array', '/signatures');
  }
  const signatures = v.signatures.map((s: unknown, i: number) => {
    if (typeof s !== 'object' || s === null) throw malformed('a signature is an object', `/signatures/${i}`);
    const sig = s as Record<string, unknown>;
    if (typeof sig.protected !== 'string' || !B64URL.test(sig.protected)) {
      throw malformed('each signature has a base64url protected header', `/signatures/${i}/protected`);
    }
    if (typeof sig.signature !== 'string' || !B64URL.test(sig.signature)) {
      throw malformed('each signature has a base64url signature', `/signatures/${i}/signature`);
    }
    if (sig.header !== undefined && (typeof sig.header !== 'object' || sig.header === null)) {
      throw malformed('an unprotected header is an object', `/signatures/${i}/header`);
    }
    return {
      protected: sig.protected,
      signature: sig.signature,
      ...(sig.header !== undefined ? { header: sig.header as Record<string, unknown> } : {}),
    };
  });
  return { payload: v.payload, signatures };
}

export function protectedHeaderOf(protectedB64: string, index: number): Record<string, unknown> {
  try {
    const h: unknown = JSON.parse(Buffer.from(protectedB64, 'base64url').toString('utf8'));
    if (typeof h === 'object' && h !== null && !Array.isArray(h)) return h as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw malformed('a protected header is not a JSON object', `/signatures/${index}/protected`);
}

/** The agreement carried by a JWS payload, checked against the MRA JSON Schema. */
export function agreementOf(jws: GeneralJws): MutualRecognitionAgreement {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(jws.payload, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new KhError('KH_MRA_MALFORMED', 'the payload is not JSON', { where: '/payload', cause });
  }
  assertAgreementShape(value);
  return value;
}

/** The decoded protected header of signature `index` of a JWS. */
export function protectedHeaderOfJws(jws: GeneralJws, index: number): Record<string, unknown> {
  return protectedHeaderOf(jws.signatures[index].protected, index);
}
