import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, parseConfig } from '../../connector/node/config';
import { KhError } from '../../connector/errors';

const base = (): Record<string, unknown> => ({
  nodeId: 'ou-node',
  platform: 'ouranos',
  management: { token: 'a-long-operator-token-0123' },
  redis: { url: 'redis://127.0.0.1:6390' },
  tls: { cert: 'tls/node.pem', key: 'tls/node.key.pem' },
  trust: { roots: [{ platform: 'ouranos', file: 'roots/ou.pem' }] },
  peers: [{ id: 'cx-node', platform: 'catena-x', baseUrl: 'https://127.0.0.1:8443/' }],
  platformApi: { url: 'http://127.0.0.1:7500', apiKey: 'operator-key-1' },
});

function codeOf(fn: () => unknown): { code: string; where?: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof KhError) return { code: err.code, where: err.where };
    throw err;
  }
  throw new Error('expected a KhError');
}

describe('node configuration', () => {
  it('applies the documented defaults and resolves paths against the config folder', () => {
    const cfg = parseConfig(base(), '/etc/kh');
    expect(cfg.listen).toEqual({
      managementHost: '127.0.0.1',
      managementPort: 7400,
      protocolHost: '127.0.0.1',
      protocolPort: 7443,
      publicUrl: 'https://127.0.0.1:7443',
    });
    expect(cfg.redis.keyPrefix).toBe('kh:ou-node:');
    expect(cfg.tls.cert).toBe('/etc/kh/tls/node.pem');
    expect(cfg.trust.roots[0].roles).toEqual(['company', 'certifier', 'node', 'authority']);
    expect(cfg.peers[0]).toEqual({
      id: 'cx-node',
      platform: 'catena-x',
      baseUrl: 'https://127.0.0.1:8443',
      certificateSubject: 'cx-node',
    });
    expect(cfg.delivery).toEqual({ attempts: 5, backoffMs: 1000, concurrency: 4, timeoutMs: 10000 });
    expect(cfg.limits.bodyBytes).toBe(1048576);
    expect(cfg.directory).toBeUndefined();
    expect(parseConfig({ ...base(), directory: 'dir.json', mra: '/abs/mra.json' }, '/etc/kh')).toMatchObject({
      directory: '/etc/kh/dir.json',
      mra: '/abs/mra.json',
    });
  });

  it('names the offending field of a bad value with a JSON pointer', () => {
    const bad = base();
    (bad.peers as Record<string, unknown>[])[0].platform = 'mars';
    expect(codeOf(() => parseConfig(bad, '/'))).toEqual({
      code: 'KH_CONFIG_INVALID',
      where: '/peers/0/platform',
    });
  });

  it('defaults the change-feed concurrency to 8 and bounds it to 1-64', () => {
    expect(parseConfig(base(), '/').platformApi.feedConcurrency).toBe(8);
    const api = (n: number) => ({
      ...base(),
      platformApi: { ...(base().platformApi as object), feedConcurrency: n },
    });
    expect(parseConfig(api(1), '/').platformApi.feedConcurrency).toBe(1);
    expect(codeOf(() => parseConfig(api(0), '/'))).toEqual({
      code: 'KH_CONFIG_INVALID',
      where: '/platformApi/feedConcurrency',
    });
    expect(codeOf(() => parseConfig(api(65), '/')).code).toBe('KH_CONFIG_INVALID');
  });

  it('names a missing required field', () => {
    const bad = base();
    delete bad.redis;
    expect(codeOf(() => parseConfig(bad, '/'))).toEqual({ code: 'KH_CONFIG_INVALID', where: '/redis' });
  });

  it('refuses an unknown setting, naming it', () => {
    const bad = base();
    (bad.delivery as unknown) = { attempts: 3, retries: 9 };
    expect(codeOf(() => parseConfig(bad, '/'))).toEqual({
      code: 'KH_CONFIG_INVALID',
      where: '/delivery/retries',
    });
  });

  it('refuses duplicate peer ids', () => {
    const bad = base();
    (bad.peers as unknown[]).push({ id: 'cx-node', platform: 'catena-x', baseUrl: 'https://x:1' });
    expect(codeOf(() => parseConfig(bad, '/'))).toEqual({ code: 'KH_CONFIG_INVALID', where: '/peers/1/id' });
  });

  it('takes the operator token from the environment, and refuses a missing one', () => {
    const cfg = base();
    cfg.management = { tokenEnv: 'KH_TEST_TOKEN' };
    expect(parseConfig(cfg, '/', { KH_TEST_TOKEN: 'x'.repeat(20) }).management.token).toBe('x'.repeat(20));
    expect(codeOf(() => parseConfig(cfg, '/', {}))).toEqual({
      code: 'KH_CONFIG_INVALID',
      where: '/management/tokenEnv',
    });
  });

  it('reads YAML files and reports an unreadable file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kh-cfg-'));
    const file = path.join(dir, 'node.yaml');
    writeFileSync(
      file,
      [
        'nodeId: cx-node',
        'platform: catena-x',
        'management: { token: "0123456789abcdef0123" }',
        'redis: { url: "redis://127.0.0.1:1" }',
        'tls: { cert: c.pem, key: k.pem }',
        'trust: { roots: [ { platform: catena-x, file: r.pem, roles: [node] } ] }',
        'platformApi: { url: "http://127.0.0.1:1", apiKey: "12345678" }',
        'listen: { protocolPort: "not-a-port" }',
      ].join('\n'),
    );
    expect(codeOf(() => loadConfig(file))).toEqual({
      code: 'KH_CONFIG_INVALID',
      where: '/listen/protocolPort',
    });
    expect(codeOf(() => loadConfig(path.join(dir, 'missing.yaml'))).code).toBe('KH_CONFIG_UNREADABLE');
  });
});
