/**
 * Operator commands: `publish` (as a company, to its platform), `records list` (a platform's records),
 * `transfers` and `dlq list|retry` (a node's management API). Each reaches its service with `--url` and
 * `--token`, defaulting to environment variables:
 *   platform: KAKEHASHI_PLATFORM_URL, KAKEHASHI_PLATFORM_TOKEN (a participant API key)
 *   node:     KAKEHASHI_NODE_URL (default http://127.0.0.1:7400), KAKEHASHI_NODE_TOKEN (operator token)
 */
import { createPrivateKey, createPublicKey, type KeyObject, type JsonWebKey } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import axios, { AxiosError } from 'axios';
import { SingleBar, Presets } from 'cli-progress';
import { KhError } from '../../errors';
import { createHttpPlatformClient } from '../../node/platform-client';
import type { PlatformName } from '../../node/config';
import { identifyOuranosRecord } from '../../../adapters/ouranos/simulator';
import { identifyCatenaXRecord } from '../../../adapters/catena-x/simulator';
import { pemToX5c } from '../../../certs/pki';
import { adapterWithDirectory } from '../../node/directory';
import { signPublication } from '../../node/intake';
import type { PlatformAdapter } from '../../../adapters';

interface SignFlags {
  sign?: boolean;
  key?: string;
  chain?: string;
  holder?: string;
  directory?: string;
}

/** The company's key and chain and the node's public key, read once for `publish --sign`. */
function signingMaterial(
  platform: PlatformName,
  o: SignFlags,
): { adapter: PlatformAdapter; privateKey: KeyObject; x5c: string[]; nodePublicJwk: JsonWebKey } {
  const file = (value: string | undefined, flag: string): string => {
    if (!value) throw new KhError('KH_USAGE_BAD_FLAG', `--sign needs ${flag}`, { where: flag });
    try {
      return readFileSync(value, 'utf8');
    } catch {
      throw new KhError('KH_USAGE_BAD_FLAG', `${flag}: cannot read ${value}`, { where: flag });
    }
  };
  const parse = <T>(flag: string, f: () => T): T => {
    try {
      return f();
    } catch {
      throw new KhError('KH_USAGE_BAD_FLAG', `${flag}: not a PEM of the expected kind`, { where: flag });
    }
  };
  const keyPem = file(o.key, '--key');
  const chainPem = file(o.chain, '--chain');
  const holderPem = file(o.holder, '--holder');
  const x5c = parse('--chain', () => pemToX5c(chainPem));
  if (x5c.length === 0)
    throw new KhError('KH_USAGE_BAD_FLAG', '--chain: no certificate', { where: '--chain' });
  return {
    adapter: adapterWithDirectory(platform, o.directory),
    privateKey: parse('--key', () => createPrivateKey(keyPem)),
    x5c,
    nodePublicJwk: parse('--holder', () => createPublicKey(holderPem).export({ format: 'jwk' })),
  };
}

const platformOf = (v: string): PlatformName => {
  if (v !== 'ouranos' && v !== 'catena-x') {
    throw new KhError('KH_USAGE_BAD_FLAG', '--platform must be ouranos or catena-x', { where: '--platform' });
  }
  return v;
};

const need = (value: string | undefined, flag: string, env: string): string => {
  if (!value) throw new KhError('KH_USAGE_BAD_FLAG', `${flag} is required (or set ${env})`, { where: flag });
  return value;
};

/** The JSON files named by `target`: the file itself, or the `*.json` files under the directory (recursively). */
export function collectRecordFiles(target: string): string[] {
  const root = realpathSync(path.resolve(target));
  if (statSync(root).isFile()) return [root];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const real = realpathSync(full);
      if (real !== root && !real.startsWith(`${root}${path.sep}`)) {
        throw new KhError('KH_USAGE_PATH_TRAVERSAL', 'a file points outside the given directory', {
          where: full,
        });
      }
      if (statSync(real).isDirectory()) walk(full);
      else if (name.endsWith('.json')) out.push(real);
    }
  };
  walk(root);
  return out;
}

