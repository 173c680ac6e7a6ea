/**
 * Failures that say "not now" rather than "never": a service the node depends on did not answer. A change
 * that fails with one of these is taken up again (the change-feed cursor stays before it); any other
 * failure is a refusal for good, audited, and the cursor moves on.
 */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'KH_PLATFORM_UNAVAILABLE',
  'KH_STORE_UNAVAILABLE',
  'KH_DELIVERY_UNAVAILABLE',
]);

export const isTransient = (code: string): boolean => TRANSIENT_CODES.has(code);
