/**
 * The management API (plain HTTP on loopback). `GET /health`, `/ready`, `/metrics` and `/openapi.json` are
 * open; everything under `/api/v1` needs the operator bearer token.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import express, { NextFunction, Request, Response, Router } from 'express';
import { KhError } from '../../errors';
import type { ManagementHandlers } from './handlers';
import type { NodeMetrics } from '../metrics';
import { managementOpenApi } from './openapi';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export function requireBearer(token: string) {
  const expected = digest(token);
  return (req: Request, _res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m || !timingSafeEqual(digest(m[1].trim()), expected)) {
      next(new KhError('KH_AUTH_TOKEN', 'a valid operator bearer token is required', { status: 401 }));
      return;
    }
    next();
  };
}

const str = (v: unknown, where: string): string => {
  if (typeof v !== 'string' || v.length === 0 || v.length > 512) {
    throw new KhError('KH_INPUT_INVALID', `${where} must be a non-empty string`, { where, status: 400 });
  }
  return v;
};

export function managementRouter(deps: {
  handlers: ManagementHandlers;
  metrics: NodeMetrics;
  token: string;
  nodeId: string;
}): Router {
  const h = deps.handlers;
  const r = express.Router();
  r.get('/health', (_req, res) => {
    res.json({ status: 'ok', node: deps.nodeId });
  });
  r.get('/ready', async (req, res) => {
    const report = await h.ready({ peers: req.query.peers === 'true' });
    res.status(report.ready ? 200 : 503).json(report);
  });
  r.get('/metrics', async (_req, res) => {
    await h.refreshMetrics?.().catch(() => undefined);
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  r.get('/openapi.json', (_req, res) => {
    res.json(managementOpenApi());
  });

  const api = express.Router();
  api.use(requireBearer(deps.token));
  api.post('/publish', async (req, res) => {
    const body = (req.body ?? {}) as { recordId?: unknown; version?: unknown };
    const recordId = str(body.recordId, '/recordId');
    const version = body.version === undefined ? undefined : String(body.version);
    res.status(202).json(await h.publish({ recordId, ...(version ? { version } : {}) }));
  });
  api.get('/records', async (req, res) => {
    const d = req.query.direction;
    res.json({ records: await h.listRecords(d === 'published' || d === 'received' ? d : undefined) });
  });
  api.get('/records/:recordId', async (req, res) => {
    res.json(await h.getRecord(String(req.params.recordId)));
  });
  api.get('/transfers', async (_req, res) => {
    res.json({ transfers: await h.listTransfers() });
  });
  api.get('/agreements', async (_req, res) => {
    res.json({ agreements: await h.listAgreements() });
  });
  api.post('/negotiations', async (req, res) => {
    const body = (req.body ?? {}) as { peerId?: unknown };
    res.status(201).json(await h.negotiate(str(body.peerId, '/peerId')));
  });
  api.get('/dead-letters', async (_req, res) => {
    res.json({ deadLetters: await h.listDeadLetters() });
  });
  api.post('/dead-letters/:id/retry', async (req, res) => {
    res.status(202).json(await h.retryDeadLetter(String(req.params.id)));
  });
  api.get('/policies', (_req, res) => {
    res.json({ policies: h.listPolicies() });
  });
  api.get('/trust', (_req, res) => {
    res.json(h.describeTrust());
  });
  api.get('/audit', async (req, res) => {
    const n = Number(req.query.limit ?? 100);
    res.json({ entries: await h.audit(Number.isInteger(n) && n > 0 && n <= 10000 ? n : 100) });
  });
  r.use('/api/v1', api);
  return r;
}
