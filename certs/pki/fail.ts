import { KhError } from '../../connector/errors';
import { PKI_AUTH_FAILURE_CODES, type PkiErrorCode } from './errors';

/** Build a PKI `KhError`; chain-check failures get status 401. */
export function pkiError(
  code: PkiErrorCode,
  message: string,
  options: { where?: string; details?: Record<string, unknown>; cause?: unknown; status?: number } = {},
): KhError {
  const status = options.status ?? (PKI_AUTH_FAILURE_CODES.has(code) ? 401 : undefined);
  return new KhError(code, message, { ...options, status });
}
