/** Helpers shared by the Redis stores: error mapping and JSON (de)serialisation. */
import { KhError } from '../errors';

/** Run a Redis operation; anything that is not a KhError becomes `KH_STORE_UNAVAILABLE` (503). */
export async function redisCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    if (cause instanceof KhError) throw cause;
    throw new KhError('KH_STORE_UNAVAILABLE', `Redis failed during ${what}`, { status: 503, cause });
  }
}

export function toJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new KhError('KH_STORE_INVALID_INPUT', `${what} is not JSON-serialisable`, {
      where: what,
      status: 400,
      cause,
    });
  }
  if (text === undefined) {
    throw new KhError('KH_STORE_INVALID_INPUT', `${what} is not JSON-serialisable`, {
      where: what,
      status: 400,
    });
  }
  return text;
}

export function fromJson<T>(text: string | null | undefined, what: string): T {
  if (text === null || text === undefined) {
    throw new KhError('KH_STORE_CORRUPT', `${what} is missing from a stored entry`, {
      where: what,
      status: 500,
    });
  }
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new KhError('KH_STORE_CORRUPT', `${what} in a stored entry is not JSON`, {
      where: what,
      status: 500,
      cause,
    });
  }
}
