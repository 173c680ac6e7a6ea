/** `kakehashi verify` end to end, by spawning the real CLI. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPlatformPki } from '../../certs/pki';
import { encodeDisclosure } from '../../certs/sd-jwt';
import { OWN_VECTORS, readJson, readText } from './helpers';

const REPO = path.resolve(__dirname, '../..');
const meta = readJson<{ now: string; audience: string; nonce: string }>(
  path.join(OWN_VECTORS, 'vectors.json'),
);
const ROOT = path.join(OWN_VECTORS, 'root-catena-x.pem');
const ISSUED = path.join(OWN_VECTORS, 'issued-ps256.sd-jwt.txt');
const PRESENTED = path.join(OWN_VECTORS, 'presented-kb.sd-jwt.txt');

function kakehashi(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'connector/cli/kakehashi.js'), 'verify', ...args], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-sdjwt-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('kakehashi verify', () => {
  test('a presentation with key binding: prints the disclosed claims', () => {
    const r = kakehashi(
      '--trust',
      ROOT,
      '--audience',
      meta.audience,
      '--nonce',
      meta.nonce,
      '--at',
      meta.now,
      '--require-role',
      'company',
      PRESENTED,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const credential = JSON.parse(r.stdout) as { credentialSubject: { provenance: { recordId: string } } };
    expect(credential.credentialSubject.provenance.recordId).toBe('PASS-0001');
    expect(r.stdout).not.toMatch(/supplierName|procurementVolume/);
  });

  test('an issued SD-JWT VC with --schema canonical and --details', () => {
    const r = kakehashi('--trust', ROOT, '--at', meta.now, '--schema', 'canonical', '--details', ISSUED);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { issuer: { role: string }; undisclosedDigests: string[] };
    expect(out.issuer.role).toBe('company');
  });

  test('wrong audience: CODE on stderr, exit 1', () => {
    const r = kakehashi('--trust', ROOT, '--audience', 'urn:other', '--at', meta.now, PRESENTED);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^KH_SDJWT_KB_AUDIENCE: /);
  });

  test('a root that is not the issuer’s: KH_PKI_UNKNOWN_ROOT', () => {
    const other = path.join(tmp, 'other-root.pem');
    fs.writeFileSync(other, createPlatformPki({ platform: 'ouranos' }).rootCertificatePem);
    const r = kakehashi('--trust', other, '--at', meta.now, ISSUED);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^KH_PKI_UNKNOWN_ROOT: /);
  });

  test('a Disclosure added: KH_SDJWT_DIGEST_MISMATCH; wrong role: KH_PKI_WRONG_ROLE', () => {
    const forged = path.join(tmp, 'forged.txt');
    fs.writeFileSync(
      forged,
      `${readText(ISSUED)}${encodeDisclosure('c2FsdHNhbHRzYWx0c2FsdA', 'supplierName', 'x')}~`,
    );
    const r = kakehashi('--trust', ROOT, '--at', meta.now, forged);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^KH_SDJWT_DIGEST_MISMATCH: /);
    const role = kakehashi('--trust', ROOT, '--at', meta.now, '--require-role', 'certifier', ISSUED);
    expect(role.status).toBe(1);
    expect(role.stderr).toMatch(/^KH_PKI_WRONG_ROLE: /);
  });
});
