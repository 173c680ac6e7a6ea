/**
 * `kakehashi verify`: offline verification of an SD-JWT VC or a presentation of one (chain to a given
 * root, signature, Disclosures, key binding when present). Prints the disclosed credential as JSON; on
 * failure the error propagates to `main`, which prints `CODE: reason` on stderr and exits 1.
 */
import fs from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { KhError } from '../../errors';
import { createTrustStore, ROLES, type Role } from '../../../certs/pki';
import { verifySdJwtVc, type VerifiedSdJwtVc } from '../../../certs/sd-jwt';

interface VerifyFlags {
  trust: string[];
  audience?: string;
  nonce?: string;
  requireRole?: Role;
  requireKeyBinding?: boolean;
  schema?: 'canonical';
  at?: Date;
  freshness?: number;
  details?: boolean;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function readFileOrFail(file: string, flag: string): string {
  try {
    return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch {
    throw new KhError('KH_USAGE_FILE_UNREADABLE', `cannot read ${file}`, { where: flag, status: 400 });
  }
}

/** Every certificate of every `--trust` file (a file may hold several PEM blocks). */
function trustRoots(files: string[]): string[] {
  const roots = files.flatMap((file) => readFileOrFail(file, '--trust').match(PEM_CERT) ?? []);
  if (roots.length === 0) {
    throw new KhError('KH_USAGE_NO_TRUST_ROOT', 'no PEM certificate found in the --trust files', {
      where: '--trust',
    });
  }
  return roots;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parseDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('expected an ISO 8601 date-time');
  return date;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return n;
}

type CanonicalValidateModule = typeof import('../../../adapters/canonical/validate');

function validateSchema(credential: Record<string, unknown>): void {
  // Loaded only when asked for (compiling the schemas takes most of a second). Provided by the
  // vocabulary engineer (adapters/canonical/validate.ts); throws KH_SCHEMA_INVALID.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { validateCanonical } = require('../../../adapters/canonical/validate') as CanonicalValidateModule;
  validateCanonical(credential);
}

export async function runVerify(file: string, flags: VerifyFlags): Promise<VerifiedSdJwtVc> {
  const token = readFileOrFail(file, '<file>').trim();
  const trust = createTrustStore({ roots: trustRoots(flags.trust) });
  const result = verifySdJwtVc(token, {
    trust,
    ...(flags.requireRole === undefined ? {} : { requireRole: flags.requireRole }),
    ...(flags.audience === undefined ? {} : { audience: flags.audience }),
    ...(flags.nonce === undefined ? {} : { nonce: flags.nonce }),
    ...(flags.requireKeyBinding ? { requireKeyBinding: true } : {}),
    ...(flags.at === undefined ? {} : { now: flags.at }),
    ...(flags.freshness === undefined ? {} : { freshnessSeconds: flags.freshness }),
  });
  if (flags.schema === 'canonical') validateSchema(result.credential);
  return result;
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'Verify an SD-JWT VC (or a presentation of one) offline: x5c chain to a trusted root, signature, ' +
        'Disclosures, key binding when present. Prints the disclosed claims as JSON.',
    )
    .argument('<file>', 'the compact SD-JWT (`-` for stdin)')
    .requiredOption('--trust <root.pem>', 'a trusted root certificate (PEM); repeatable', collect)
    .option('--audience <id>', 'expected key-binding audience')
    .option('--nonce <n>', 'expected key-binding nonce')
    .addOption(
      new Option('--require-role <role>', 'require this Kakehashi role of the issuer').choices([...ROLES]),
    )
    .option('--require-key-binding', 'fail when the token carries no key-binding JWT')
    .addOption(new Option('--schema <name>', 'also validate the disclosed content').choices(['canonical']))
    .option('--at <datetime>', 'verification time (ISO 8601; default now)', parseDate)
    .option('--freshness <seconds>', 'key-binding freshness window (default 300)', parseSeconds)
    .option('--details', 'print the issuer, undisclosed digests and key binding too')
    .action(async (file: string, flags: VerifyFlags) => {
      const result = await runVerify(file, flags);
      const out = flags.details
        ? {
            credential: result.credential,
            undisclosedDigests: result.undisclosedDigests,
            issuer: {
              subjectId: result.issuer.subjectId,
              subjectIri: result.issuer.subjectIri,
              role: result.issuer.role,
              platform: result.issuer.platform,
              serialHex: result.issuer.serialHex,
            },
            keyBinding: result.keyBinding,
          }
        : result.credential;
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    });
}
