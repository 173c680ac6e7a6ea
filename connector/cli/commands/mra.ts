/**
 * `kakehashi mra …`: mutual-recognition agreements. `sign` adds this platform authority's signature (run it
 * once per platform: the second authority signs the first's output); `show` prints the agreement, each
 * signature's signer and verdict, and whether a node would honour it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { Command, Option } from 'commander';
import { assertPlatform, createTrustStore, pemToX5c, PLATFORMS, type PlatformId } from '../../../certs/pki';
import {
  agreementOf,
  agreementPayload,
  inspectMra,
  parseGeneralJws,
  protectedHeaderOfJws,
  signMra,
  type GeneralJws,
  type MutualRecognitionAgreement,
} from '../../../policies/mra';
import { KhError } from '../../errors';

function readText(file: string, flag: string): string {
  if (!fs.existsSync(file))
    throw new KhError('KH_MRA_STATE_NOT_FOUND', `${flag} file does not exist`, { where: file });
  return fs.readFileSync(file, 'utf8');
}

function readJson(file: string, flag: string): unknown {
  try {
    return JSON.parse(readText(file, flag));
  } catch (cause) {
    if (cause instanceof KhError) throw cause;
    throw new KhError('KH_MRA_MALFORMED', `${flag} is not JSON`, { where: file, cause });
  }
}

/** The platform authority's key and chain: `--authority <id>`, else the only authority of the platform. */
function loadAuthority(
  dir: string,
  platform: PlatformId,
  id?: string,
): { privateKey: ReturnType<typeof createPrivateKey>; x5c: string[] } {
  const root = path.join(path.resolve(dir), platform, 'authorities');
  let subject = id;
  if (subject === undefined) {
    const found = fs.existsSync(root)
      ? fs.readdirSync(root).filter((n) => fs.existsSync(path.join(root, n, 'key.pem')))
      : [];
    if (found.length !== 1) {
      throw new KhError(
        'KH_MRA_STATE_NOT_FOUND',
        found.length === 0
          ? 'no authority certificate for this platform (run pki issue --role authority)'
          : 'several authorities: give --authority',
        { where: root },
      );
    }
    subject = found[0];
  }
  const base = path.join(root, path.basename(subject));
  const key = path.join(base, 'key.pem');
  const chain = path.join(base, 'chain.pem');
  if (!fs.existsSync(key) || !fs.existsSync(chain)) {
    throw new KhError('KH_MRA_STATE_NOT_FOUND', 'no key and chain for this authority', { where: base });
  }
  return {
    privateKey: createPrivateKey(fs.readFileSync(key, 'utf8')),
    x5c: pemToX5c(fs.readFileSync(chain, 'utf8')),
  };
}

/** Who a signature claims to be, read from its leaf certificate without trusting it. */
function claimedSigner(jws: GeneralJws, index: number): string {
  const header = protectedHeaderOfJws(jws, index);
  const leaf = Array.isArray(header.x5c) && typeof header.x5c[0] === 'string' ? header.x5c[0] : undefined;
  if (!leaf) return '(no x5c)';
  try {
    const cert = new X509Certificate(Buffer.from(leaf, 'base64'));
    const uri = /URI:([^,\s]+)/.exec(cert.subjectAltName ?? '')?.[1];
    return uri ?? cert.subject.replace(/\n/g, ', ');
  } catch {
    return '(unreadable certificate)';
  }
}

function describe(agreement: MutualRecognitionAgreement): string[] {
  const lines = [`agreement ${agreement.id} (version ${agreement.agreementVersion})`];
  if (agreement.title) lines.push(`  ${agreement.title}`);
  lines.push(`  effective ${agreement.effectiveFrom} – ${agreement.effectiveUntil ?? 'open-ended'}`);
  for (const r of agreement.recognitions) {
    lines.push(`  ${r.targetPlatform} accepts from ${r.sourcePlatform}:`);
    lines.push(
      `    accreditation bodies: ${r.accreditationBodies.map((b) => b.name ?? b.id).join(', ') || '(none)'}`,
    );
    lines.push(
      `    certifiers: ${r.certifiers.length === 0 ? '(any accredited by those bodies)' : r.certifiers.map((c) => c.id).join(', ')}`,
    );
    lines.push(`    schemes: ${r.schemes.join(', ') || '(none)'}`);
  }
  for (const c of agreement.schemeCorrespondences) {
    lines.push(
      `  scheme ${c.correspondingSchemes
        .map(
          (s) =>
            `${s.platform}:${s.schemeId}${s.schemeVersion ? `@${s.schemeVersion}` : ''}${s.name ? ` (${s.name})` : ''}`,
        )
        .join(' ⇄ ')}`,
    );
  }
  return lines;
}

