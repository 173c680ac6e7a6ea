/**
 * `kakehashi drill [--records N] [--only <name>] [--json]`: the reliability drills (see docs/reliability.md).
 * Exit code 0 when every drill passed, 1 otherwise.
 */
import { Command } from 'commander';
import { KhError } from '../../errors';
import { installedPlatforms } from '../../../adapters';
import { DRILL_NAMES, renderTable, runDrills, toJson, type NodeLauncher } from '../../drills';

/**
 * `cli` (nodes started as `kakehashi node start --config …`) when this program has `node start` and the
 * adapter registry serves both platforms; otherwise the drills' own node entry point.
 */
function launcherOf(program: Command): NodeLauncher {
  const node = program.commands.find((c) => c.name() === 'node');
  const hasStart = node?.commands.some((c) => c.name() === 'start') ?? false;
  const both = ['ouranos', 'catena-x'].every((p) => installedPlatforms().includes(p as 'ouranos'));
  return hasStart && both ? 'cli' : 'entry';
}

function parseRecords(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 4) {
    throw new KhError('KH_DRILL_BAD_FLAG', '--records must be an integer of at least 4', {
      where: '--records',
    });
  }
  return n;
}

export function registerDrill(program: Command): void {
  program
    .command('drill')
    .description(`Run the fault drills (${DRILL_NAMES.join(', ')}) and report per drill`)
    .option('--records <n>', 'records published per drill', '2000')
    .option('--only <name>', 'run only this drill')
    .option('--fault-ms <ms>', 'how long a fault lasts', '5000')
    .option('--json', 'print {"drills": [...]} instead of a table')
    .option('--keep-state', 'keep every state folder (default: only a failed drill’s)')
    .action(
      async (o: { records: string; only?: string; faultMs: string; json?: boolean; keepState?: boolean }) => {
        const faultMs = Number(o.faultMs);
        if (!Number.isInteger(faultMs) || faultMs < 0) {
          throw new KhError('KH_DRILL_BAD_FLAG', '--fault-ms must be a non-negative integer', {
            where: '--fault-ms',
          });
        }
        const results = await runDrills({
          records: parseRecords(o.records),
          launcher: launcherOf(program),
          faultMs,
          ...(o.only === undefined ? {} : { only: o.only }),
          ...(o.keepState ? { keepState: true } : {}),
          log: (line) => process.stderr.write(`${line}\n`),
        });
        process.stdout.write(o.json ? `${JSON.stringify(toJson(results))}\n` : renderTable(results));
        if (results.some((r) => !r.passed)) process.exitCode = 1;
      },
    );
}
