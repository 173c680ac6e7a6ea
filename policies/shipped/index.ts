/** The disclosure policies Kakehashi ships, one per direction (see docs/policies.md). */
import path from 'node:path';
import { loadPolicy } from '../load';
import type { CompiledPolicy, PeerPlatform } from '../types';

export const SHIPPED_POLICY_DIR = __dirname;

/** The file of the shipped policy for records going from `source` to `target`. */
export function shippedPolicyPath(source: PeerPlatform, target: PeerPlatform): string {
  return path.join(SHIPPED_POLICY_DIR, `${source}-to-${target}.jsonld`);
}

export function loadShippedPolicy(source: PeerPlatform, target: PeerPlatform): CompiledPolicy {
  return loadPolicy(shippedPolicyPath(source, target));
}
