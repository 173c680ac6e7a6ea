import { Command } from 'commander';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Run the whole federation on this machine (both platforms, both nodes) and report')
    .action(() => {
      process.stdout.write('kakehashi demo: not yet (lands with the connector node issue)\n');
    });
}
