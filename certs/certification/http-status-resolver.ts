/** Fetching a certifier's status list credential over HTTPS (the node's production resolver; I/O edge). */
import axios from 'axios';
import { KhError } from '../../connector/errors';
import type { StatusListResolver } from './status-resolver';

export interface HttpStatusListResolverOptions {
  timeoutMs?: number;
  /** Largest response accepted (default 256 KB: a 16 KB list compresses to well under that). */
  maxBytes?: number;
  /** Allow plain http:// (tests, local demo). Default false. */
  allowHttp?: boolean;
}

export function createHttpStatusListResolver(opts: HttpStatusListResolverOptions = {}): StatusListResolver {
  const maxBytes = opts.maxBytes ?? 256 * 1024;
  return {
    async resolve(url: string): Promise<string> {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch (cause) {
        throw new KhError('KH_CERT_STATUS_UNAVAILABLE', 'the status list URL is not a URL', {
          where: url,
          cause,
        });
      }
      if (parsed.protocol !== 'https:' && !(opts.allowHttp && parsed.protocol === 'http:')) {
        throw new KhError('KH_CERT_STATUS_UNAVAILABLE', 'status lists are fetched over https only', {
          where: url,
        });
      }
      try {
        const res = await axios.get<string>(url, {
          timeout: opts.timeoutMs ?? 5000,
          maxContentLength: maxBytes,
          responseType: 'text',
          transformResponse: (d: unknown) => d,
          headers: { Accept: 'application/vc+jwt, application/jwt;q=0.9, text/plain;q=0.5' },
          maxRedirects: 0,
          validateStatus: (s) => s === 200,
        });
        return String(res.data).trim();
      } catch (cause) {
        throw new KhError('KH_CERT_STATUS_UNAVAILABLE', 'the status list could not be fetched', {
          where: url,
          cause,
        });
      }
    },
  };
}
