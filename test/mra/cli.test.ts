import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initPkiDir, issueToDir } from '../../certs/pki';

const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'connector/cli/kakehashi.js');
const EXAMPLE = path.join(REPO, 'schemas/mra/example-agreement.json');
let AGREEMENT: string;

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-mra-'));
  for (const platform of ['ouranos', 'catena-x'] as const) {
    initPkiDir({ dir, platform });
    issueToDir({ dir, platform, role: 'authority', subjectId: `${platform}-authority` });
  }
  // The example agreement, made effective whatever the machine's clock says.
  const agreement = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
  agreement.effectiveFrom = '2020-01-01T00:00:00Z';
  agreement.effectiveUntil = '2100-01-01T00:00:00Z';
  AGREEMENT = path.join(dir, 'agreement.json');
  fs.writeFileSync(AGREEMENT, JSON.stringify(agreement, null, 2));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('kakehashi mra', () => {
  it('sign by one authority, then the other; show tells whether it is honoured', () => {
    const one = path.join(dir, 'mra.ou.json');
    const both = path.join(dir, 'mra.both.json');
    const trust = [
      '--trust',
      path.join(dir, 'ouranos/ca/root.cert.pem'),
      '--trust',
      path.join(dir, 'catena-x/ca/root.cert.pem'),
    ];
    const s1 = run(
      'mra',
      'sign',
      '--dir',
      dir,
      '--platform',
      'ouranos',
      '--agreement',
      AGREEMENT,
      '--out',
      one,
    );
    expect(s1.stderr).toBe('');
    expect(s1.code).toBe(0);

    const half = run('mra', 'show', ...trust, '--json', one);
    expect(half.code).toBe(1);
    const halfJson = JSON.parse(half.stdout);
    expect(halfJson.honoured).toBe(false);
    expect(halfJson.reason).toMatch(/^KH_MRA_SIGNATURE_MISSING/);
    expect(halfJson.signatures).toEqual([
      expect.objectContaining({
        signer: 'urn:kakehashi:participant:ouranos:ouranos-authority',
        verifies: true,
      }),
    ]);

    const s2 = run(
      'mra',
      'sign',
      '--dir',
      dir,
      '--platform',
      'catena-x',
      '--agreement',
      AGREEMENT,
      '--in',
      one,
      '--out',
      both,
    );
    expect(s2.code).toBe(0);
    const jws = JSON.parse(fs.readFileSync(both, 'utf8'));
    expect(jws.signatures).toHaveLength(2);

    const full = run('mra', 'show', ...trust, both);
    expect(full.code).toBe(0);
    expect(full.stdout).toContain('honoured: yes');
    expect(full.stdout).toContain('OU-CFP-VERIFICATION');
    expect(full.stdout.match(/: verifies/g)).toHaveLength(2);

    // The same authority cannot sign twice; a different agreement cannot be merged in.
    expect(
      run(
        'mra',
        'sign',
        '--dir',
        dir,
        '--platform',
        'catena-x',
        '--agreement',
        AGREEMENT,
        '--in',
        both,
        '--out',
        path.join(dir, 'x.json'),
      ).stderr,
    ).toMatch(/^KH_MRA_SIGNATURE_EXISTS/);
    const other = JSON.parse(fs.readFileSync(AGREEMENT, 'utf8'));
    other.agreementVersion = '2';
    const otherFile = path.join(dir, 'other.json');
    fs.writeFileSync(otherFile, JSON.stringify(other));
    expect(
      run(
        'mra',
        'sign',
        '--dir',
        dir,
        '--platform',
        'catena-x',
        '--agreement',
        otherFile,
        '--in',
        one,
        '--out',
        path.join(dir, 'y.json'),
      ).stderr,
    ).toMatch(/^KH_MRA_PAYLOAD_MISMATCH/);
  });
});
