import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collectRecordFiles } from '../../connector/cli/commands/operations';
import { KhError } from '../../connector/errors';
import { main } from '../../connector/cli/main';

jest.setTimeout(120000);

const BIN = path.resolve(__dirname, '../../connector/cli/kakehashi.js');

function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 50000 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('operator CLI', () => {
  it('refuses a bad node configuration, naming the field', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kh-cli-'));
    const file = path.join(dir, 'node.yaml');
    writeFileSync(
      file,
      [
        'nodeId: ou-node-1',
        'platform: ouranos',
        'management: { token: "0123456789abcdef0123" }',
        'redis: { url: "redis://127.0.0.1:1" }',
        'tls: { cert: c.pem, key: k.pem }',
        'trust: { roots: [ { platform: ouranos, file: r.pem } ] }',
        'peers: [ { id: cx-node-1, platform: mars, baseUrl: "https://127.0.0.1:1" } ]',
        'platformApi: { url: "http://127.0.0.1:1", apiKey: "12345678" }',
      ].join('\n'),
    );
    const r = await run(['node', 'start', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^KH_CONFIG_INVALID: .*\(at \/peers\/0\/platform\)/m);
  });

  it('has --help on the commands it adds', async () => {
    for (const args of [
      ['node', 'start'],
      ['publish'],
      ['records', 'list'],
      ['transfers'],
      ['dlq', 'list'],
      ['dlq', 'retry'],
      ['demo'],
    ]) {
      let out = '';
      const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out += String(chunk);
        return true;
      });
      try {
        expect(await main(['node', 'kakehashi', ...args, '--help'])).toBe(0);
      } finally {
        spy.mockRestore();
      }
      expect(out).toContain(`Usage: kakehashi ${args.join(' ')}`);
    }
  });

  it('publish refuses files outside the given directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kh-pub-'));
    const inside = path.join(dir, 'records');
    mkdirSync(inside);
    writeFileSync(path.join(inside, 'a.json'), '{}');
    const outside = path.join(dir, 'secret.json');
    writeFileSync(outside, '{}');
    expect(collectRecordFiles(inside)).toEqual([path.join(inside, 'a.json')]);
    symlinkSync(outside, path.join(inside, 'b.json'));
    let code = '';
    try {
      collectRecordFiles(inside);
    } catch (err) {
      code = err instanceof KhError ? err.code : 'other';
    }
    expect(code).toBe('KH_USAGE_PATH_TRAVERSAL');
    const r = await run([
      'publish',
      '--platform',
      'ouranos',
      '--company',
      'x',
      '--url',
      'http://127.0.0.1:9',
      '--token',
      'k',
      inside,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('KH_USAGE_PATH_TRAVERSAL');
  });

  it('needs --token (or its environment variable) for the node commands', async () => {
    const r = await run(['transfers', '--url', 'http://127.0.0.1:9'], { KAKEHASHI_NODE_TOKEN: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^KH_USAGE_BAD_FLAG: .*\(at --token\)/m);
  });
});
