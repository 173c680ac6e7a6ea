import { Command } from 'commander';

/** Placeholder: the `certify` command group is registered here once its issue lands. */
export function registerCertify(_program: Command): void {
  // not yet
}
