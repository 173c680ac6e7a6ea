/**
 * The last middleware of every app: any error becomes a typed JSON answer `{code, message, where}`, is
 * counted, logged (code and route only) and appended to the audit stream. Unknown errors answer
 * `KH_INTERNAL` without their message, so nothing internal (or withheld) leaks to the caller.
 */
import { NextFunction, Request, Response } from 'express';
import { KhError } from '../../errors';
import type { Logger } from '../logger';
import type { NodeMetrics } from '../metrics';

export interface ErrorAudit {
  (entry: {
    action: string;
    outcome: 'refused' | 'error';
    code: string;
    where?: string;
    actor?: string;
  }): Promise<void>;
}

export function toKhError(err: unknown): KhError {
  if (err instanceof KhError) return err;
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.too.large')
    return new KhError('KH_HTTP_TOO_LARGE', 'the body is too large', { status: 413 });
  if (e?.type === 'entity.parse.failed') {
    return new KhError('KH_INPUT_MALFORMED_JSON', 'the body is not well-formed JSON', { status: 400 });
  }
  return new KhError('KH_INTERNAL', 'internal error', { status: 500, cause: err });
}

export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new KhError('KH_HTTP_NOT_FOUND', 'no such endpoint', { status: 404, where: req.path }));
}

export function errorHandler(deps: { logger: Logger; metrics: NodeMetrics; audit: ErrorAudit; api: string }) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    void _next;
    const kh = toKhError(err);
    deps.metrics.httpErrors.inc({ code: kh.code });
    const level = kh.status >= 500 ? 'error' : 'warn';
    // Codes and routes only: an unexpected error's message could carry a value, so only its class is logged.
    deps.logger[level](
      {
        code: kh.code,
        status: kh.status,
        method: req.method,
        route: req.path,
        api: deps.api,
        where: kh.where,
        ...(err instanceof KhError ? {} : { errorClass: (err as Error)?.name ?? typeof err }),
      },
      kh.status >= 500 ? 'internal error' : 'request refused',
    );
    const peer = (res.locals as { peerId?: string }).peerId;
    void deps
      .audit({
        action: `${deps.api}:${req.method} ${req.path}`,
        outcome: kh.status >= 500 ? 'error' : 'refused',
        code: kh.code,
        ...(kh.where ? { where: kh.where } : {}),
        ...(peer ? { actor: peer } : {}),
      })
      .catch(() => undefined);
    if (res.headersSent) return;
    res.status(kh.status).json({
      code: kh.code,
      message: kh.message,
      ...(kh.where === undefined ? {} : { where: kh.where }),
    });
  };
}
