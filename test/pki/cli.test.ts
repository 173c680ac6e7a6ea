import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, type CommanderError } from 'commander';
import { registerPki } from '../../connector/cli/commands/pki';

const repo = path.resolve(__dirname, '../..');
const bin = path.join(repo, 'connector', 'cli', 'kakehashi.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'pki', ...args], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kakehashi pki (CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-pki-cli-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('init is idempotent and never prints key material', () => {
    const first = run(['init', '--platform', 'ouranos', '--dir', dir, '--json']);
    expect(first.status).toBe(0);
    const created = JSON.parse(first.stdout) as { created: boolean; fingerprint256: string };
    expect(created.created).toBe(true);
    const second = run(['init', '--platform', 'ouranos', '--dir', dir]);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('kept the existing');
    expect(second.stdout).toContain(created.fingerprint256);
    expect(first.stdout + second.stdout).not.toContain('PRIVATE KEY');
    expect(fs.statSync(path.join(dir, 'ouranos', 'ca', 'root.key.pem')).mode & 0o777).toBe(0o600);
  });

  it('issue is idempotent for the same subject and role', () => {
    const args = ['issue', '--platform', 'ouranos', '--dir', dir, '--role', 'node', '--subject', 'ou-node'];
    const first = run([...args, '--dns', 'ou.test', '--json']);
    expect(first.status).toBe(0);
    const a = JSON.parse(first.stdout) as { created: boolean; serialHex: string; keyPath: string };
    expect(a.created).toBe(true);
    expect(fs.statSync(a.keyPath).mode & 0o777).toBe(0o600);
    const second = run([...args, '--json']);
    expect(second.status).toBe(0);
    const b = JSON.parse(second.stdout) as { created: boolean; serialHex: string };
    expect(b).toMatchObject({ created: false, serialHex: a.serialHex });
    expect(first.stdout + second.stdout).not.toContain('PRIVATE KEY');
  });

  it('refuses path traversal with a typed error and a non-zero exit', () => {
    const r = run(['issue', '--platform', 'ouranos', '--dir', dir, '--role', 'company', '--subject', '../x']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^KH_PKI_BAD_SUBJECT:/);
  });

  it('revokes and shows', () => {
    const rev = run([
      'revoke',
      '--platform',
      'ouranos',
      '--dir',
      dir,
      '--subject',
      'ou-node',
      '--role',
      'node',
    ]);
    expect(rev.status).toBe(0);
    expect(rev.stdout).toMatch(/^revoked [0-9a-f]+/);
    const show = run(['show', '--platform', 'ouranos', '--dir', dir, '--json']);
    expect(show.status).toBe(0);
    const summary = JSON.parse(show.stdout) as { entries: Array<{ role: string; revokedAt?: string }> };
    expect(summary.entries.find((e) => e.role === 'node')?.revokedAt).toBeDefined();
  });

  it.each([['init'], ['issue'], ['revoke'], ['show']])('has --help on pki %s', (cmd) => {
    // in-process: the same registration the CLI uses, without paying a process start per command
    let out = '';
    const program = new Command('kakehashi').exitOverride();
    program.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
    registerPki(program);
    let exitCode: number | undefined;
    try {
      program.parse(['node', 'kakehashi', 'pki', cmd, '--help']);
    } catch (err) {
      exitCode = (err as CommanderError).exitCode;
    }
    expect(exitCode).toBe(0);
    expect(out).toContain(`Usage: kakehashi pki ${cmd}`);
    expect(out).toContain('--platform');
  });
});
