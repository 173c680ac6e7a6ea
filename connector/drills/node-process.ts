/**
 * The entry point of a drill node child process: `node --require tsx/cjs node-process.ts --config <file>`.
 * It loads the configuration, starts the node with the platform's adapter (the same composition root as
 * `kakehashi node start`) and stops gracefully on SIGTERM/SIGINT. Used when the CLI has no `node start`.
 */
import { loadConfig } from '../node/config';
import { startNode, type RunningNode } from '../node/node';
import { ouranosAdapter } from '../../adapters/ouranos';
import { catenaXAdapter } from '../../adapters/catena-x';
import type { PlatformAdapter } from '../../adapters';

function configArg(argv: string[]): string {
  const i = argv.indexOf('--config');
  const file = i >= 0 ? argv[i + 1] : undefined;
  if (!file) {
    process.stderr.write('KH_USAGE_BAD_FLAG: --config <file> is required\n');
    process.exit(2);
  }
  return file;
}

async function main(): Promise<void> {
  const cfg = loadConfig(configArg(process.argv));
  const adapter = (cfg.platform === 'ouranos'
    ? ouranosAdapter
    : catenaXAdapter) as unknown as PlatformAdapter;
  const node: RunningNode = await startNode(cfg, { adapter });
  process.stdout.write(
    `${JSON.stringify({ ready: true, managementUrl: node.managementUrl, protocolUrl: node.protocolUrl })}\n`,
  );
  const stop = (): void => {
    node.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  const code = (err as { code?: unknown }).code;
  process.stderr.write(`${typeof code === 'string' ? code : 'KH_INTERNAL'}: ${(err as Error).message}\n`);
  process.exit(1);
});
