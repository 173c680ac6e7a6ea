import { Command } from 'commander';

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('Measure relay, issuance, floor and reference throughput on this machine')
    .action(() => {
      process.stdout.write('kakehashi bench: not yet (lands with the benchmark issue)\n');
    });
}
