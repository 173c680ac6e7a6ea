/**
 * JSON request bodies: content type checked (415 `KH_HTTP_UNSUPPORTED_MEDIA_TYPE`), size limited (413
 * `KH_HTTP_TOO_LARGE`), parse failures typed (400 `KH_INPUT_MALFORMED_JSON`).
 */
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { KhError } from '../../errors';

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

export function jsonBody(limitBytes: number): RequestHandler[] {
  const contentType: RequestHandler = (req, _res, next) => {
    if (hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
      next(
        new KhError('KH_HTTP_UNSUPPORTED_MEDIA_TYPE', 'the body must be application/json', { status: 415 }),
      );
      return;
    }
    next();
  };
  const parse = express.json({
    limit: limitBytes,
    strict: true,
    type: ['application/json', 'application/*+json'],
  });
  const mapErrors = (err: unknown, _req: Request, _res: Response, next: NextFunction): void => {
    const e = err as { type?: string };
    if (e?.type === 'entity.too.large') {
      next(new KhError('KH_HTTP_TOO_LARGE', `the body is larger than ${limitBytes} bytes`, { status: 413 }));
    } else if (e?.type === 'entity.parse.failed') {
      next(new KhError('KH_INPUT_MALFORMED_JSON', 'the body is not well-formed JSON', { status: 400 }));
    } else if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
      next(new KhError('KH_HTTP_UNSUPPORTED_MEDIA_TYPE', 'unsupported body encoding', { status: 415 }));
    } else {
      next(err);
    }
  };
  return [contentType, parse, mapErrors as unknown as RequestHandler];
}
