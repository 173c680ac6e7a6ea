import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initPkiDir, issueToDir } from '../../certs/pki';

const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'connector/cli/kakehashi.js');

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-certify-'));
  initPkiDir({ dir, platform: 'ouranos' });
  initPkiDir({ dir, platform: 'catena-x' });
  issueToDir({
    dir,
    platform: 'ouranos',
    role: 'certifier',
    subjectId: 'cert-jqa',
    name: 'JQA Certification',
  });
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('kakehashi certify', () => {
  it('issue → status valid → revoke → status revoked', () => {
    const out = path.join(dir, 'c1.jwt');
    const issued = run(
      'certify',
      'issue',
      '--dir',
      dir,
      '--platform',
      'ouranos',
      '--certifier',
      'cert-jqa',
      '--scheme',
      'OU-CFP-VERIFICATION',
      '--scheme-version',
      '1.0',
      '--subject',
      'urn:uuid:6a1f2d3e-1111-4222-8333-944455556666',
      '--outcome',
      'pass',
      '--valid-until',
      '2099-12-31',
      '--out',
      out,
    );
    expect(issued.stderr).toBe('');
    expect(issued.code).toBe(0);
    const token = fs.readFileSync(out, 'utf8').trim();
    expect(token.split('.')).toHaveLength(3);
    const statusFile = path.join(dir, 'ouranos/status/cert-jqa.json');
    const state = JSON.parse(fs.readFileSync(statusFile, 'utf8'));
    const id = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).id;
    expect(typeof state.allocations[id]).toBe('number');

    const valid = run('certify', 'status', '--dir', dir, out);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/^valid:/);

    const revoked = run(
      'certify',
      'revoke',
      '--dir',
      dir,
      '--platform',
      'ouranos',
      '--certifier',
      'cert-jqa',
      '--credential',
      out,
    );
    expect(revoked.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(statusFile, 'utf8')).revoked).toEqual([state.allocations[id]]);

    const after = run('certify', 'status', '--dir', dir, '--json', out);
    expect(after.code).toBe(1);
    expect(JSON.parse(after.stdout)).toMatchObject({ status: 'revoked', code: 'KH_CERT_REVOKED' });
  });

  it('reports an expired credential, and fails with a typed error for an unknown certifier', () => {
    const out = path.join(dir, 'c2.jwt');
    const soon = new Date(Date.now() + 2 * 86400_000).toISOString();
    expect(
      run(
        'certify',
        'issue',
        '--dir',
        dir,
        '--platform',
        'ouranos',
        '--certifier',
        'cert-jqa',
        '--scheme',
        'OU-CFP-VERIFICATION',
        '--subject',
        'urn:kakehashi:participant:ouranos:ou-company-1',
        '--outcome',
        'conditional',
        '--valid-until',
        soon,
        '--out',
        out,
      ).code,
    ).toBe(0);
    const at = new Date(Date.now() + 10 * 86400_000).toISOString();
    const expired = run('certify', 'status', '--dir', dir, '--at', at, '--json', out);
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.stdout)).toMatchObject({ status: 'expired', code: 'KH_CERT_EXPIRED' });

    const unknown = run(
      'certify',
      'issue',
      '--dir',
      dir,
      '--platform',
      'ouranos',
      '--certifier',
      'nobody',
      '--scheme',
      'S',
      '--subject',
      'urn:x:y',
      '--outcome',
      'pass',
      '--valid-until',
      '2099-01-01',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^KH_CERT_STATE_NOT_FOUND/);
  });
});
