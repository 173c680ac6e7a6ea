/**
 * The PKI state directory (I/O edge of the PKI). Layout, per platform:
 *
 *   <dir>/<platform>/ca/root.cert.pem   root CA certificate
 *   <dir>/<platform>/ca/root.key.pem    root CA private key (mode 0600)
 *   <dir>/<platform>/ca/crl.pem         current CRL of the root CA
 *   <dir>/<platform>/ca/index.json      issued serials, subjects, roles, revocations, CRL number
 *   <dir>/<platform>/<role folder>/<subject>/cert.pem, key.pem (0600), chain.pem (leaf first, no root)
 *
 * Directories are created 0700. Files are written atomically (temp file + rename). Nothing here logs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, createPrivateKey } from 'node:crypto';
import { pkiError } from './fail';
import {
  createPlatformPki,
  restorePlatformPki,
  type LocalPlatformPki,
  type PlatformPkiState,
} from './platform-pki';
import { assertPlatform, assertRole, assertSafeSubjectId } from './identifiers';
import { certificateFingerprint256, pemToX5c } from './pem';
import { normaliseSerialHex } from './der';
import type { IssueOptions, IssuedEntry, IssuedIdentity, PlatformId, Role } from './types';

export interface PkiPaths {
  platformDir: string;
  caDir: string;
  rootCert: string;
  rootKey: string;
  crl: string;
  index: string;
}

export function pkiPaths(dir: string, platformIn: PlatformId): PkiPaths {
  const platform = assertPlatform(platformIn);
  const platformDir = path.join(path.resolve(dir), platform);
  const caDir = path.join(platformDir, 'ca');
  return {
    platformDir,
    caDir,
    rootCert: path.join(caDir, 'root.cert.pem'),
    rootKey: path.join(caDir, 'root.key.pem'),
    crl: path.join(caDir, 'crl.pem'),
    index: path.join(caDir, 'index.json'),
  };
}

/** The folder each role's identities live in: `companies`, `certifiers`, `nodes`, `authorities`. */
export const ROLE_FOLDERS: Readonly<Record<Role, string>> = {
  company: 'companies',
  certifier: 'certifiers',
  node: 'nodes',
  authority: 'authorities',
};

export function subjectPaths(
  dir: string,
  platform: PlatformId,
  role: Role,
  subjectId: string,
): { dir: string; cert: string; key: string; chain: string } {
  const base = path.join(
    pkiPaths(dir, platform).platformDir,
    ROLE_FOLDERS[assertRole(role)],
    assertSafeSubjectId(subjectId),
  );
  return {
    dir: base,
    cert: path.join(base, 'cert.pem'),
    key: path.join(base, 'key.pem'),
    chain: path.join(base, 'chain.pem'),
  };
}

function writeAtomic(file: string, data: string, mode: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  fs.writeFileSync(tmp, data, { mode, flag: 'wx' });
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
}

interface IndexFile {
  platform: PlatformId;
  keyBits: number;
  crlNumber: number;
  entries: IssuedEntry[];
}

function save(paths: PkiPaths, pki: LocalPlatformPki, writeCrl: boolean): void {
  const state = pki.state();
  if (writeCrl) writeAtomic(paths.crl, pki.crlPem(), 0o644);
  const after = pki.state();
  const index: IndexFile = {
    platform: state.platform,
    keyBits: state.keyBits,
    crlNumber: after.crlNumber,
    entries: after.entries,
  };
  writeAtomic(paths.index, `${JSON.stringify(index, null, 2)}\n`, 0o644);
}

export interface InitResult {
  created: boolean;
  platform: PlatformId;
  rootCertPath: string;
  crlPath: string;
  indexPath: string;
  fingerprint256: string;
  /** Where the previous CA went when `force` replaced it. */
  backupPath?: string;
}

