import { Command } from 'commander';

/** Placeholder: the `operations` command group is registered here once its issue lands. */
export function registerOperations(_program: Command): void {
  // not yet
}
