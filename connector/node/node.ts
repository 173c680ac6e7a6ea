/**
 * The composition root of one Kakehashi node: reads the files the configuration names, plugs the stores
 * (Redis), the delivery queues (BullMQ), the adapter, the platform client, the policies, the MRA and the
 * trust store into the pipelines, and starts the two servers (management on HTTP, protocol on HTTPS with
 * mutual TLS) and the platform change-feed poller.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import Redis from 'ioredis';
import { KhError, isKhError } from '../errors';
import { createTrustStore, validateChain, type TrustStore } from '../../certs/pki';
import { issueSdJwtVc, verifySdJwtVcAsync } from '../../certs/sd-jwt';
import { batteryRecordFrame, loadPolicy, loadShippedPolicy, type CompiledPolicy } from '../../policies';
import { evaluateCertifications, verifyMra, type VerifiedMra } from '../../policies/mra';
import type { PlatformAdapter } from '../../adapters';
import { createRedisStores, createRedisReplayCache, type RedisStores } from '../store';
import { redisCall } from '../store/redis-call';
import type { CanonicalRecord } from '../../adapters/canonical/types';
import { assertTermsDefinedCompiled } from '../../schemas/jsonld';
import { validateCanonical } from '../../adapters/canonical';
import { NodeConfig, readConfiguredFile } from './config';
import { createLogger, type Logger } from './logger';
import { createMetrics, type NodeMetrics } from './metrics';
import { createHttpPlatformClient, type PlatformClient } from './platform-client';
import { createPeerClient } from './peer-client';
import { createManagementApp, createProtocolApp } from './http/apps';
import { startServers } from './http/servers';
import { createHandshakeRefusalRecorder } from './http/handshake-refusals';
import { createDspService, type DspExchangeEvent } from './protocol/dsp-service';
import { createSharedProcessStore, type ProcessStore } from './protocol/process-store';
import { createManagementHandlers } from './management/node-handlers';
import type { ManagementHandlers } from './management/handlers';
import { createCompanyKeyReader } from './company-keys';
import { certificationsFor, folderStatusListResolver } from './certification-source';
import {
  discloseWithPolicy,
  runOutbound,
  issuerOf,
  type OutboundDeps,
  type StartedTransfer,
} from './pipeline/outbound';
import { createIntakeVerifier } from './intake';
import {
  nativeRecordId,
  receiveRecord,
  rememberFinalizedAgreements,
  type InboundDeps,
} from './pipeline/inbound';
import { createDeliveryPort } from './delivery-port';
import { createChangeFeed } from './change-feed';
import { adapterWithDirectory } from './directory';
import { isTransient } from './transient';
import type { OutboundOutcome } from './pipeline/types';
import { createOutcomeLog, DEFAULT_OUTCOMES_KEPT, type OutcomeTotals } from './outcome-log';

export interface NodeOverrides {
  platformClient?: PlatformClient;
  adapter?: PlatformAdapter;
  logger?: Logger;
  onDspExchange?: (e: DspExchangeEvent) => void;
  /** Start the change-feed poller (default true). */
  poll?: boolean;
  /** How many outbound outcomes `outcomes()` keeps (a ring; default 1000). Totals are always kept. */
  outcomesKept?: number;
}

export interface RunningNode {
  config: NodeConfig;
  managementUrl: string;
  protocolUrl: string;
  handlers: ManagementHandlers;
  metrics: NodeMetrics;
  logger: Logger;
  /** Poll the platform change feed once; returns the number of changes handled. */
  pollOnce(): Promise<number>;
  /** True when no delivery is waiting, delayed or active. */
  deliveriesSettled(): Promise<boolean>;
  /** The last outbound outcomes (a bounded ring, oldest first; see `outcomeTotals` for every one). */
  outcomes(): OutboundOutcome[];
  /** Running totals over every outbound outcome since start. */
  outcomeTotals(): OutcomeTotals;
  stop(): Promise<void>;
}

const PLATFORM_LABEL = { ouranos: 'OU', 'catena-x': 'CX' } as const;

function peerPolicy(cfg: NodeConfig, peer: NodeConfig['peers'][number], index: number): CompiledPolicy {
  const policy = peer.policy ? loadPolicy(peer.policy) : loadShippedPolicy(cfg.platform, peer.platform);
  if (policy.peer.platform !== peer.platform) {
    throw new KhError('KH_CONFIG_INVALID', `the policy of peer ${peer.id} serves another platform`, {
      where: `/peers/${index}/policy`,
    });
  }
  return policy;
}