/** Create the platform's root CA in the state directory; keep an existing one unless `force` (then back it up). */
export function initPkiDir(opts: {
  dir: string;
  platform: PlatformId;
  keyBits?: number;
  force?: boolean;
  now?: Date;
}): InitResult {
  const paths = pkiPaths(opts.dir, opts.platform);
  const result = (created: boolean, backupPath?: string): InitResult => ({
    created,
    platform: opts.platform,
    rootCertPath: paths.rootCert,
    crlPath: paths.crl,
    indexPath: paths.index,
    fingerprint256: certificateFingerprint256(fs.readFileSync(paths.rootCert, 'utf8')),
    ...(backupPath ? { backupPath } : {}),
  });
  let backupPath: string | undefined;
  if (fs.existsSync(paths.platformDir)) {
    if (fs.existsSync(paths.rootCert) && !opts.force) return result(false);
    if (opts.force || fs.readdirSync(paths.platformDir).length > 0) {
      if (!opts.force) {
        throw pkiError('KH_PKI_EXISTS', 'the platform folder exists without a CA; use --force', {
          where: paths.platformDir,
        });
      }
      backupPath = `${paths.platformDir}.backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(paths.platformDir, backupPath);
    }
  }
  const pki = createPlatformPki({
    platform: opts.platform,
    ...(opts.keyBits !== undefined ? { keyBits: opts.keyBits } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const state = pki.state();
  fs.mkdirSync(paths.caDir, { recursive: true, mode: 0o700 });
  writeAtomic(paths.rootKey, state.root.privateKeyPem, 0o600);
  writeAtomic(paths.rootCert, state.root.certificatePem, 0o644);
  save(paths, pki, true);
  return result(true, backupPath);
}

/** Open the platform's CA from the state directory. Throws KH_PKI_STATE_NOT_FOUND. */
export function openPkiDir(opts: { dir: string; platform: PlatformId; now?: Date }): {
  pki: LocalPlatformPki;
  paths: PkiPaths;
} {
  const paths = pkiPaths(opts.dir, opts.platform);
  if (!fs.existsSync(paths.rootCert) || !fs.existsSync(paths.rootKey) || !fs.existsSync(paths.index)) {
    throw pkiError(
      'KH_PKI_STATE_NOT_FOUND',
      'no CA for this platform in the state directory (run pki init)',
      {
        where: paths.caDir,
      },
    );
  }
  let index: IndexFile;
  try {
    index = JSON.parse(fs.readFileSync(paths.index, 'utf8')) as IndexFile;
  } catch (cause) {
    throw pkiError('KH_PKI_MALFORMED', 'index.json could not be read', { where: paths.index, cause });
  }
  const state: PlatformPkiState = {
    platform: assertPlatform(index.platform),
    keyBits: index.keyBits,
    root: {
      certificatePem: fs.readFileSync(paths.rootCert, 'utf8'),
      privateKeyPem: fs.readFileSync(paths.rootKey, 'utf8'),
    },
    entries: Array.isArray(index.entries) ? index.entries : [],
    crlNumber: typeof index.crlNumber === 'number' ? index.crlNumber : 0,
  };
  return { pki: restorePlatformPki(state, opts.now ? { now: opts.now } : {}), paths };
}

export interface IssueToDirResult {
  created: boolean;
  role: Role;
  subjectId: string;
  subjectIri: string;
  serialHex: string;
  fingerprint256: string;
  notAfter: string;
  certPath: string;
  keyPath: string;
  chainPath: string;
}

function activeEntry(entries: IssuedEntry[], role: Role, subjectId: string): IssuedEntry | undefined {
  return entries
    .filter((e) => e.role === role && e.subjectId === subjectId && e.revokedAt === undefined)
    .pop();
}

/** Issue a certificate into the state directory; an existing one for subject+role is returned unless `renew`. */
export function issueToDir(
  opts: {
    dir: string;
    platform: PlatformId;
    role: Role;
    subjectId: string;
    renew?: boolean;
    now?: Date;
  } & IssueOptions,
): IssueToDirResult {
  const role = assertRole(opts.role);
  const subjectId = assertSafeSubjectId(opts.subjectId);
  const { pki, paths } = openPkiDir(opts);
  const files = subjectPaths(opts.dir, opts.platform, role, subjectId);
  const existing = activeEntry(pki.issued(), role, subjectId);
  if (existing && !opts.renew && fs.existsSync(files.cert) && fs.existsSync(files.key)) {
    return {
      created: false,
      role,
      subjectId,
      subjectIri: existing.subjectIri,
      serialHex: existing.serialHex,
      fingerprint256: existing.fingerprint256,
      notAfter: existing.notAfter,
      certPath: files.cert,
      keyPath: files.key,
      chainPath: files.chain,
    };
  }
  const id = pki.issue(role, subjectId, opts);
  fs.mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  writeAtomic(files.key, id.privateKeyPem, 0o600);
  writeAtomic(files.cert, id.certificatePem, 0o644);
  writeAtomic(files.chain, id.chainPem.join(''), 0o644);
  save(paths, pki, false);
  const entry = activeEntry(pki.issued(), role, subjectId) as IssuedEntry;
  return {
    created: true,
    role,
    subjectId,
    subjectIri: id.subjectIri,
    serialHex: id.serialHex,
    fingerprint256: entry.fingerprint256,
    notAfter: entry.notAfter,
    certPath: files.cert,
    keyPath: files.key,
    chainPath: files.chain,
  };
}

/** Read an issued identity (certificate, chain and key) back from the state directory. */
export function loadIdentityFromDir(opts: {
  dir: string;
  platform: PlatformId;
  role: Role;
  subjectId: string;
}): IssuedIdentity {
  const files = subjectPaths(opts.dir, opts.platform, opts.role, opts.subjectId);
  const { pki } = openPkiDir(opts);
  const entry = activeEntry(pki.issued(), opts.role, opts.subjectId);
  if (!entry || !fs.existsSync(files.cert)) {
    throw pkiError('KH_PKI_NOT_FOUND', 'no certificate for that subject and role', { where: 'subject' });
  }
  const privateKeyPem = fs.readFileSync(files.key, 'utf8');
  const chainText = fs.readFileSync(files.chain, 'utf8');
  const x5c = pemToX5c(chainText);
  return {
    subjectId: entry.subjectId,
    subjectIri: entry.subjectIri,
    role: opts.role,
    platform: opts.platform,
    serialHex: entry.serialHex,
    privateKey: createPrivateKey(privateKeyPem),
    privateKeyPem,
    certificatePem: fs.readFileSync(files.cert, 'utf8'),
    chainPem: x5c.map(
      (b64) =>
        `-----BEGIN CERTIFICATE-----\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`,
    ),
    x5c,
  };
}

export interface RevokeResult {
  revoked: string[];
  crlPath: string;
}

/** Revoke by serial, or every active certificate of subject+role; rewrites crl.pem. */
export function revokeInDir(opts: {
  dir: string;
  platform: PlatformId;
  serialHex?: string;
  subjectId?: string;
  role?: Role;
  now?: Date;
}): RevokeResult {
  const { pki, paths } = openPkiDir(opts);
  let serials: string[];
  if (opts.serialHex !== undefined) {
    serials = [normaliseSerialHex(opts.serialHex)];
  } else if (opts.subjectId !== undefined && opts.role !== undefined) {
    const subjectId = assertSafeSubjectId(opts.subjectId);
    const role = assertRole(opts.role);
    serials = pki
      .issued()
      .filter((e) => e.role === role && e.subjectId === subjectId && e.revokedAt === undefined)
      .map((e) => e.serialHex);
    if (serials.length === 0) {
      throw pkiError('KH_PKI_NOT_FOUND', 'no active certificate for that subject and role', {
        where: 'subject',
      });
    }
  } else {
    throw pkiError('KH_PKI_BAD_OPTION', 'give --serial, or --subject with --role', { where: 'serial' });
  }
  for (const s of serials) pki.revoke(s, opts.now);
  save(paths, pki, true);
  return { revoked: serials, crlPath: paths.crl };
}

export interface PkiSummary {
  platform: PlatformId;
  rootCertPath: string;
  rootFingerprint256: string;
  crlPath: string;
  entries: IssuedEntry[];
}

export function showPkiDir(opts: { dir: string; platform: PlatformId }): PkiSummary {
  const { pki, paths } = openPkiDir(opts);
  return {
    platform: pki.platform,
    rootCertPath: paths.rootCert,
    rootFingerprint256: certificateFingerprint256(pki.rootCertificatePem),
    crlPath: paths.crl,
    entries: pki.issued(),
  };
}
