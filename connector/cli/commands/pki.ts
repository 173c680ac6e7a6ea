/**
 * `kakehashi pki …`: each platform's X.509 CA in a state directory (see docs/trust.md). Prints paths,
 * serials and fingerprints, never key material.
 */
import { Command, Option } from 'commander';
import {
  PLATFORMS,
  ROLES,
  assertPlatform,
  assertRole,
  initPkiDir,
  issueToDir,
  revokeInDir,
  showPkiDir,
  type PlatformId,
} from '../../../certs/pki';
import { KhError } from '../../errors';

interface CommonOptions {
  platform: string;
  dir: string;
  json?: boolean;
}

function positiveInt(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
      throw new KhError('KH_PKI_BAD_OPTION', `${flag} must be a positive integer`, { where: flag });
    }
    return n;
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function print(json: boolean | undefined, data: unknown, lines: string[]): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${lines.join('\n')}\n`);
}

function common(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--platform <platform>', 'platform whose CA to use')
        .choices([...PLATFORMS])
        .makeOptionMandatory(),
    )
    .requiredOption('--dir <state>', 'PKI state directory')
    .option('--json', 'print the result as JSON');
}

export function registerPki(program: Command): void {
  const pki = program
    .command('pki')
    .description(
      "manage each platform's X.509 PKI (root CA, company/certifier/node/authority certificates, CRL)",
    );

  common(
    pki
      .command('init')
      .description('create the platform root CA in the state directory (keeps an existing one)'),
  )
    .option('--key-bits <n>', 'RSA key size', positiveInt('--key-bits'), 2048)
    .option('--force', 'replace an existing CA (the old platform folder is backed up, never deleted)')
    .action((o: CommonOptions & { keyBits: number; force?: boolean }) => {
      const platform: PlatformId = assertPlatform(o.platform, '--platform');
      const r = initPkiDir({ dir: o.dir, platform, keyBits: o.keyBits, force: o.force === true });
      print(o.json, r, [
        r.created
          ? `created ${platform} root CA`
          : `kept the existing ${platform} root CA (use --force to replace it)`,
        ...(r.backupPath ? [`  previous CA backed up to ${r.backupPath}`] : []),
        `  certificate: ${r.rootCertPath}`,
        `  sha256:      ${r.fingerprint256}`,
        `  CRL:         ${r.crlPath}`,
        `  index:       ${r.indexPath}`,
      ]);
    });

  common(
    pki
      .command('issue')
      .description('issue a certificate for a subject and role (returns an existing one unless --renew)'),
  )
    .addOption(new Option('--role <role>', 'certificate role').choices([...ROLES]).makeOptionMandatory())
    .requiredOption(
      '--subject <id>',
      'subject id: BPNL for Catena-X, platform company/operator id for Ouranos',
    )
    .option('--name <org name>', 'organisation name (O)')
    .option('--dns <name>', 'extra DNS name for a node certificate (repeatable)', collect)
    .option('--ip <address>', 'extra IPv4 address for a node certificate (repeatable)', collect)
    .option('--days <n>', 'validity in days', positiveInt('--days'), 365)
    .option('--renew', 'issue a new certificate even if one exists (the old one stays valid until revoked)')
    .action(
      (
        o: CommonOptions & {
          role: string;
          subject: string;
          name?: string;
          dns?: string[];
          ip?: string[];
          days: number;
          renew?: boolean;
        },
      ) => {
        const platform = assertPlatform(o.platform, '--platform');
        const r = issueToDir({
          dir: o.dir,
          platform,
          role: assertRole(o.role, '--role'),
          subjectId: o.subject,
          days: o.days,
          renew: o.renew === true,
          ...(o.name !== undefined ? { name: o.name } : {}),
          ...(o.dns ? { dnsNames: o.dns } : {}),
          ...(o.ip ? { ipAddresses: o.ip } : {}),
        });
        print(o.json, r, [
          r.created
            ? `issued ${r.role} certificate for ${r.subjectIri}`
            : `kept the existing ${r.role} certificate for ${r.subjectIri} (use --renew for a new one)`,
          `  serial:      ${r.serialHex}`,
          `  sha256:      ${r.fingerprint256}`,
          `  not after:   ${r.notAfter}`,
          `  certificate: ${r.certPath}`,
          `  chain:       ${r.chainPath}`,
          `  key:         ${r.keyPath} (mode 0600)`,
        ]);
      },
    );

  common(
    pki
      .command('revoke')
      .description('revoke a certificate (by --serial, or --subject with --role) and rewrite the CRL'),
  )
    .option('--serial <hex>', 'serial number (hex)')
    .option('--subject <id>', 'subject id')
    .addOption(new Option('--role <role>', 'certificate role (with --subject)').choices([...ROLES]))
    .action((o: CommonOptions & { serial?: string; subject?: string; role?: string }) => {
      const platform = assertPlatform(o.platform, '--platform');
      if (o.serial === undefined && (o.subject === undefined || o.role === undefined)) {
        throw new KhError('KH_PKI_BAD_OPTION', 'give --serial, or --subject with --role', {
          where: '--serial',
        });
      }
      const r = revokeInDir({
        dir: o.dir,
        platform,
        ...(o.serial !== undefined ? { serialHex: o.serial } : {}),
        ...(o.subject !== undefined ? { subjectId: o.subject } : {}),
        ...(o.role !== undefined ? { role: assertRole(o.role, '--role') } : {}),
      });
      print(o.json, r, [...r.revoked.map((s) => `revoked ${s}`), `  CRL: ${r.crlPath}`]);
    });

  common(
    pki.command('show').description('show the platform CA and the certificates it issued (no key material)'),
  ).action((o: CommonOptions) => {
    const r = showPkiDir({ dir: o.dir, platform: assertPlatform(o.platform, '--platform') });
    print(o.json, r, [
      `${r.platform} root CA ${r.rootCertPath}`,
      `  sha256: ${r.rootFingerprint256}`,
      `  CRL:    ${r.crlPath}`,
      ...r.entries.map(
        (e) =>
          `  ${e.serialHex}  ${e.role.padEnd(9)}  ${e.subjectIri}  until ${e.notAfter}` +
          (e.revokedAt ? `  REVOKED ${e.revokedAt}` : ''),
      ),
    ]);
  });
}
