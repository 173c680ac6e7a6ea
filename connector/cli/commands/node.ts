/** `kakehashi node start --config <file>`: run one node until SIGINT/SIGTERM. */
import { Command } from 'commander';
import { loadConfig } from '../../node/config';
import { startNode } from '../../node/node';
import { createLogger } from '../../node/logger';
import { installProcessGuards } from '../../node/process-guard';
import { applyNodeHeapProfile } from '../../node/memory/heap';

export function registerNode(program: Command): void {
  const node = program.command('node').description('Run a Kakehashi node');
  node
    .command('start')
    .description('Start a node from its configuration file (YAML or JSON) and run until Ctrl-C / SIGTERM')
    .requiredOption('--config <file>', 'node configuration (schemas/config/node-config.schema.json)')
    .addHelpText(
      'after',
      '\nA bad configuration stops with KH_CONFIG_INVALID naming the field (JSON pointer).\n' +
        'KAKEHASHI_HEAP_GROWING_PERCENT (default 100; 0 = V8 default) bounds how far the old generation grows\n' +
        'past the live heap before a full collection (docs/performance.md, memory).',
    )
    .action(async (o: { config: string }) => {
      // The shim does this already; a compiled launch that skips it gets it here (idempotent).
      applyNodeHeapProfile();
      const cfg = loadConfig(o.config);
      const logger = createLogger({
        nodeId: cfg.nodeId,
        level: cfg.log.level,
        ...(cfg.log.file ? { file: cfg.log.file } : {}),
      });
      // Before the node starts: a rejection nobody awaited is logged (code and class only), never fatal.
      const removeGuards = installProcessGuards(logger);
      const running = await startNode(cfg, { logger });
      process.stderr.write(
        `node ${cfg.nodeId}: management ${running.managementUrl}, protocol ${running.protocolUrl}\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await running.stop();
      removeGuards();
    });
}
