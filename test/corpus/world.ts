/**
 * The worlds the corpus runs in: `offlineWorld` (PKIs only, for CLI cases) and `liveFederation` (a private
 * Redis, both platform simulators, both nodes over mutual TLS on loopback, the push transfers started)
 * built on the node's own federation harness (`connector/node/demo/federation.ts`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createPlatformPki, type PlatformPki } from '../../certs/pki';
import { startFederation, type Federation } from '../../connector/node/demo/federation';
import { createRedisStores } from '../../connector/store';
import { ouranosAdapter } from '../../adapters/ouranos';
import { catenaXAdapter } from '../../adapters/catena-x';
import type { PlatformAdapter } from '../../adapters';
import { generateRecords } from '../../seeds/generator';
import { identifyCatenaXRecord } from '../../adapters/catena-x/simulator';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import type { CorpusWorld } from './generators';
import type { LiveNode } from './runner';
import { send } from './http';

function rootVars(dir: string, pkis: Record<'ouranos' | 'catena-x', PlatformPki>): Record<string, string> {
  writeFileSync(path.join(dir, 'root-ouranos.pem'), pkis.ouranos.rootCertificatePem);
  writeFileSync(path.join(dir, 'root-catena-x.pem'), pkis['catena-x'].rootCertificatePem);
  return {
    ouRoot: path.join(dir, 'root-ouranos.pem'),
    cxRoot: path.join(dir, 'root-catena-x.pem'),
    run: dir,
    unknownPid: `urn:uuid:${randomUUID()}`,
  };
}

export function offlineWorld(): { world: CorpusWorld; close(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kh-corpus-cli-'));
  const pkis = {
    ouranos: createPlatformPki({ platform: 'ouranos', keyBits: 2048 }),
    'catena-x': createPlatformPki({ platform: 'catena-x', keyBits: 2048 }),
  };
  const peerNode = pkis['catena-x'].issue('node', 'cx-node-1');
  return {
    world: { dir, pkis, peerNode, nodeId: 'ou-node-1', vars: rootVars(dir, pkis) },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface LiveFederation {
  live: LiveNode;
  federation: Federation;
  close(): Promise<void>;
}

/** Both nodes running and connected; the node under test is the Ouranos one (receiving from Catena-X). */
export async function liveFederation(): Promise<LiveFederation> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kh-corpus-live-'));
  const redis: TestRedis = await startTestRedis();
  const publishers = [...new Set(generateRecords('catena-x', 20, 11).map((r) => identifyCatenaXRecord(r).publisher ?? ''))];
  const federation = await startFederation({
    redisUrl: redis.url,
    stateDir: path.join(dir, 'federation'),
    companies: publishers.map((id) => ({ platform: 'catena-x' as const, id })),
    adapters: { ouranos: ouranosAdapter as unknown as PlatformAdapter, 'catena-x': catenaXAdapter as unknown as PlatformAdapter },
  });
  await federation.negotiateBoth();
  const ou = federation.sides.ouranos;
  const cx = federation.sides['catena-x'];
  // Wait for the push transfer from CX to OU (OU is the consumer) to start.
  let transfer: { providerPid: string; consumerPid: string; agreementId: string } | undefined;
  for (let i = 0; i < 200 && !transfer; i += 1) {
    const ts = (await ou.node.handlers.listTransfers()) as { role: string; state: string; peerId: string; providerPid: string; consumerPid: string; agreementId: string }[];
    transfer = ts.find((t) => t.role === 'consumer' && t.state === 'STARTED' && t.peerId === cx.nodeId);
    if (!transfer) await new Promise((r) => setTimeout(r, 50));
  }
  if (!transfer) throw new Error('the push transfer did not start');
  const conn = new Redis(redis.url, { maxRetriesPerRequest: 2 });
  const stores = createRedisStores(conn, { nodeId: ou.nodeId, prefix: ou.config.redis.keyPrefix });
  const negotiations = await stores.negotiations.list();
  const consumerNeg = negotiations.find((n) => n.role === 'consumer' && n.peerId === cx.nodeId);
  const providerNeg = negotiations.find((n) => n.role === 'provider' && n.peerId === cx.nodeId);
  const providerTransfers = await stores.transfers.list();
  const providerTp = providerTransfers.find((t) => t.role === 'provider' && t.peerId === cx.nodeId);
  const agreements = (await ou.node.handlers.listAgreements()) as { role: string; peerId: string; agreement: { '@id': string } }[];
  const provAgreement = agreements.find((a) => a.role === 'provider' && a.peerId === cx.nodeId);
  const pkis = federation.pkis as Record<'ouranos' | 'catena-x', PlatformPki>;
  const vars: Record<string, string> = {
    ...rootVars(dir, pkis),
    consumerPid: transfer.consumerPid,
    providerPid: transfer.providerPid,
    agreementId: transfer.agreementId,
    negConsumerPid: consumerNeg?.consumerPid ?? '',
    negProviderPid: consumerNeg?.providerPid ?? '',
    provNegProviderPid: providerNeg?.providerPid ?? '',
    provNegConsumerPid: providerNeg?.consumerPid ?? '',
    provAgreementId: provAgreement?.agreement['@id'] ?? '',
    provTransferProviderPid: providerTp?.providerPid ?? '',
    provTransferConsumerPid: providerTp?.consumerPid ?? '',
    peerBase: cx.config.listen.publicUrl,
    ownBase: ou.config.listen.publicUrl,
    peerId: cx.nodeId,
    nodeId: ou.nodeId,
  };
  const peerTls = { cert: [cx.nodeIdentity.certificatePem, ...cx.nodeIdentity.chainPem].join('\n'), key: cx.nodeIdentity.privateKeyPem };
  const company = pkis['catena-x'].issue('company', 'BPNL00000000CORP');
  const world: CorpusWorld = {
    dir,
    pkis,
    peerNode: cx.nodeIdentity,
    nodeId: ou.nodeId,
    vars,
    postData: async (body) => {
      const r = await send({
        url: `${ou.node.protocolUrl}/data/records`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(body)),
        tls: { ca: pkis.ouranos.rootCertificatePem, ...peerTls },
      });
      return { status: r.status ?? 0, body: r.status === null ? r.error : r.json };
    },
  };
  const live: LiveNode = {
    world,
    managementUrl: ou.node.managementUrl,
    protocolUrl: ou.node.protocolUrl,
    token: ou.config.management.token,
    ca: pkis.ouranos.rootCertificatePem,
    identities: {
      peer: peerTls,
      company: { cert: [company.certificatePem, ...company.chainPem].join('\n'), key: company.privateKeyPem },
    },
    audit: stores.audit,
    storedFingerprint: async () => {
      const parts: string[] = [];
      for (const origin of ['own', 'peer'] as const) {
        for (const id of (await stores.records.listRecordIds(origin)).sort()) {
          parts.push(`${origin}:${id}:${(await stores.records.listVersions(id)).join(',')}`);
        }
      }
      parts.push(`received:${ou.simulator.list('received').length}`);
      return parts.join('|');
    },
  };
  return {
    live,
    federation,
    close: async () => {
      conn.disconnect();
      await federation.stop();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
