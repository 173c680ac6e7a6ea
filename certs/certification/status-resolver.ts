/**
 * Where a node gets status list credentials: a `StatusListResolver` maps a status list URL to the signed
 * status list credential (vc+jwt). The caching resolver keeps each list for at most `maxAgeSeconds`; past
 * that it re-fetches, and if the fetch fails it throws KH_CERT_STATUS_UNAVAILABLE: a stale list is never
 * used and "unreachable" never means "valid".
 */
import { KhError, isKhError } from '../../connector/errors';

export interface StatusListResolver {
  /** The status list credential (vc+jwt) published at `url`. `now` is the caller's clock. */
  resolve(url: string, opts?: { now?: Date }): Promise<string>;
}

export interface CachingStatusListResolver extends StatusListResolver {
  /** Forget every cached list (e.g. after an operator asks for a re-check). */
  clear(): void;
}

export function createCachingStatusListResolver(
  inner: StatusListResolver,
  opts: { maxAgeSeconds: number; maxEntries?: number },
): CachingStatusListResolver {
  if (!Number.isFinite(opts.maxAgeSeconds) || opts.maxAgeSeconds < 0) {
    throw new KhError('KH_CERT_INPUT_INVALID', 'maxAgeSeconds must be a non-negative number', {
      where: 'maxAgeSeconds',
    });
  }
  const maxEntries = opts.maxEntries ?? 1000;
  const cache = new Map<string, { token: string; fetchedAt: number }>();
  return {
    async resolve(url: string, ropts: { now?: Date } = {}): Promise<string> {
      const now = (ropts.now ?? new Date()).getTime();
      const hit = cache.get(url);
      if (hit && now - hit.fetchedAt <= opts.maxAgeSeconds * 1000) return hit.token;
      let token: string;
      try {
        token = await inner.resolve(url, ropts);
      } catch (cause) {
        cache.delete(url);
        throw new KhError(
          'KH_CERT_STATUS_UNAVAILABLE',
          hit
            ? 'the status list could not be re-fetched and the cached copy is older than the freshness bound'
            : 'the status list could not be fetched',
          {
            where: url,
            details: {
              maxAgeSeconds: opts.maxAgeSeconds,
              ...(isKhError(cause) ? { causeCode: cause.code } : {}),
            },
            cause,
          },
        );
      }
      if (cache.size >= maxEntries && !cache.has(url)) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      cache.set(url, { token, fetchedAt: now });
      return token;
    },
    clear(): void {
      cache.clear();
    },
  };
}

/** A resolver over a fixed map (tests, demo) whose entries can be replaced or removed. */
export function createMemoryStatusListResolver(): StatusListResolver & {
  publish(url: string, token: string): void;
  unpublish(url: string): void;
  fetchCount(url: string): number;
} {
  const lists = new Map<string, string>();
  const counts = new Map<string, number>();
  return {
    async resolve(url: string): Promise<string> {
      counts.set(url, (counts.get(url) ?? 0) + 1);
      const token = lists.get(url);
      if (token === undefined) {
        throw new KhError('KH_CERT_STATUS_UNAVAILABLE', 'no status list is published at this URL', {
          where: url,
        });
      }
      return token;
    },
    publish(url: string, token: string): void {
      lists.set(url, token);
    },
    unpublish(url: string): void {
      lists.delete(url);
    },
    fetchCount(url: string): number {
      return counts.get(url) ?? 0;
    },
  };
}
