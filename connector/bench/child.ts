/**
 * Entry point of a bench child process (forked by the relay driver with tsx): either the two platform
 * simulators ("platforms") or one Kakehashi node started through its composition root (`startNode`) from
 * a configuration file — the same way an operator runs it, one process per node.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../node/config';
import { startNode, type RunningNode } from '../node/node';
import { createOuranosSimulator } from '../../adapters/ouranos/simulator';
import { createCatenaXSimulator } from '../../adapters/catena-x/simulator';
import type { PlatformName } from '../../adapters/types';
import { benchAdapter } from './workload';
import { serveRpc } from './rpc';
import { applyNodeHeapProfile } from '../node/memory/heap';

export interface PlatformsStart {
  participants: Record<
    PlatformName,
    { apiKey: string; participantId: string; role: 'company' | 'operator' }[]
  >;
}

export interface NodeStart {
  platform: PlatformName;
  /** The node configuration file (JSON), paths relative to its folder. */
  configFile: string;
}

async function listen(app: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer({ keepAliveTimeout: 30000 }, app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function servePlatforms(): void {
  const servers: http.Server[] = [];
  serveRpc({
    start: async (payload) => {
      const p = payload as PlatformsStart;
      const urls: Record<string, string> = {};
      for (const platform of ['ouranos', 'catena-x'] as const) {
        const adapter = benchAdapter(platform);
        const opts = {
          participants: p.participants[platform],
          validateNative: (r: unknown) => void adapter.validateNative(r),
        };
        const sim = platform === 'ouranos' ? createOuranosSimulator(opts) : createCatenaXSimulator(opts);
        const { server, url } = await listen(sim.app);
        servers.push(server);
        urls[platform] = url;
      }
      return { urls };
    },
    stop: async () => {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
      setImmediate(() => process.exit(0));
      return true;
    },
  });
}

function serveNode(): void {
  // As `kakehashi node start` does: collect the old generation sooner (KAKEHASHI_HEAP_GROWING_PERCENT).
  applyNodeHeapProfile();
  let node: RunningNode | undefined;
  serveRpc({
    start: async (payload) => {
      const p = payload as NodeStart;
      const raw = JSON.parse(readFileSync(p.configFile, 'utf8')) as Record<string, unknown>;
      const cfg = parseConfig(raw, (p.configFile.match(/^(.*)\/[^/]+$/) ?? ['', '.'])[1]);
      node = await startNode(cfg, { adapter: benchAdapter(p.platform) });
      stopOnDisconnect = () => (node as RunningNode).stop();
      return { managementUrl: node.managementUrl, protocolUrl: node.protocolUrl };
    },
    negotiate: async (payload) => (node as RunningNode).handlers.negotiate(String(payload)),
    transfers: async () => (node as RunningNode).handlers.listTransfers(),
    settled: async () => (node as RunningNode).deliveriesSettled(),
    stop: async () => {
      await node?.stop();
      setImmediate(() => process.exit(0));
      return true;
    },
  });
}

// The driver went away (Ctrl-C, a crash): leave too, so no node keeps running on its own.
process.on('disconnect', () => {
  setTimeout(() => process.exit(0), 2000).unref();
  void stopOnDisconnect().finally(() => process.exit(0));
});
let stopOnDisconnect: () => Promise<unknown> = async () => undefined;

const role = process.argv[2];
if (role === 'platforms') servePlatforms();
else if (role === 'node') serveNode();
else {
  process.stderr.write('usage: child.ts platforms|node\n');
  process.exit(2);
}
