/**
 * `kakehashi demo`: both platforms and both nodes on this machine (see connector/node/demo/run-demo.ts).
 * Exit code 0 only when every record arrived verified and no withheld value left its platform.
 */
import { Command } from 'commander';
import { runDemo, formatReport } from '../../node/demo/run-demo';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Run the whole federation on this machine (both platforms, both nodes) and report')
    .option('--json', 'print the report as one JSON object (directions, deadLetters, ok)')
    .option(
      '--keep <dir>',
      'keep the state directory here (published/, received/, audit, logs, dead letters)',
    )
    .option('--extra <dir>', 'also publish the native records in <dir>/ouranos/ and <dir>/catena-x/')
    .option('--serve', 'keep everything running until Ctrl-C')
    .option('--timeout <seconds>', 'give up waiting for deliveries after this long', '180')
    .addHelpText(
      'after',
      '\nUses REDIS_URL if set; otherwise starts a private redis-server from PATH (AOF on).\n' +
        'Without one: apt-get install -y redis-server (Debian/Ubuntu).',
    )
    .action(
      async (o: { json?: boolean; keep?: string; extra?: string; serve?: boolean; timeout: string }) => {
        const report = await runDemo({
          ...(o.keep ? { keep: o.keep } : {}),
          ...(o.extra ? { extra: o.extra } : {}),
          serve: o.serve === true,
          timeoutMs: Math.max(10, Number(o.timeout) || 180) * 1000,
          progress: o.json ? undefined : (line) => process.stderr.write(`${line}\n`),
          waitForStop: (fed) =>
            new Promise<void>((resolve) => {
              for (const p of ['ouranos', 'catena-x'] as const) {
                const s = fed.sides[p];
                process.stderr.write(
                  `${p}: simulator ${s.simulatorUrl}, management ${s.node.managementUrl} (token ${s.config.management.token}), protocol ${s.node.protocolUrl}\n`,
                );
              }
              process.once('SIGINT', () => resolve());
            }),
        });
        process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : formatReport(report));
        process.exitCode = report.ok ? 0 : 1;
      },
    );
}
