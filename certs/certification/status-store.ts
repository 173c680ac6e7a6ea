/**
 * A certifier's status list in the state directory (I/O edge): `<dir>/<platform>/status/<certifier>.json`
 * holds the index allocation, the revoked indexes and the latest signed status list credential (vc+jwt).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { KhError } from '../../connector/errors';
import { assertSafeSubjectId, PLATFORMS, type PlatformId } from '../pki';
import { StatusListState } from './status-list';
import { StatusListResolver } from './status-resolver';

export interface StatusListFile extends StatusListState {
  /** The latest signed status list credential. */
  statusListCredential: string;
  updatedAt: string;
}

export function statusFilePath(dir: string, platform: PlatformId, certifierId: string): string {
  return path.join(
    path.resolve(dir),
    platform,
    'status',
    `${assertSafeSubjectId(certifierId, 'certifier')}.json`,
  );
}

export function readStatusFile(file: string): StatusListFile | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as StatusListFile;
    if (
      typeof value.url !== 'string' ||
      typeof value.allocations !== 'object' ||
      !Array.isArray(value.revoked)
    ) {
      throw new Error('shape');
    }
    return value;
  } catch (cause) {
    throw new KhError('KH_CERT_MALFORMED', 'the status list file could not be read', { where: file, cause });
  }
}

export function writeStatusFile(file: string, value: StatusListFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o644, flag: 'wx' });
  fs.renameSync(tmp, file);
}

/** Every status list file of a state directory, as url → file. */
export function listStatusFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const platform of PLATFORMS) {
    const statusDir = path.join(path.resolve(dir), platform, 'status');
    if (!fs.existsSync(statusDir)) continue;
    for (const name of fs.readdirSync(statusDir)) {
      if (!name.endsWith('.json')) continue;
      const file = path.join(statusDir, name);
      const value = readStatusFile(file);
      if (value) out.set(value.url, file);
    }
  }
  return out;
}

/** A resolver that serves the status lists published in a state directory (the CLI's view of the certifiers). */
export function createDirStatusListResolver(dir: string): StatusListResolver {
  return {
    async resolve(url: string): Promise<string> {
      const file = listStatusFiles(dir).get(url);
      const value = file ? readStatusFile(file) : undefined;
      if (!value) {
        throw new KhError(
          'KH_CERT_STATUS_UNAVAILABLE',
          'no status list with this URL in the state directory',
          {
            where: url,
          },
        );
      }
      return value.statusListCredential;
    },
  };
}
