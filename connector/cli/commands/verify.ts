import { Command } from 'commander';

/** Placeholder: the `verify` command group is registered here once its issue lands. */
export function registerVerify(_program: Command): void {
  // not yet
}
