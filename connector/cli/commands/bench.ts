/**
 * `kakehashi bench`: measures relay (two nodes over mutual TLS), issuance, floor and reference throughput
 * on this machine and prints a table, or one JSON object with `--json`. See docs/performance.md.
 */
import { Command } from 'commander';
import { KhError } from '../../errors';
import { formatTable, parseBenchFlags, runBench, type RawBenchFlags } from '../../bench';

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('Measure relay, issuance, floor and reference throughput on this machine')
    .option('--records <n>', 'records relayed from one node to the other', '20000')
    .option('--concurrency <c>', 'delivery concurrency of each node (BullMQ worker)', '8')
    .option('--rate <r>', 'offered load in records per second (default: as fast as it goes)')
    .option('--sample <n>', 'records issued and run through the floor (default min(records, 500))')
    .option(
      '--reference-sample <n>',
      'records signed and verified by the reference stack: a sample (default min(records, 50))',
    )
    .option('--from <platform>', 'the sending platform: catena-x or ouranos', 'catena-x')
    .option(
      '--intake <mode>',
      'signed: companies sign before the clock, the node verifies and relays (the relay of issue 6); ' +
        'custody: records published natively, the sending node maps and issues them',
      'signed',
    )
    .option('--seed <n>', 'seed of the record generator')
    .option('--cpu-prof <dir>', 'write V8 CPU profiles of both node processes into <dir> (node --cpu-prof)')
    .option('--json', 'print one JSON object instead of the table')
    .action(async (flags: RawBenchFlags & { json?: boolean }) => {
      const options = parseBenchFlags(flags);
      // Ctrl-C: exit through 'exit' handlers, which stop the private redis-server; the child processes
      // leave when their IPC channel closes.
      const interrupted = (): void => process.exit(130);
      process.once('SIGINT', interrupted);
      process.once('SIGTERM', interrupted);
      const progress = (line: string): void => {
        if (!flags.json) process.stderr.write(`… ${line}\n`);
      };
      const report = await runBench(options, progress);
      process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : formatTable(report));
      if (!report.relay.complete) {
        const err = new KhError(
          'KH_BENCH_RELAY_INCOMPLETE',
          `${report.relay.sent - report.relay.records} of ${report.relay.sent} records were not stored`,
          { details: { refusals: report.relay.refusals } },
        );
        process.stderr.write(`${err.code}: ${err.message} ${JSON.stringify(report.relay.refusals)}\n`);
        process.exitCode = 1;
      }
    });
}