async function nodeCall<T>(
  o: { url?: string; token?: string },
  method: 'get' | 'post',
  p: string,
): Promise<T> {
  const url = o.url ?? process.env.KAKEHASHI_NODE_URL ?? 'http://127.0.0.1:7400';
  const token = need(o.token ?? process.env.KAKEHASHI_NODE_TOKEN, '--token', 'KAKEHASHI_NODE_TOKEN');
  try {
    const res = await axios.request<T>({
      method,
      url: `${url.replace(/\/+$/, '')}${p}`,
      headers: { authorization: `Bearer ${token}` },
      proxy: false,
    });
    return res.data;
  } catch (err) {
    const ax = err as AxiosError<{ code?: string; message?: string; where?: string }>;
    if (ax.response?.data?.code) {
      throw new KhError(ax.response.data.code, ax.response.data.message ?? 'refused', {
        ...(ax.response.data.where ? { where: ax.response.data.where } : {}),
      });
    }
    throw new KhError('KH_PEER_UNAVAILABLE', `the node at ${url} did not answer`, { where: '--url' });
  }
}

const print = (json: boolean | undefined, value: unknown, lines: () => string[]): void => {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${lines().join('\n')}\n`);
};

export function registerOperations(program: Command): void {
  program
    .command('publish')
    .description(
      "Publish native records on a platform as one of its companies (the platform simulator's API)",
    )
    .requiredOption('--platform <platform>', 'ouranos | catena-x')
    .requiredOption(
      '--company <id>',
      'the publishing company (OU operatorId or CX BPNL); every record must be its own',
    )
    .option('--url <url>', 'platform API base URL (env KAKEHASHI_PLATFORM_URL)')
    .option('--token <apiKey>', "the company's API key (env KAKEHASHI_PLATFORM_TOKEN)")
    .option('--json', 'print the result as JSON')
    .option(
      '--sign',
      "publish signed: issue the company's own SD-JWT VC over each record and send it with the record",
    )
    .option('--key <file>', "with --sign: the company's private key (PEM)")
    .option('--chain <file>', "with --sign: the company's certificate chain (PEM, leaf first)")
    .option(
      '--holder <file>',
      "with --sign: the certificate (or public key) of the platform's Kakehashi node, which holds the credential",
    )
    .option(
      '--directory <file>',
      "with --sign: the federation's participant directory (as the node's `directory`), for the mapping",
    )
    .argument('<fileOrDir>', 'a native record (.json) or a directory of them (files must stay inside it)')
    .action(
      async (
        target: string,
        o: { platform: string; company: string; url?: string; token?: string; json?: boolean } & SignFlags,
      ) => {
        const platform = platformOf(o.platform);
        const signing = o.sign ? signingMaterial(platform, o) : undefined;
        const client = createHttpPlatformClient({
          platform,
          url: need(o.url ?? process.env.KAKEHASHI_PLATFORM_URL, '--url', 'KAKEHASHI_PLATFORM_URL'),
          apiKey: need(
            o.token ?? process.env.KAKEHASHI_PLATFORM_TOKEN,
            '--token',
            'KAKEHASHI_PLATFORM_TOKEN',
          ),
        });
        const files = collectRecordFiles(target);
        const identify = platform === 'ouranos' ? identifyOuranosRecord : identifyCatenaXRecord;
        const bar =
          files.length > 5 && !o.json && process.stderr.isTTY
            ? new SingleBar({ stream: process.stderr }, Presets.shades_classic)
            : undefined;
        bar?.start(files.length, 0);
        const results: {
          file: string;
          recordId?: string;
          version?: string;
          created?: boolean;
          code?: string;
        }[] = [];
        for (const file of files) {
          try {
            const record: unknown = JSON.parse(readFileSync(file, 'utf8'));
            const id = identify(record);
            if (id.publisher !== undefined && id.publisher !== o.company) {
              throw new KhError('KH_USAGE_BAD_FLAG', 'the record names another publishing company', {
                where: '--company',
              });
            }
            const r = signing
              ? await (async () => {
                  const signed = signPublication(record, signing);
                  return client.publishSigned(signed.record, signed.credential);
                })()
              : await client.publish(record);
            results.push({ file, recordId: r.recordId, version: r.version, created: r.created });
          } catch (err) {
            results.push({ file, code: err instanceof KhError ? err.code : 'KH_INPUT_MALFORMED_JSON' });
          }
          bar?.increment();
        }
        bar?.stop();
        print(o.json, results, () =>
          results.map((r) =>
            r.code
              ? `refused ${r.file}: ${r.code}`
              : `${r.created ? 'published' : 'unchanged'} ${r.recordId}@${r.version}`,
          ),
        );
        if (results.some((r) => r.code)) process.exitCode = 1;
      },
    );

  const records = program.command('records').description("A platform's records (published and received)");
  records
    .command('list')
    .description('List the records on a platform, with the verification status of received ones')
    .requiredOption('--platform <platform>', 'ouranos | catena-x')
    .option('--direction <d>', 'published | received')
    .option('--url <url>', 'platform API base URL (env KAKEHASHI_PLATFORM_URL)')
    .option('--token <apiKey>', 'an API key on the platform (env KAKEHASHI_PLATFORM_TOKEN)')
    .option('--json', 'print JSON')
    .action(
      async (o: { platform: string; direction?: string; url?: string; token?: string; json?: boolean }) => {
        const client = createHttpPlatformClient({
          platform: platformOf(o.platform),
          url: need(o.url ?? process.env.KAKEHASHI_PLATFORM_URL, '--url', 'KAKEHASHI_PLATFORM_URL'),
          apiKey: need(
            o.token ?? process.env.KAKEHASHI_PLATFORM_TOKEN,
            '--token',
            'KAKEHASHI_PLATFORM_TOKEN',
          ),
        });
        const d = o.direction === 'published' || o.direction === 'received' ? o.direction : undefined;
        const list = await client.list(d);
        print(o.json, list, () =>
          list.map(
            (r) =>
              `${r.direction.padEnd(9)} ${r.recordId}@${r.version} ${r.publisher}${r.verification ? ` verified=${String(r.verification.verified)}` : ''}`,
          ),
        );
      },
    );

  program
    .command('transfers')
    .description("A node's DSP transfer processes")
    .option('--url <url>', 'node management URL (env KAKEHASHI_NODE_URL, default http://127.0.0.1:7400)')
    .option('--token <token>', 'operator token (env KAKEHASHI_NODE_TOKEN)')
    .option('--json', 'print JSON')
    .action(async (o: { url?: string; token?: string; json?: boolean }) => {
      const body = await nodeCall<{
        transfers: { role: string; peerId: string; state: string; agreementId: string }[];
      }>(o, 'get', '/api/v1/transfers');
      print(o.json, body.transfers, () =>
        body.transfers.map((t) => `${t.role.padEnd(8)} ${t.peerId} ${t.state} ${t.agreementId}`),
      );
    });

  const dlq = program
    .command('dlq')
    .description("A node's dead letters (deliveries that exhausted their attempts)");
  dlq
    .command('list')
    .description('List dead letters')
    .option('--url <url>', 'node management URL (env KAKEHASHI_NODE_URL)')
    .option('--token <token>', 'operator token (env KAKEHASHI_NODE_TOKEN)')
    .option('--json', 'print JSON')
    .action(async (o: { url?: string; token?: string; json?: boolean }) => {
      const body = await nodeCall<{
        deadLetters: { id: string; peerId: string; reason: string; attempts: number }[];
      }>(o, 'get', '/api/v1/dead-letters');
      print(o.json, body.deadLetters, () =>
        body.deadLetters.map((d) => `${d.id} → ${d.peerId}: ${d.reason} after ${d.attempts} attempts`),
      );
    });
  dlq
    .command('retry')
    .description('Put a dead letter back on the delivery queue')
    .argument('<id>', 'the dead letter id (as listed)')
    .option('--url <url>', 'node management URL (env KAKEHASHI_NODE_URL)')
    .option('--token <token>', 'operator token (env KAKEHASHI_NODE_TOKEN)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { url?: string; token?: string; json?: boolean }) => {
      const body = await nodeCall<unknown>(o, 'post', `/api/v1/dead-letters/${encodeURIComponent(id)}/retry`);
      print(o.json, body, () => [`requeued ${id}`]);
    });
}