function loadMra(cfg: NodeConfig, trust: TrustStore): VerifiedMra | undefined {
  if (!cfg.mra) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(readConfiguredFile(cfg.mra, '/mra'));
  } catch (err) {
    if (isKhError(err)) throw err;
    throw new KhError('KH_CONFIG_UNREADABLE', 'the MRA file is not JSON', { where: '/mra' });
  }
  return verifyMra(doc, { trust });
}

export async function startNode(cfg: NodeConfig, overrides: NodeOverrides = {}): Promise<RunningNode> {
  const logger =
    overrides.logger ??
    createLogger({
      nodeId: cfg.nodeId,
      level: cfg.log.level,
      ...(cfg.log.file ? { file: cfg.log.file } : {}),
    });
  const metrics = createMetrics();

  // ---- identity and trust
  const certificatePem = readConfiguredFile(cfg.tls.cert, '/tls/cert');
  const privateKeyPem = readConfiguredFile(cfg.tls.key, '/tls/key');
  const chainPem = cfg.tls.chain.map((f, i) => readConfiguredFile(f, `/tls/chain/${i}`));
  const nodeKey = createPrivateKey(privateKeyPem);
  const nodePublicJwk = createPublicKey(nodeKey).export({ format: 'jwk' });
  const roots = cfg.trust.roots.map((r, i) => ({
    pem: readConfiguredFile(r.file, `/trust/roots/${i}/file`),
    roles: r.roles,
    platform: r.platform,
  }));
  const crls = cfg.trust.crls.map((f, i) => readConfiguredFile(f, `/trust/crls/${i}`));
  const trust = createTrustStore({ roots: roots.map((r) => ({ pem: r.pem, roles: r.roles })), crls });
  // A CRL past its nextUpdate still revokes what it lists, but the issuer may have revoked more since.
  for (const s of trust.crlStatus().filter((c) => c.stale)) {
    logger.warn(
      { code: 'KH_PKI_CRL_STALE', issuer: s.issuer, nextUpdate: s.nextUpdate },
      'a configured CRL is past its nextUpdate: replace it (trust.crls) and restart',
    );
  }
  const validateNodeChain = (x5c: string[]) => validateChain(x5c, trust, { role: 'node' });
  const policies = new Map(cfg.peers.map((p, i) => [p.id, peerPolicy(cfg, p, i)]));
  const mra = loadMra(cfg, trust);
  const adapter = overrides.adapter ?? adapterWithDirectory(cfg.platform, cfg.directory);
  const statusResolver = folderStatusListResolver(cfg.certifications.statusListsDir);
  const companyKey = createCompanyKeyReader(cfg.companyKeys?.dir);

  // ---- Redis, stores, queues
  // Auto-pipelining: the commands that concurrent pipeline runs issue in one tick go out as one round trip.
  const redis = new Redis(cfg.redis.url, {
    maxRetriesPerRequest: 2,
    lazyConnect: false,
    enableAutoPipelining: true,
  });
  redis.on('error', (err: Error) =>
    logger.warn({ code: 'KH_STORE_UNAVAILABLE', reason: err.message }, 'redis error'),
  );
  const stores: RedisStores = createRedisStores(redis, { nodeId: cfg.nodeId, prefix: cfg.redis.keyPrefix });
  const processes: ProcessStore = createSharedProcessStore(stores);
  const platform =
    overrides.platformClient ??
    createHttpPlatformClient({
      platform: cfg.platform,
      url: cfg.platformApi.url,
      apiKey: cfg.platformApi.apiKey,
      timeoutMs: cfg.delivery.timeoutMs,
    });
  const peerClient = createPeerClient({
    certificatePem,
    chainPem,
    privateKeyPem,
    rootsPem: roots.map((r) => r.pem),
    timeoutMs: cfg.delivery.timeoutMs,
    validateNodeChain,
  });
  // Key-binding JWTs seen by the inbound side (safe against ioredis re-sending a claim after a reconnect).
  const replayCache = createRedisReplayCache(redis, cfg.redis.keyPrefix);
  const nextSequence = (providerPid: string): Promise<number> =>
    redisCall('sequence', () => redis.incr(`${cfg.redis.keyPrefix}seq:${providerPid}`));
  const audit = async (e: Parameters<RedisStores['audit']['append']>[0]): Promise<void> => {
    try {
      await stores.audit.append(e);
    } catch (err) {
      logger.warn(
        { code: isKhError(err) ? err.code : 'KH_INTERNAL', action: e.action },
        'audit append failed',
      );
    }
  };

  const outcomes = createOutcomeLog(overrides.outcomesKept ?? DEFAULT_OUTCOMES_KEPT);
  const delivery = createDeliveryPort({ cfg, peerClient, nodeKey, nextSequence, metrics, logger, audit });

  // The id this platform's format gives a received record, read off the native record (no second mapping);
  // a native record of another shape (a custom adapter) falls back to mapping it.
  const localRecordId = (native: unknown): string | undefined => {
    const direct = nativeRecordId(cfg.platform, native);
    if (direct !== undefined) return direct;
    try {
      return adapter.toCanonical(native).credentialSubject.provenance?.recordId;
    } catch {
      return undefined;
    }
  };

  // ---- outbound
  const startedTransfers = async (peerId?: string): Promise<StartedTransfer[]> =>
    (await processes.listTransfers())
      .filter(
        (t) =>
          t.role === 'provider' &&
          t.state === 'STARTED' &&
          (peerId === undefined || t.peerId === peerId) &&
          t.endpoint,
      )
      .map((t) => ({
        peer: cfg.peers.find((p) => p.id === t.peerId) as NodeConfig['peers'][number],
        agreementId: t.agreementId,
        providerPid: t.providerPid,
        consumerPid: t.consumerPid,
        endpoint: t.endpoint as string,
      }))
      .filter((t) => t.peer !== undefined);
  const outboundDeps: OutboundDeps = {
    platform: cfg.platform,
    nodeId: cfg.nodeId,
    fetchNative: (id, v) => platform.fetchRecord(id, v, 'published'),
    fetchPublication: (id, v) => platform.fetchPublication(id, v),
    // Signed intake: the company's own credential, verified and relayed (nothing issued here).
    intake: createIntakeVerifier({
      trust,
      platform: cfg.platform,
      nodePublicJwk,
      maxBytes: cfg.limits.bodyBytes,
    }),
    validateNative: (n) => void adapter.validateNative(n),
    toCanonical: (n) => adapter.toCanonical(n),
    receivedFrom: async (id) => {
      const r = await stores.records.getLatest(id);
      if (r && r.provenance.origin === 'peer') return r.provenance.peerId;
      return (
        (await redisCall('provenance', () => redis.get(`${cfg.redis.keyPrefix}received:${id}`))) ?? undefined
      );
    },
    storeOwn: async (recordId, version, native, sdJwt) => {
      await stores.records.putIfAbsent({
        recordId,
        version,
        provenance: { origin: 'own' },
        nativeView: native,
        original: sdJwt,
      });
    },
    companyKey,
    issue: (credential, key) =>
      // Term-level disclosure frame: the claims a policy can withhold get Disclosures, their members stay inline.
      issueSdJwtVc(credential, {
        privateKey: key.privateKey,
        x5c: key.x5c,
        holderPublicJwk: nodePublicJwk,
        frame: batteryRecordFrame,
      }),
    startedTransfers,
    certifications: async (canonical, peer) => {
      const subjects = [canonical.credentialSubject?.id ?? '', issuerOf(canonical) ?? ''];
      const tokens = certificationsFor(cfg.certifications.dir, subjects);
      if (!mra || tokens.length === 0)
        return { passed: [], outcomes: tokens.length ? { 'no-mra': tokens.length } : {} };
      const r = await evaluateCertifications({
        credentials: tokens,
        sourcePlatform: cfg.platform,
        targetPlatform: peer.platform,
        mra,
        trust,
        statusResolver,
      });
      const outcomesByReason: Record<string, number> = {};
      if (r.passed.length) outcomesByReason.passed = r.passed.length;
      for (const d of r.dropped) outcomesByReason[d.reason] = (outcomesByReason[d.reason] ?? 0) + 1;
      return { passed: r.passed.map((p) => p.credential), outcomes: outcomesByReason };
    },
    disclose: (token, peer) => discloseWithPolicy(token, policies.get(peer.id) as CompiledPolicy),
    queue: delivery,
    audit: (e) => audit({ actor: cfg.nodeId, ...e }),
    onRefused: (code) => metrics.recordsRefused.inc({ direction: 'outbound', code }),
  };
  const runAndRecord = async (
    change: { recordId: string; version: string; publisher: string },
    onlyPeer?: string,
  ) => {
    try {
      const r = await runOutbound(outboundDeps, change, onlyPeer);
      outcomes.record(r);
      return r;
    } catch (err) {
      const code = isKhError(err) ? err.code : 'KH_INTERNAL';
      // A transient failure is no outcome: the change feed takes the record up again.
      if (isTransient(code)) throw err;
      outcomes.record([
        {
          peerId: onlyPeer ?? '*',
          recordId: change.recordId,
          version: change.version,
          outcome: 'refused',
          code,
        },
      ]);
      throw err;
    }
  };

  // ---- DSP
  const dsp = createDspService({
    nodeId: cfg.nodeId,
    platformLabel: PLATFORM_LABEL[cfg.platform],
    publicUrl: cfg.listen.publicUrl,
    peers: cfg.peers,
    store: processes,
    peerClient,
    offerFor: (peer) => {
      const p = policies.get(peer.id) as CompiledPolicy;
      return {
        policyId: p.id,
        disclosedTerms: [...p.discloses].sort(),
        withheldTerms: [...p.withholds.keys()].sort(),
      };
    },
    onTransferStarted: async (t) => {
      await audit({ actor: cfg.nodeId, action: 'transfer-start', outcome: 'ok', peerId: t.peerId });
      // The standing transfer carries the backlog too: every record already published on the platform.
      const published = await platform.list('published');
      for (const r of published) {
        await runAndRecord(
          { recordId: r.recordId, version: r.version, publisher: r.publisher },
          t.peerId,
        ).catch((err) =>
          logger.warn(
            { code: isKhError(err) ? err.code : 'KH_INTERNAL', recordId: r.recordId },
            'backlog record refused',
          ),
        );
      }
    },
    onAsyncError: (step, err) => {
      logger.warn({ code: isKhError(err) ? err.code : 'KH_INTERNAL', step }, 'DSP follow-up failed');
      void audit({
        actor: cfg.nodeId,
        action: `dsp:${step}`,
        outcome: 'failed',
        errorCode: isKhError(err) ? err.code : 'KH_INTERNAL',
      });
    },
    ...(overrides.onDspExchange ? { onExchange: overrides.onDspExchange } : {}),
  });

  // ---- inbound
  const inboundDeps: InboundDeps = {
    nodeId: cfg.nodeId,
    platform: cfg.platform,
    // Exact on every record: a transfer may be suspended or terminated at any time (by another process too).
    transferOf: (pid) => processes.getTransfer('consumer', pid),
    // A finalized agreement never un-finalizes and is stored once (SET NX): a positive answer is remembered.
    agreementFinalized: rememberFinalizedAgreements((id) => processes.getAgreement(id)),
    verify: (presentation, expect) =>
      verifySdJwtVcAsync(presentation, {
        trust,
        requireRole: 'company',
        audience: expect.audience,
        nonce: expect.nonce,
        requireKeyBinding: true,
        maxBytes: cfg.limits.bodyBytes,
        replayCache,
      }),
    certifications: async (tokens, peer) => {
      if (tokens.length === 0) return { passed: 0, dropped: {} };
      if (!mra) return { passed: 0, dropped: { 'no-mra': tokens.length } };
      const r = await evaluateCertifications({
        credentials: tokens,
        sourcePlatform: peer.platform,
        targetPlatform: cfg.platform,
        mra,
        trust,
        statusResolver,
      });
      const dropped: Record<string, number> = {};
      for (const d of r.dropped) dropped[d.reason] = (dropped[d.reason] ?? 0) + 1;
      return { passed: r.passed.length, dropped };
    },
    // A walk over the pinned contexts' compiled term table; full expansion only for anything else.
    checkCredential: (credential) => assertTermsDefinedCompiled(credential),
    validateCanonical: (credential) => void validateCanonical(credential, { allowWithheld: true }),
    fromCanonical: (credential) => adapter.fromCanonical(credential as unknown as CanonicalRecord),
    alreadyStored: (id, v) => stores.records.has(id, v),
    deliverToPlatform: async (native, verification) => {
      await platform.deliverReceived(native, verification);
    },
    store: async (recordId, version, peerId, native, original) => {
      // Remember the record under the id this platform's format gives it too: a company that re-publishes
      // a received record must not make it leave again (onward transfer).
      // Both writes are issued in the same tick: auto-pipelining sends them in one round trip.
      const localId = localRecordId(native);
      const [, put] = await Promise.all([
        localId === undefined
          ? undefined
          : redisCall('provenance', () => redis.set(`${cfg.redis.keyPrefix}received:${localId}`, peerId)),
        stores.records.putIfAbsent({
          recordId,
          version,
          provenance: { origin: 'peer', peerId },
          nativeView: native,
          original,
        }),
      ]);
      return put.created;
    },
    audit: (e) => audit({ actor: e.peerId, ...e }),
    observeVerification: (s, outcome) => metrics.verificationSeconds.observe({ outcome }, s),
    onReceived: (peerId) => metrics.recordsReceived.inc({ peer: peerId }),
    onRefused: (code) => metrics.recordsRefused.inc({ direction: 'inbound', code }),
  };

  // ---- management
  const handlers = createManagementHandlers({
    cfg,
    redis,
    stores,
    processes,
    platform,
    peerClient,
    dsp,
    delivery,
    policies,
    trust,
    roots,
    mra,
    certificatePem,
    chainPem,
    receivedFrom: outboundDeps.receivedFrom,
    runOutbound: (change) => runAndRecord(change),
  });

  const common = { nodeId: cfg.nodeId, logger, metrics, bodyLimitBytes: cfg.limits.bodyBytes };
  const errorAudit = async (e: {
    action: string;
    outcome: 'refused' | 'error';
    code: string;
    actor?: string;
  }) =>
    audit({
      actor: e.actor ?? 'anonymous',
      action: e.action,
      outcome: e.outcome === 'error' ? 'failed' : 'refused',
      errorCode: e.code,
    });
  const mgmtApp = createManagementApp({
    ...common,
    audit: errorAudit,
    token: cfg.management.token,
    handlers,
  });
  const protoApp = createProtocolApp({
    ...common,
    audit: errorAudit,
    validateNodeChain,
    peers: cfg.peers,
    handlers: {
      dsp: (peer, method, path, body) => dsp.handle(peer, method, path, body),
      receiveRecord: (peer, body) => receiveRecord(inboundDeps, peer.peer, peer.leaf, body),
    },
  });

  const handshakeRefusals = createHandshakeRefusalRecorder({
    audit,
    count: (reason) => metrics.handshakesRefused.inc({ reason }),
    log: (r) => logger.info({ code: 'KH_TLS_CLIENT_CERT', ...r }, 'TLS handshake refused'),
    warnSuppressed: (n) =>
      logger.warn(
        { code: 'KH_TLS_CLIENT_CERT', notAudited: n },
        'TLS handshake refusals over the audit rate limit',
      ),
  });
  let servers: Awaited<ReturnType<typeof startServers>>;
  try {
    servers = await startServers({
      management: { app: mgmtApp, host: cfg.listen.managementHost, port: cfg.listen.managementPort },
      protocol: { app: protoApp, host: cfg.listen.protocolHost, port: cfg.listen.protocolPort },
      tls: { keyPem: privateKeyPem, certificatePem, chainPem, rootsPem: roots.map((r) => r.pem) },
      logger,
      onHandshakeRefused: (err, remoteAddress) => handshakeRefusals.record(err, remoteAddress),
    });
  } catch (err) {
    // e.g. a port in use: release Redis and the queues before failing
    await delivery.close();
    await redis.quit().catch(() => redis.disconnect());
    throw err;
  }
  const mPort = servers.managementPort;
  const pPort = servers.protocolPort;

  // ---- change feed
  const feed = createChangeFeed({
    redis,
    cursorKey: `${cfg.redis.keyPrefix}platform:cursor`,
    platform,
    intervalMs: cfg.platformApi.pollIntervalMs,
    concurrency: cfg.platformApi.feedConcurrency,
    logger,
    handle: (e) => runAndRecord(e),
  });
  if (overrides.poll !== false) feed.start();
  logger.info({ managementPort: mPort, protocolPort: pPort, peers: cfg.peers.length }, 'node started');

  let stopped = false;
  return {
    config: cfg,
    managementUrl: `http://${cfg.listen.managementHost}:${mPort}`,
    protocolUrl: `https://${cfg.listen.protocolHost}:${pPort}`,
    handlers,
    metrics,
    logger,
    pollOnce: () => feed.pollOnce(),
    deliveriesSettled: () => delivery.idle(),
    outcomes: () => outcomes.recent(),
    outcomeTotals: () => outcomes.totals(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      feed.stop();
      await servers.close();
      handshakeRefusals.flush();
      await delivery.close();
      await redis.quit().catch(() => redis.disconnect());
      logger.flush();
    },
  };
}
