import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createTrustStore,
  initPkiDir,
  issueToDir,
  loadIdentityFromDir,
  openPkiDir,
  revokeInDir,
  showPkiDir,
  validateChain,
  pemToX5c,
} from '../../certs/pki';
import { KhError } from '../../connector/errors';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof KhError ? err.code : 'not-a-KhError';
  }
  return undefined;
}

const mode = (file: string): number => fs.statSync(file).mode & 0o777;

describe('PKI state directory', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-pki-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the documented layout with private keys in mode 0600', () => {
    const r = initPkiDir({ dir, platform: 'catena-x' });
    expect(r.created).toBe(true);
    const ca = path.join(dir, 'catena-x', 'ca');
    for (const f of ['root.cert.pem', 'root.key.pem', 'crl.pem', 'index.json']) {
      expect(fs.existsSync(path.join(ca, f))).toBe(true);
    }
    expect(mode(path.join(ca, 'root.key.pem'))).toBe(0o600);
    expect(mode(path.join(dir, 'catena-x'))).toBe(0o700);
    const issued = issueToDir({ dir, platform: 'catena-x', role: 'company', subjectId: 'BPNL000000000001' });
    expect(issued.created).toBe(true);
    expect(issued.keyPath).toBe(path.join(dir, 'catena-x', 'companies', 'BPNL000000000001', 'key.pem'));
    expect(mode(issued.keyPath)).toBe(0o600);
    expect(fs.readFileSync(issued.keyPath, 'utf8')).toContain('PRIVATE KEY');
    expect(fs.readFileSync(issued.chainPath, 'utf8')).toContain('BEGIN CERTIFICATE');
    // the index holds no key material
    expect(fs.readFileSync(path.join(ca, 'index.json'), 'utf8')).not.toContain('PRIVATE KEY');
  });

  it('keeps an existing CA on a second init, and backs it up on --force', () => {
    const rootPem = fs.readFileSync(path.join(dir, 'catena-x', 'ca', 'root.cert.pem'), 'utf8');
    const again = initPkiDir({ dir, platform: 'catena-x' });
    expect(again.created).toBe(false);
    expect(fs.readFileSync(again.rootCertPath, 'utf8')).toBe(rootPem);

    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-pki-force-'));
    try {
      const first = initPkiDir({ dir: other, platform: 'ouranos' });
      const forced = initPkiDir({ dir: other, platform: 'ouranos', force: true });
      expect(forced.created).toBe(true);
      expect(forced.fingerprint256).not.toBe(first.fingerprint256);
      expect(forced.backupPath).toBeDefined();
      const backedUp = path.join(forced.backupPath as string, 'ca', 'root.cert.pem');
      expect(fs.readFileSync(backedUp, 'utf8')).toContain('BEGIN CERTIFICATE');
      expect(mode(path.join(forced.backupPath as string, 'ca', 'root.key.pem'))).toBe(0o600);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('returns the existing certificate for the same subject and role unless renewing', () => {
    const a = issueToDir({ dir, platform: 'catena-x', role: 'company', subjectId: 'BPNL000000000001' });
    expect(a.created).toBe(false);
    const renewed = issueToDir({
      dir,
      platform: 'catena-x',
      role: 'company',
      subjectId: 'BPNL000000000001',
      renew: true,
    });
    expect(renewed.created).toBe(true);
    expect(renewed.serialHex).not.toBe(a.serialHex);
    // the same subject in another role is a separate certificate
    const asCertifier = issueToDir({
      dir,
      platform: 'catena-x',
      role: 'certifier',
      subjectId: 'BPNL000000000001',
    });
    expect(asCertifier.created).toBe(true);
  });

  it('loads a stored identity that validates against the stored root and CRL', () => {
    const node = issueToDir({
      dir,
      platform: 'catena-x',
      role: 'node',
      subjectId: 'cx-node',
      dnsNames: ['cx.test'],
    });
    const id = loadIdentityFromDir({ dir, platform: 'catena-x', role: 'node', subjectId: 'cx-node' });
    expect(id.serialHex).toBe(node.serialHex);
    const { paths } = openPkiDir({ dir, platform: 'catena-x' });
    const trust = createTrustStore({
      roots: [fs.readFileSync(paths.rootCert, 'utf8')],
      crls: [fs.readFileSync(paths.crl, 'utf8')],
    });
    expect(validateChain(id.x5c, trust, { role: 'node', requireCrl: true }).subjectId).toBe('cx-node');
    expect(pemToX5c(fs.readFileSync(node.certPath, 'utf8'))).toEqual([id.x5c[0]]);
  });

  it('revokes by subject and role, and the written CRL refuses the certificate', () => {
    const id = loadIdentityFromDir({ dir, platform: 'catena-x', role: 'node', subjectId: 'cx-node' });
    const r = revokeInDir({ dir, platform: 'catena-x', subjectId: 'cx-node', role: 'node' });
    expect(r.revoked).toEqual([id.serialHex]);
    const { paths } = openPkiDir({ dir, platform: 'catena-x' });
    const trust = createTrustStore({
      roots: [fs.readFileSync(paths.rootCert, 'utf8')],
      crls: [fs.readFileSync(r.crlPath, 'utf8')],
    });
    expect(codeOf(() => validateChain(id.x5c, trust))).toBe('KH_PKI_REVOKED');
    const entry = showPkiDir({ dir, platform: 'catena-x' }).entries.find((e) => e.serialHex === id.serialHex);
    expect(entry?.revokedAt).toBeDefined();
    expect(codeOf(() => revokeInDir({ dir, platform: 'catena-x', subjectId: 'cx-node', role: 'node' }))).toBe(
      'KH_PKI_NOT_FOUND',
    );
    expect(codeOf(() => revokeInDir({ dir, platform: 'catena-x', serialHex: 'deadbeef' }))).toBe(
      'KH_PKI_NOT_FOUND',
    );
  });

  it('refuses path traversal and a missing CA', () => {
    for (const subject of ['../../etc', '..', 'a/b', '/abs']) {
      expect(
        codeOf(() => issueToDir({ dir, platform: 'catena-x', role: 'company', subjectId: subject })),
      ).toBe('KH_PKI_BAD_SUBJECT');
    }
    expect(fs.existsSync(path.join(dir, 'etc'))).toBe(false);
    expect(codeOf(() => issueToDir({ dir, platform: 'ouranos', role: 'company', subjectId: 'OU-1' }))).toBe(
      'KH_PKI_STATE_NOT_FOUND',
    );
  });
});
