/**
 * The adapter registry: one `PlatformAdapter` per platform, looked up by name. This is the only place that
 * knows which adapters exist; the node and the CLI go through `getAdapter`.
 */
import { KhError } from '../connector/errors';
import type { ParticipantDirectory } from './canonical/directory';
import { catenaXAdapter, createCatenaXAdapter } from './catena-x';
import { createOuranosAdapter, ouranosAdapter, type OuranosRegistry } from './ouranos';
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

/** What a node configures its adapter with (both optional; see `createCatenaXAdapter`, `createOuranosAdapter`). */
export interface AdapterOptions {
  /** The federation's participant directory: each participant's and site's identifier on each platform. */
  directory?: ParticipantDirectory;
  /** OU only: operator and plant registry data. */
  registry?: OuranosRegistry;
}

/**
 * The adapter of `platform`; throws `KH_INPUT_UNKNOWN_PLATFORM` for an unknown name or a missing adapter.
 * Without options, the registered adapter (no directory: a record from the other platform fails on CX with
 * `KH_MAP_UNKNOWN_PARTICIPANT`); with options, an adapter built with them.
 */
export function getAdapter(platform: string, options?: AdapterOptions): PlatformAdapter {
  if (options !== undefined && isPlatformName(platform)) {
    return platform === 'catena-x'
      ? (createCatenaXAdapter({ directory: options.directory }) as PlatformAdapter)
      : (createOuranosAdapter({
          directory: options.directory,
          registry: options.registry,
        }) as PlatformAdapter);
  }
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
