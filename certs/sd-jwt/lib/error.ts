import { KhError } from '../../../connector/errors';
import type { SdJwtErrorCode } from '../errors';

/** Throw a typed SD-JWT error. Messages name claims and positions, never claim values. */
export function fail(code: SdJwtErrorCode, message: string, where?: string): never {
  throw new KhError(code, message, where === undefined ? {} : { where });
}
