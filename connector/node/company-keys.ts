/**
 * The signing keys of the companies that publish on this node's platform. A company's records are issued
 * as SD-JWT VCs under its own key and X.509 chain; the node holds them as files
 * `<dir>/<companyId>.key.pem` (mode 0600) and `<dir>/<companyId>.chain.pem` (leaf first). In the demo the
 * directory is written from the platform PKI's state; a production deployment would replace this with a
 * signing service (an HSM or the company's own wallet) behind the same function.
 *
 * Custody path only: a company that publishes signed (`{ record, credential }`, see `./intake`) keeps its key
 * itself, and the node reads no key file for its records.
 */
import { createPrivateKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KhError } from '../errors';
import { pemToX5c } from '../../certs/pki';

export interface CompanyKey {
  privateKey: KeyObject;
  x5c: string[];
}

export const companyKeyFileName = (companyId: string): string => companyId.replace(/[^A-Za-z0-9._-]/g, '_');

export function createCompanyKeyReader(dir: string | undefined): (companyId: string) => CompanyKey {
  const cache = new Map<string, CompanyKey>();
  return (companyId) => {
    const hit = cache.get(companyId);
    if (hit) return hit;
    if (!dir) {
      throw new KhError('KH_NODE_COMPANY_KEY_NOT_FOUND', 'no companyKeys.dir is configured', {
        status: 500,
        where: '/companyKeys/dir',
      });
    }
    const base = path.join(dir, companyKeyFileName(companyId));
    try {
      const key: CompanyKey = {
        privateKey: createPrivateKey(readFileSync(`${base}.key.pem`, 'utf8')),
        x5c: pemToX5c(readFileSync(`${base}.chain.pem`, 'utf8')),
      };
      cache.set(companyId, key);
      return key;
    } catch {
      throw new KhError('KH_NODE_COMPANY_KEY_NOT_FOUND', "the publishing company's key is not available", {
        status: 500,
      });
    }
  };
}
