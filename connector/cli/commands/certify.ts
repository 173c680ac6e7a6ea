/**
 * `kakehashi certify …`: a certifier issues and revokes certification credentials (vc+jwt) from the PKI
 * state directory, and anyone checks one. Keys come from `<dir>/<platform>/certifiers/<id>/`; the status list
 * lives in `<dir>/<platform>/status/<id>.json`. Prints ids, indexes and verdicts, never key material.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import {
  allocateStatusIndex,
  buildCertificationCredential,
  CERTIFICATION_OUTCOMES,
  CertificationOutcome,
  createDirStatusListResolver,
  createStatusListState,
  issueCertificationCredential,
  issueStatusListCredential,
  readStatusFile,
  revokeInStatusList,
  StatusListState,
  statusFilePath,
  verifyCertificationCredential,
  VcJwtSigner,
  writeStatusFile,
} from '../../../certs/certification';
import {
  assertPlatform,
  assertSafeSubjectId,
  createTrustStore,
  participantIri,
  pemToX5c,
  PLATFORMS,
  type PlatformId,
  type TrustStore,
} from '../../../certs/pki';
import { KhError, isKhError } from '../../errors';

const DEFAULT_STATUS_BASE = 'https://status.kakehashi.example';

const DEFAULT_ACCREDITATION: Record<PlatformId, { id: string; name: string }> = {
  ouranos: { id: 'urn:kakehashi:accreditation-body:ouranos:jab', name: 'Japan Accreditation Board' },
  'catena-x': { id: 'urn:kakehashi:accreditation-body:catena-x:dakks', name: 'DAkkS' },
};

interface CertifierFiles {
  signer: VcJwtSigner;
  iri: string;
}

/** The certifier's key and chain from the PKI state directory. */
export function loadCertifier(dir: string, platform: PlatformId, certifierId: string): CertifierFiles {
  const base = path.join(
    path.resolve(dir),
    platform,
    'certifiers',
    assertSafeSubjectId(certifierId, '--certifier'),
  );
  const keyFile = path.join(base, 'key.pem');
  const chainFile = path.join(base, 'chain.pem');
  if (!fs.existsSync(keyFile) || !fs.existsSync(chainFile)) {
    throw new KhError(
      'KH_CERT_STATE_NOT_FOUND',
      'no certifier key and chain in the state directory (run pki issue --role certifier)',
      {
        where: base,
      },
    );
  }
  return {
    signer: {
      privateKey: createPrivateKey(fs.readFileSync(keyFile, 'utf8')),
      x5c: pemToX5c(fs.readFileSync(chainFile, 'utf8')),
    },
    iri: participantIri(platform, certifierId),
  };
}

/** Every platform root (and CRL) of the state directory. */
export function loadDirTrust(dir: string): TrustStore {
  const roots: string[] = [];
  const crls: string[] = [];
  for (const p of PLATFORMS) {
    const ca = path.join(path.resolve(dir), p, 'ca');
    if (fs.existsSync(path.join(ca, 'root.cert.pem')))
      roots.push(fs.readFileSync(path.join(ca, 'root.cert.pem'), 'utf8'));
    if (fs.existsSync(path.join(ca, 'crl.pem'))) crls.push(fs.readFileSync(path.join(ca, 'crl.pem'), 'utf8'));
  }
  if (roots.length === 0) {
    throw new KhError(
      'KH_CERT_STATE_NOT_FOUND',
      'no platform root CA in the state directory (run pki init)',
      { where: dir },
    );
  }
  return createTrustStore({ roots, crls });
}

