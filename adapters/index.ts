/**
 * The adapter registry: one `PlatformAdapter` per platform, looked up by name. This is the only place that
 * knows which adapters exist; the node and the CLI go through `getAdapter`.
 */
import { KhError } from '../connector/errors';
import { catenaXAdapter } from './catena-x';
import { ouranosAdapter } from './ouranos';
import type { PlatformAdapter, PlatformName } from './types';

export type { PlatformAdapter, PlatformName, CanonicalMeta } from './types';

const ADAPTERS: ReadonlyMap<string, PlatformAdapter> = new Map<string, PlatformAdapter>([
  ['ouranos', ouranosAdapter as PlatformAdapter],
  ['catena-x', catenaXAdapter as PlatformAdapter],
]);

export const PLATFORM_NAMES: ReadonlyArray<PlatformName> = ['ouranos', 'catena-x'];

export function isPlatformName(value: string): value is PlatformName {
  return (PLATFORM_NAMES as ReadonlyArray<string>).includes(value);
}

/** The adapter of `platform`; throws `KH_INPUT_UNKNOWN_PLATFORM` for an unknown name or a missing adapter. */
export function getAdapter(platform: string): PlatformAdapter {
  const adapter = ADAPTERS.get(platform);
  if (adapter === undefined) {
    throw new KhError('KH_INPUT_UNKNOWN_PLATFORM', `no adapter for platform '${platform}'`, {
      where: platform,
      details: { known: [...ADAPTERS.keys()] },
    });
  }
  return adapter;
}

/** The platforms whose adapters are installed. */
export function installedPlatforms(): PlatformName[] {
  return [...ADAPTERS.keys()].filter(isPlatformName);
}