export function registerMra(program: Command): void {
  const mra = program
    .command('mra')
    .description('mutual-recognition agreements signed by both platform authorities');

  mra
    .command('sign')
    .description("add this platform authority's signature (the other authority then signs the output)")
    .requiredOption('--dir <state>', 'PKI state directory')
    .addOption(
      new Option('--platform <platform>', 'the signing authority’s platform')
        .choices([...PLATFORMS])
        .makeOptionMandatory(),
    )
    .requiredOption('--agreement <file>', 'the agreement (JSON-LD) being signed')
    .option('--in <file>', 'the agreement as already signed by the other authority')
    .option('--authority <id>', 'authority subject id (default: the only one of the platform)')
    .requiredOption('--out <file>', 'where to write the signed agreement (general JWS JSON)')
    .action(
      (o: {
        dir: string;
        platform: string;
        agreement: string;
        in?: string;
        authority?: string;
        out: string;
      }) => {
        const platform = assertPlatform(o.platform, '--platform');
        const agreement = readJson(o.agreement, '--agreement') as MutualRecognitionAgreement;
        const payload = agreementPayload(agreement);
        let input: MutualRecognitionAgreement | GeneralJws = agreement;
        if (o.in) {
          const partial = parseGeneralJws(readText(o.in, '--in'));
          if (partial.payload !== payload) {
            throw new KhError('KH_MRA_PAYLOAD_MISMATCH', 'the --in document does not carry this agreement', {
              where: '--in',
            });
          }
          input = partial;
        }
        const authority = loadAuthority(o.dir, platform, o.authority);
        const signed = signMra(input, { ...authority, platform });
        fs.writeFileSync(o.out, `${JSON.stringify(signed, null, 2)}\n`, { mode: 0o644 });
        process.stdout.write(
          `signed ${agreementOf(signed).id} as the ${platform} authority (${signed.signatures.length} signature${signed.signatures.length === 1 ? '' : 's'})\n  written to: ${o.out}\n`,
        );
      },
    );

  mra
    .command('show')
    .description(
      'print an agreement, its signers, whether each signature verifies and whether it is honoured',
    )
    .option(
      '--trust <root.pem>',
      'trusted platform root certificate (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--at <date>', 'evaluate as of this time (default now)')
    .option('--json', 'print as JSON')
    .argument('<file>', 'the signed agreement (general JWS JSON)')
    .action((file: string, o: { trust?: string[]; at?: string; json?: boolean }) => {
      const jws = parseGeneralJws(readText(file, '<file>'));
      const agreement = agreementOf(jws);
      const now = o.at ? new Date(o.at) : new Date();
      if (Number.isNaN(now.getTime()))
        throw new KhError('KH_MRA_INPUT_INVALID', '--at is not a date', { where: '--at' });
      const roots = (o.trust ?? []).map((f) => readText(f, '--trust'));
      const inspection =
        roots.length > 0 ? inspectMra(jws, { trust: createTrustStore({ roots }), now }) : undefined;
      const signatures = jws.signatures.map((_, i) => {
        const report = inspection?.signatures[i];
        return {
          index: i,
          signer: report?.signer?.subjectIri ?? claimedSigner(jws, i),
          platform: report?.signer?.platform,
          verifies: report ? report.valid : null,
          ...(report && !report.valid ? { reason: report.reason } : {}),
        };
      });
      const honoured = inspection?.honoured ?? false;
      const why = inspection
        ? inspection.honoured
          ? undefined
          : `${inspection.code}: ${inspection.reason}`
        : 'no --trust given: signatures not checked';
      if (o.json) {
        process.stdout.write(
          `${JSON.stringify({ agreement, signatures, honoured, ...(why ? { reason: why } : {}) }, null, 2)}\n`,
        );
      } else {
        const lines = describe(agreement);
        lines.push('signatures:');
        for (const s of signatures) {
          const v =
            s.verifies === null ? 'not checked' : s.verifies ? 'verifies' : `does NOT verify (${s.reason})`;
          lines.push(`  [${s.index}] ${s.signer}${s.platform ? ` (${s.platform} authority)` : ''}: ${v}`);
        }
        lines.push(`honoured: ${honoured ? 'yes' : `no (${why})`}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      if (!honoured) process.exitCode = 1;
    });
}
