/**
 * The node's two express apps: the management API (plain HTTP, loopback, bearer token) and the protocol
 * API (HTTPS with mutual TLS: DSP endpoints and the data endpoint). Both answer every failure with a typed
 * JSON body and an audit entry; neither lets one bad request take the process down.
 */
import express, { Express, Request, Response } from 'express';
import type { PeerConfig } from '../config';
import type { Logger } from '../logger';
import type { NodeMetrics } from '../metrics';
import { jsonBody } from './json-body';
import { errorHandler, ErrorAudit, notFound } from './error-handler';
import { NodeChainValidator, requirePeerCertificate, AuthenticatedPeer } from './client-certificate';
import { managementRouter } from '../management/routes';
import type { ManagementHandlers } from '../management/handlers';
import type { ProtocolHandlers } from '../protocol/handlers';

interface Common {
  nodeId: string;
  logger: Logger;
  metrics: NodeMetrics;
  audit: ErrorAudit;
  bodyLimitBytes: number;
}

export function createManagementApp(deps: Common & { token: string; handlers: ManagementHandlers }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(...jsonBody(deps.bodyLimitBytes));
  app.use(
    managementRouter({
      handlers: deps.handlers,
      metrics: deps.metrics,
      token: deps.token,
      nodeId: deps.nodeId,
    }),
  );
  app.use(notFound);
  app.use(errorHandler({ logger: deps.logger, metrics: deps.metrics, audit: deps.audit, api: 'management' }));
  return app;
}

export function createProtocolApp(
  deps: Common & {
    validateNodeChain: NodeChainValidator;
    peers: ReadonlyArray<PeerConfig>;
    handlers: ProtocolHandlers;
  },
): Express {
  const app = express();
  app.disable('x-powered-by');
  // Identity first: nothing, not even body parsing, happens for an unauthenticated client.
  app.use(requirePeerCertificate(deps.validateNodeChain, deps.peers));
  app.use(...jsonBody(deps.bodyLimitBytes));
  const peerOf = (res: Response): AuthenticatedPeer => ({
    peer: res.locals.peer,
    leaf: res.locals.clientLeaf,
  });
  const answer = async (res: Response, p: Promise<{ status: number; body?: unknown }>): Promise<void> => {
    const a = await p;
    if (a.body === undefined) res.status(a.status).end();
    else res.status(a.status).json(a.body);
  };
  app.post('/data/records', async (req: Request, res: Response) => {
    await answer(res, deps.handlers.receiveRecord(peerOf(res), req.body));
  });
  app.get(/^\/dsp\/.+/, async (req: Request, res: Response) => {
    await answer(res, deps.handlers.dsp(peerOf(res), 'GET', req.path.slice('/dsp'.length), undefined));
  });
  app.post(/^\/dsp\/.+/, async (req: Request, res: Response) => {
    await answer(res, deps.handlers.dsp(peerOf(res), 'POST', req.path.slice('/dsp'.length), req.body));
  });
  app.use(notFound);
  app.use(errorHandler({ logger: deps.logger, metrics: deps.metrics, audit: deps.audit, api: 'protocol' }));
  return app;
}
