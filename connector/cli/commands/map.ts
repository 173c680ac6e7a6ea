import { Command } from 'commander';

/** Placeholder: the `map` command group is registered here once its issue lands. */
export function registerMap(_program: Command): void {
  // not yet
}