function parseDate(value: string, flag: string): Date {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59Z` : value);
  if (Number.isNaN(d.getTime()))
    throw new KhError('KH_CERT_INPUT_INVALID', `${flag} is not a date`, { where: flag });
  return d;
}

function publish(file: string, state: StatusListState, signer: VcJwtSigner, now: Date): void {
  writeStatusFile(file, {
    ...state,
    statusListCredential: issueStatusListCredential(state, signer, { now }),
    updatedAt: now.toISOString(),
  });
}

/** The credential id named by `--credential`: a vc+jwt file, or the id itself. */
function credentialIdOf(ref: string): string {
  if (fs.existsSync(ref) && fs.statSync(ref).isFile()) {
    const token = fs.readFileSync(ref, 'utf8').trim();
    try {
      const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
        id?: unknown;
      };
      if (typeof payload.id === 'string') return payload.id;
    } catch {
      // fall through
    }
    throw new KhError('KH_CERT_MALFORMED', 'the credential file is not a vc+jwt', { where: '--credential' });
  }
  return ref;
}

function platformOption(): Option {
  return new Option('--platform <platform>', "the certifier's platform")
    .choices([...PLATFORMS])
    .makeOptionMandatory();
}

interface IssueOptions {
  dir: string;
  platform: string;
  certifier: string;
  certifierName?: string;
  scheme: string;
  schemeVersion?: string;
  schemeName?: string;
  subject: string;
  subjectType?: 'BatteryPassport' | 'Participant';
  outcome: string;
  validFrom?: string;
  validUntil: string;
  accreditationBody?: string;
  accreditationBodyName?: string;
  accreditationId?: string;
  statusBaseUrl: string;
  out?: string;
}

export function registerCertify(program: Command): void {
  const certify = program
    .command('certify')
    .description("certifiers' certification credentials (vc+jwt) and their Bitstring Status List revocation");

  certify
    .command('issue')
    .description('issue a certification credential signed by a certifier of the state directory')
    .requiredOption('--dir <state>', 'PKI state directory')
    .addOption(platformOption())
    .requiredOption('--certifier <id>', 'certifier subject id (as issued by pki issue --role certifier)')
    .option('--certifier-name <name>', "the certifier's display name")
    .requiredOption('--scheme <id>', "the scheme's id on this platform, e.g. OU-CFP-VERIFICATION or CX-0029")
    .option('--scheme-version <v>', 'scheme version')
    .option('--scheme-name <name>', 'scheme display name')
    .requiredOption('--subject <id>', 'battery passport id or participant id (BPNL / participant IRI)')
    .addOption(
      new Option('--subject-type <type>', 'what the subject is (default: inferred)').choices([
        'BatteryPassport',
        'Participant',
      ]),
    )
    .addOption(
      new Option('--outcome <outcome>', 'assessment outcome')
        .choices([...CERTIFICATION_OUTCOMES])
        .makeOptionMandatory(),
    )
    .option('--valid-from <date>', 'start of validity (default now)')
    .requiredOption('--valid-until <date>', 'end of validity (YYYY-MM-DD or ISO date-time)')
    .option('--accreditation-body <iri>', "the body that accredits the certifier (default: the platform's)")
    .option('--accreditation-body-name <name>', 'its display name')
    .option('--accreditation-id <id>', "the certifier's accreditation number", 'unspecified')
    .option('--status-base-url <url>', 'base URL where status lists are published', DEFAULT_STATUS_BASE)
    .option('--out <file>', 'write the vc+jwt here (default: stdout)')
    .action((o: IssueOptions) => {
      const platform = assertPlatform(o.platform, '--platform');
      const now = new Date();
      const certifier = loadCertifier(o.dir, platform, o.certifier);
      const file = statusFilePath(o.dir, platform, o.certifier);
      const url = `${o.statusBaseUrl.replace(/\/+$/, '')}/${platform}/${o.certifier}`;
      let state: StatusListState = readStatusFile(file) ?? createStatusListState(url, certifier.iri);
      const id = `urn:uuid:${randomUUID()}`;
      const alloc = allocateStatusIndex(state, id);
      state = alloc.state;
      const defaults = DEFAULT_ACCREDITATION[platform];
      const credential = buildCertificationCredential({
        id,
        certifier: { id: certifier.iri, ...(o.certifierName ? { name: o.certifierName } : {}) },
        subject: { id: o.subject, ...(o.subjectType ? { type: o.subjectType } : {}) },
        scheme: {
          schemeId: o.scheme,
          ...(o.schemeName ? { name: o.schemeName } : {}),
          ...(o.schemeVersion ? { schemeVersion: o.schemeVersion } : {}),
        },
        outcome: o.outcome as CertificationOutcome,
        validFrom: o.validFrom ? parseDate(o.validFrom, '--valid-from') : now,
        validUntil: parseDate(o.validUntil, '--valid-until'),
        accreditation: {
          accreditationId: o.accreditationId ?? 'unspecified',
          body: o.accreditationBody
            ? {
                id: o.accreditationBody,
                ...(o.accreditationBodyName ? { name: o.accreditationBodyName } : {}),
              }
            : defaults,
        },
        status: { statusListCredential: state.url, statusListIndex: alloc.index },
      });
      const token = issueCertificationCredential(credential, certifier.signer);
      publish(file, state, certifier.signer, now);
      if (o.out) {
        fs.writeFileSync(o.out, `${token}\n`, { mode: 0o644 });
        process.stdout.write(
          `issued ${id}\n  status list: ${state.url} (index ${alloc.index})\n  written to:  ${o.out}\n`,
        );
      } else {
        process.stdout.write(`${token}\n`);
      }
    });

  certify
    .command('revoke')
    .description("revoke a credential: set its bit in the certifier's status list and re-sign the list")
    .requiredOption('--dir <state>', 'PKI state directory')
    .addOption(platformOption())
    .requiredOption('--certifier <id>', 'certifier subject id')
    .requiredOption('--credential <file or id>', 'the vc+jwt file or the credential id')
    .action((o: { dir: string; platform: string; certifier: string; credential: string }) => {
      const platform = assertPlatform(o.platform, '--platform');
      const certifier = loadCertifier(o.dir, platform, o.certifier);
      const file = statusFilePath(o.dir, platform, o.certifier);
      const state = readStatusFile(file);
      if (!state) {
        throw new KhError('KH_CERT_STATE_NOT_FOUND', 'this certifier has no status list yet', {
          where: file,
        });
      }
      const id = credentialIdOf(o.credential);
      const next = revokeInStatusList(state, id);
      publish(file, next, certifier.signer, new Date());
      process.stdout.write(`revoked ${id} (index ${next.allocations[id]} of ${next.url})\n`);
    });

  certify
    .command('status')
    .description('check a certification credential: valid, revoked, expired or invalid, and why')
    .requiredOption('--dir <state>', 'state directory (trusted roots, CRLs and published status lists)')
    .addOption(
      new Option(
        '--platform <platform>',
        'accepted for symmetry; every root of the directory is trusted',
      ).choices([...PLATFORMS]),
    )
    .option('--at <date>', 'check as of this time (default now)')
    .option('--json', 'print the verdict as JSON')
    .argument('<credential>', 'the vc+jwt file')
    .action(async (credentialFile: string, o: { dir: string; at?: string; json?: boolean }) => {
      if (!fs.existsSync(credentialFile)) {
        throw new KhError('KH_CERT_STATE_NOT_FOUND', 'the credential file does not exist', {
          where: credentialFile,
        });
      }
      const token = fs.readFileSync(credentialFile, 'utf8').trim();
      const now = o.at ? parseDate(o.at, '--at') : new Date();
      const trust = loadDirTrust(o.dir);
      let verdict: {
        status: string;
        code?: string;
        reason: string;
        credentialId?: string;
        validUntil?: string;
      };
      try {
        const v = await verifyCertificationCredential(token, {
          trust,
          now,
          statusResolver: createDirStatusListResolver(o.dir),
        });
        verdict = {
          status: 'valid',
          credentialId: v.credential.id,
          validUntil: v.credential.validUntil,
          reason: `signed by ${v.credential.issuer.id}, not revoked (status list ${v.status.statusListCredential}, index ${v.status.statusListIndex})`,
        };
      } catch (err) {
        if (!isKhError(err)) throw err;
        const status =
          err.code === 'KH_CERT_REVOKED'
            ? 'revoked'
            : err.code === 'KH_CERT_EXPIRED'
              ? 'expired'
              : err.code === 'KH_CERT_NOT_YET_VALID'
                ? 'not-yet-valid'
                : err.code === 'KH_CERT_STATUS_UNAVAILABLE' || err.code === 'KH_CERT_STATUS_INVALID'
                  ? 'status-unavailable'
                  : 'invalid';
        const pkiCode = typeof err.details?.pkiCode === 'string' ? ` [${err.details.pkiCode}]` : '';
        verdict = { status, code: err.code, reason: `${err.message}${pkiCode}` };
        process.exitCode = 1;
      }
      process.stdout.write(
        o.json
          ? `${JSON.stringify(verdict, null, 2)}\n`
          : `${verdict.status}: ${verdict.reason}${verdict.code ? ` (${verdict.code})` : ''}\n`,
      );
    });
}
