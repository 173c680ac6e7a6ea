/**
 * Typed errors. Every failure the node reports carries a stable `code` (documented in docs/errors.md),
 * an HTTP status that fits, a human message and, where it applies, `where`: a JSON pointer, a file
 * path, a CLI flag or a config field. Callers and tests match on `code`, never on the message.
 *
 * A message or `where` must never carry a withheld value (a supplier name, a procurement volume):
 * name the term, never its value.
 */
export interface KhErrorOptions {
  /** JSON pointer, file, flag or field the error is about. */
  where?: string;
  /** HTTP status the API answers with; defaults per code family (see `defaultStatus`). */
  status?: number;
  /** Structured details safe to log and return (never withheld values). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class KhError extends Error {
  readonly code: string;
  readonly status: number;
  readonly where?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, options: KhErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KhError';
    this.code = code;
    this.where = options.where;
    this.details = options.details;
    this.status = options.status ?? defaultStatus(code);
  }

  /** The JSON body the HTTP API answers with. */
  toJSON(): { code: string; message: string; where?: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.where === undefined ? {} : { where: this.where }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/** HTTP status by code family, for codes thrown without an explicit status. */
export function defaultStatus(code: string): number {
  if (/_NOT_FOUND$|_UNKNOWN_(RECORD|PROCESS|PEER)$/.test(code)) return 404;
  if (/^KH_(AUTH|TLS)_/.test(code)) return 401;
  if (/_FORBIDDEN$/.test(code)) return 403;
  if (/_TOO_LARGE$/.test(code)) return 413;
  if (/_UNSUPPORTED_MEDIA_TYPE$/.test(code)) return 415;
  if (/_CONFLICT$|_ILLEGAL_STATE$|_EXISTS$/.test(code)) return 409;
  if (/^KH_INTERNAL|^KH_REDIS_/.test(code)) return 500;
  if (/_UNAVAILABLE$/.test(code)) return 503;
  return 400;
}

export function isKhError(value: unknown): value is KhError {
  return value instanceof KhError;
}

/** Codes shared by every area (input handling, HTTP framing, internal faults). */
export const CORE_ERROR_CODES = {
  KH_INTERNAL: 'an unexpected fault; the request or record was not processed and nothing was stored',
  KH_INPUT_MALFORMED_JSON: 'the input is not well-formed JSON (where = file or position)',
  KH_INPUT_FILE_NOT_FOUND: 'a file named on the command line does not exist or cannot be read',
  KH_INPUT_UNKNOWN_PLATFORM: "a platform name other than 'ouranos' or 'catena-x'",
} as const;
