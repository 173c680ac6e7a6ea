import { Command } from 'commander';

/** Placeholder: the `mra` command group is registered here once its issue lands. */
export function registerMra(_program: Command): void {
  // not yet
}
