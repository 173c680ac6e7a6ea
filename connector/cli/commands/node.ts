import { Command } from 'commander';

/** Placeholder: the `node` command group is registered here once its issue lands. */
export function registerNode(_program: Command): void {
  // not yet
}
