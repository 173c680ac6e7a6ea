/**
 * The `kakehashi` command line. Each command group lives in its own module under `commands/` and
 * registers itself on the program; this file only assembles them and maps errors to exit codes.
 */
import { Command, CommanderError } from 'commander';
import { KhError } from '../errors';
import { registerMap } from './commands/map';
import { registerPki } from './commands/pki';
import { registerVerify } from './commands/verify';
import { registerCertify } from './commands/certify';
import { registerMra } from './commands/mra';
import { registerNode } from './commands/node';
import { registerOperations } from './commands/operations';
import { registerDemo } from './commands/demo';
import { registerBench } from './commands/bench';
import { registerDrill } from './commands/drill';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('kakehashi')
    .description(
      'Kakehashi (架け橋): a data-space connector that bridges battery-passport records between an ' +
        'Ouranos-style platform (OU) and a Catena-X-style platform (CX).',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerMap(program);
  registerPki(program);
  registerVerify(program);
  registerCertify(program);
  registerMra(program);
  registerNode(program);
  registerOperations(program);
  registerDemo(program);
  registerBench(program);
  registerDrill(program);
  return program;
}

/** Print a typed error as `CODE: message (at where)` on stderr. */
export function reportError(err: unknown): void {
  if (err instanceof KhError) {
    const at = err.where ? ` (at ${err.where})` : '';
    process.stderr.write(`${err.code}: ${err.message}${at}\n`);
  } else if (err instanceof Error) {
    process.stderr.write(`KH_INTERNAL: ${err.message}\n`);
  } else {
    process.stderr.write(`KH_INTERNAL: ${String(err)}\n`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors with 2.
      return err.exitCode === 0 ? 0 : 2;
    }
    reportError(err);
    return 1;
  }
}

if (require.main === module || process.argv[1]?.endsWith('kakehashi.js')) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
