/** Error codes of the private redis-server launcher (`connector/redis/`). */
export const REDIS_ERROR_CODES = {
  KH_REDIS_UNAVAILABLE:
    'no Redis to use: redis-server is not on PATH and REDIS_URL is not set, or the private server did not start',
} as const;
