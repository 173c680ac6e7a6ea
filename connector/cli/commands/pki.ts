import { Command } from 'commander';

/** Placeholder: the `pki` command group is registered here once its issue lands. */
export function registerPki(_program: Command): void {
  // not yet
}
