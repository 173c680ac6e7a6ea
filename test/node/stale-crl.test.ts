/**
 * A node configured with a CRL past its nextUpdate starts, warns (KH_PKI_CRL_STALE, issuer and nextUpdate),
 * and shows the CRL as stale in the trust description; a current CRL is shown and not warned about.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPlatformPki, type PlatformPki } from '../../certs/pki';
import type { PlatformName } from '../../adapters/types';
import { parseConfig } from '../../connector/node/config';
import { startNode } from '../../connector/node/node';
import { nodeJson, writeNodeFolder } from '../../connector/node/node-folder';
import { startTestRedis, type TestRedis } from '../helpers/redis';

const DAY = 86_400_000;

describe('CRL freshness at node start', () => {
  let redis: TestRedis;
  const dirs: string[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function startWithCrl(cxPki: PlatformPki) {
    const dir = mkdtempSync(path.join(tmpdir(), 'kh-stale-crl-'));
    dirs.push(dir);
    const pkis: Record<PlatformName, PlatformPki> = {
      'catena-x': cxPki,
      ouranos: createPlatformPki({ platform: 'ouranos' }),
    };
    writeNodeFolder({ dir, pkis, node: pkis.ouranos.issue('node', 'ou-node-1') });
    writeFileSync(path.join(dir, 'crl-catena-x.pem'), cxPki.crlPem());
    const raw = nodeJson({
      nodeId: 'ou-node-1',
      platform: 'ouranos',
      listen: { managementPort: 0, protocolPort: 0, publicUrl: 'https://127.0.0.1:9' },
      managementToken: 't'.repeat(32),
      redis: { url: redis.url, keyPrefix: `kh:ou-node-1:${dirs.length}:` },
      peer: { id: 'cx-node-1', baseUrl: 'https://127.0.0.1:9' },
      platformApi: { url: 'http://127.0.0.1:9', apiKey: 'operator', pollIntervalMs: 60_000 },
      delivery: { attempts: 1, backoffMs: 100, concurrency: 1, timeoutMs: 1000 },
      log: { level: 'warn', file: path.join(dir, 'node.log') },
    });
    const trust = raw.trust as Record<string, unknown>;
    const node = await startNode(
      parseConfig({ ...raw, trust: { ...trust, crls: ['crl-catena-x.pem'] } }, dir, {}),
    );
    const description = node.handlers.describeTrust() as { crls: number; crlStatus: unknown[] };
    await node.stop();
    return { description, log: readFileSync(path.join(dir, 'node.log'), 'utf8') };
  }

  test('a stale CRL is warned about and shown stale', async () => {
    // A PKI whose clock stood 30 days ago: its CRL's nextUpdate (7 days later) has passed.
    const old = createPlatformPki({ platform: 'catena-x', now: new Date(Date.now() - 30 * DAY) });
    const { description, log } = await startWithCrl(old);
    expect(description.crls).toBe(1);
    expect(description.crlStatus).toEqual([
      expect.objectContaining({ stale: true, revoked: 0, nextUpdate: expect.any(String) }),
    ]);
    const warning = log
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.code === 'KH_PKI_CRL_STALE');
    expect(warning).toMatchObject({ issuer: expect.any(String), nextUpdate: expect.any(String) });
  });

  test('a current CRL is shown, not warned about', async () => {
    const { description, log } = await startWithCrl(createPlatformPki({ platform: 'catena-x' }));
    expect(description.crlStatus).toEqual([expect.objectContaining({ stale: false })]);
    expect(log).not.toContain('KH_PKI_CRL_STALE');
  });
});
