/**
 * What an OU record loses on its way through the canonical record: the JSON pointers whose values
 * `canonicalToOuranos(ouranosToCanonical(native))` does not give back (platform-assigned ids the canonical
 * record does not carry, registry data the registry does not hold, child-part quantities, ...). Empty for every
 * record in Kakehashi's profile (derived ids, see docs/data-model.md (Ouranos-style native format)). Pure; for audit and diagnostics.
 */
import { canonicalToOuranos, type CanonicalToOuranosOptions } from './from-canonical';
import { ouranosToCanonical } from './to-canonical';
import type { OuranosNativeRecord } from './types';

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function diff(a: unknown, b: unknown, pointer: string, out: string[]): void {
  if (Object.is(a, b)) return;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    out.push(pointer === '' ? '/' : pointer);
    return;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of [...keys].sort()) diff(ra[key], rb[key], `${pointer}/${escape(key)}`, out);
}

/** Pointers (into `native`) of the values a round trip through the canonical record does not preserve. */
export function ouranosMappingLoss(
  native: OuranosNativeRecord,
  options: CanonicalToOuranosOptions = {},
): string[] {
  const out: string[] = [];
  diff(native, canonicalToOuranos(ouranosToCanonical(native), options), '', out);
  return out;
}
