/**
 * The node folder the demo, the drills and the bench write: private keys readable by their owner only, the
 * trust anchors of both platforms, and a `node.json` the node's own configuration parser accepts.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPlatformPki } from '../../certs/pki';
import { parseConfig } from '../../connector/node/config';
import { companyKeyFileName } from '../../connector/node/company-keys';
import {
  newPlatformApiKeys,
  nodeJson,
  platformParticipants,
  writeNodeFolder,
  writeNodeJson,
  writeSecret,
} from '../../connector/node/node-folder';

describe('node folder', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kh-node-folder-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const pkis = {
    ouranos: createPlatformPki({ platform: 'ouranos' }),
    'catena-x': createPlatformPki({ platform: 'catena-x' }),
  };
  const company = 'BPNL00000008BCMF';

  test('keys are 0600, roots of both platforms and company chains are written', () => {
    writeNodeFolder({
      dir,
      pkis,
      node: pkis['catena-x'].issue('node', 'cx-node-1'),
      companies: [[company, pkis['catena-x'].issue('company', company)]],
    });
    const mode = (f: string) => statSync(path.join(dir, f)).mode & 0o777;
    expect(mode('node/node.key.pem')).toBe(0o600);
    expect(mode(`company-keys/${companyKeyFileName(company)}.key.pem`)).toBe(0o600);
    expect(readFileSync(path.join(dir, 'root-ouranos.pem'), 'utf8')).toBe(pkis.ouranos.rootCertificatePem);
    expect(readFileSync(path.join(dir, 'root-catena-x.pem'), 'utf8')).toBe(
      pkis['catena-x'].rootCertificatePem,
    );
    expect(
      readFileSync(path.join(dir, `company-keys/${companyKeyFileName(company)}.chain.pem`), 'utf8'),
    ).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  test('writeSecret narrows a file that existed with wider rights', () => {
    const file = path.join(dir, 'wide.pem');
    writeFileSync(file, 'x', { mode: 0o644 });
    writeSecret(file, 'secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test('node.json is accepted by the node configuration parser, extras set over it', () => {
    const file = writeNodeJson(
      dir,
      nodeJson({
        nodeId: 'cx-node-1',
        platform: 'catena-x',
        listen: { managementPort: 0, protocolPort: 0, publicUrl: 'https://127.0.0.1:9443' },
        managementToken: 'a'.repeat(32),
        redis: { url: 'redis://127.0.0.1:1', keyPrefix: 'kh:cx-node-1:t:' },
        peer: { id: 'ou-node-1', baseUrl: 'https://127.0.0.1:9444' },
        platformApi: { url: 'http://127.0.0.1:1', apiKey: 'operator-key', pollIntervalMs: 100 },
        delivery: { attempts: 3, backoffMs: 100, concurrency: 2, timeoutMs: 1000 },
        log: { level: 'silent' },
        extra: { delivery: { attempts: 7, backoffMs: 100, concurrency: 2, timeoutMs: 1000 } },
      }),
    );
    const cfg = parseConfig(JSON.parse(readFileSync(file, 'utf8')), dir, {});
    expect(cfg.platform).toBe('catena-x');
    expect(cfg.peers).toEqual([
      expect.objectContaining({ id: 'ou-node-1', platform: 'ouranos', baseUrl: 'https://127.0.0.1:9444' }),
    ]);
    expect(cfg.trust.roots.map((r) => path.basename(r.file))).toEqual([
      'root-catena-x.pem',
      'root-ouranos.pem',
    ]);
    expect(cfg.delivery.attempts).toBe(7);
  });

  test('fresh API keys: one per company and the operator, random each time', () => {
    const a = newPlatformApiKeys(['co-1', 'co-2']);
    const b = newPlatformApiKeys(['co-1', 'co-2']);
    expect([...a.companies.keys()]).toEqual(['co-1', 'co-2']);
    expect(a.operator).toMatch(/^operator-[0-9a-f]{24}$/);
    expect(a.companies.get('co-1')).toMatch(/^key-[0-9a-f]{24}$/);
    expect(new Set([a.operator, b.operator, ...a.companies.values(), ...b.companies.values()]).size).toBe(6);
  });

  test('a platform knows its companies by API key and the node as its operator', () => {
    expect(platformParticipants('ouranos', { operator: 'op', companies: new Map([['co-1', 'k1']]) })).toEqual(
      [
        { apiKey: 'k1', participantId: 'co-1', role: 'company' },
        { apiKey: 'op', participantId: 'ouranos-operator', role: 'operator' },
      ],
    );
  });
});
