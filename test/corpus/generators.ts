/**
 * Generators: the parts of a case that need run-time values (keys never committed, live process ids, big
 * bodies not worth storing). A case names one (`"generate": "delivery"`) with `params`; the generator
 * writes files into the case's folder and/or returns request or CLI pieces that the runner merges in.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomInt, randomUUID } from 'node:crypto';
import type { IssuedIdentity, PlatformPki } from '../../certs/pki';
import { generateRecords } from '../../seeds/generator';
import { catenaXAdapter } from '../../adapters/catena-x';
import { identifyCatenaXRecord } from '../../adapters/catena-x/simulator';
import { signMra, type MutualRecognitionAgreement } from '../../policies/mra';
import { mergePatch, type CaseCli, type CaseRequest } from './format';
import { runCli } from './cli';
import {
  bind,
  forgeIssuerJwt,
  issue,
  resignIssuerJwt,
  strangerKey,
  tamperDisclosure,
  tamperPayload,
  wrongSdHash,
  type Presenter,
} from './crypto';

export interface CorpusWorld {
  dir: string;
  pkis: Record<'ouranos' | 'catena-x', PlatformPki>;
  /** The peer (CX) node identity: TLS client and key-binding holder. */
  peerNode: IssuedIdentity;
  /** The node under test (OU). */
  nodeId: string;
  /** Values for `{{…}}` (live process ids, root files). */
  vars: Record<string, string>;
  /** POST a body to the node's data endpoint as the peer (setup steps, e.g. the first send of a replay). */
  postData?: (body: unknown) => Promise<{ status: number; body: unknown }>;
}

export interface Generated {
  request?: Partial<CaseRequest>;
  cli?: Partial<CaseCli>;
}

export type Generator = (w: CorpusWorld, params: Record<string, unknown>, caseDir: string) => Promise<Generated> | Generated;

const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);
const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d);

function cxRecord(seed: number): Record<string, unknown> {
  return generateRecords('catena-x', 1, seed)[0] as unknown as Record<string, unknown>;
}

/** Identities issued per world (per PKI), reused across the cases of one run. */
const issuedByWorld = new WeakMap<PlatformPki, Map<string, IssuedIdentity>>();
function cacheOf(w: CorpusWorld): Map<string, IssuedIdentity> {
  const pki = w.pkis['catena-x'];
  let m = issuedByWorld.get(pki);
  if (!m) {
    m = new Map();
    issuedByWorld.set(pki, m);
  }
  return m;
}

function companyFor(w: CorpusWorld, bpnl: string, opts: { expired?: boolean; role?: 'node' | 'certifier' } = {}): IssuedIdentity {
  const companies = cacheOf(w);
  const k = `company|${bpnl}|${opts.expired ? 'x' : ''}|${opts.role ?? ''}`;
  const have = companies.get(k);
  if (have) return have;
  const pki = w.pkis['catena-x'];
  const now = Date.now();
  const id = pki.issue(opts.role ?? 'company', opts.role ? `${bpnl}-as-${opts.role}` : bpnl, {
    ...(opts.expired ? { notBefore: new Date(now - 400 * 86400000), notAfter: new Date(now - 30 * 86400000), days: undefined } : {}),
  });
  companies.set(k, id);
  return id;
}

/** A canonical credential issued by `publisher`, with `patch` merged in. */
function credential(seed: number, patch: unknown): { credential: Record<string, unknown>; publisher: string } {
  const rec = cxRecord(seed);
  const publisher = identifyCatenaXRecord(rec).publisher ?? '';
  const canonical = catenaXAdapter.toCanonical(rec) as unknown as Record<string, unknown>;
  return { credential: mergePatch(canonical, patch ?? {}) as Record<string, unknown>, publisher };
}

/** A token spoiled one way (`variant`); `nonce`/`audience` are what the verifier expects. */
function spoiledToken(w: CorpusWorld, variant: string, params: Record<string, unknown>, nonce: string, audience: string): string {
  const seed = num(params.seed, 11);
  const c = credential(seed, params.credentialPatch);
  const company = companyFor(w, c.publisher);
  const holderKey = variant === 'foreign-holder' ? strangerKey() : w.peerNode.privateKey;
  const presenter: Presenter = { company, holder: { privateKey: holderKey }, audience };
  const signerFor = (): IssuedIdentity | undefined => {
    if (variant === 'expired-issuer-cert') return companyFor(w, c.publisher, { expired: true });
    if (variant === 'wrong-role-issuer') return companyFor(w, c.publisher, { role: 'certifier' });
    if (variant === 'node-role-issuer') return companyFor(w, c.publisher, { role: 'node' });
    if (variant === 'untrusted-issuer') return untrustedCompany(c.publisher);
    return undefined;
  };
  const signer = signerFor();
  const issued = issue(c.credential, presenter, signer ? { signer } : {});
  const good = issued.present(nonce);
  // Issuer-side spoiling happens before the holder binds the token, as an attacker holding the key would do.
  const rebind = (t: string): string => bind(t, w.peerNode.privateKey, audience, nonce);
  const sd = issued.sdJwt;
  switch (variant) {
    case 'valid':
    case 'foreign-holder':
    case 'expired-issuer-cert':
    case 'wrong-role-issuer':
    case 'node-role-issuer':
    case 'untrusted-issuer':
    case 'credential-patch':
      return good;
    case 'no-key-binding':
      return issued.sdJwt;
    case 'alg-none':
      return rebind(forgeIssuerJwt(sd, 'none', company.certificatePem));
    case 'hmac-confusion':
      return rebind(forgeIssuerJwt(sd, 'hmac', company.certificatePem));
    case 'tampered-disclosure':
      return rebind(tamperDisclosure(sd, num(params.index, 0)));
    case 'tampered-payload':
      return rebind(tamperPayload(sd));
    case 'wrong-issuer-key':
      return rebind(resignIssuerJwt(sd, strangerKey(), () => undefined));
    case 'typ-jwt':
      return rebind(
        resignIssuerJwt(sd, company.privateKey, (h) => {
          h.typ = 'JWT';
        }),
      );
    case 'alg-rs512':
      return rebind(
        resignIssuerJwt(sd, company.privateKey, (h) => {
          h.alg = 'RS512';
        }),
      );
    case 'expired-token':
      return rebind(
        resignIssuerJwt(sd, company.privateKey, (_h, p) => {
          p.exp = Math.floor(Date.now() / 1000) - 3600;
        }),
      );
    case 'future-token':
      return rebind(
        resignIssuerJwt(sd, company.privateKey, (_h, p) => {
          p.nbf = Math.floor(Date.now() / 1000) + 86400;
        }),
      );
    case 'sd-alg-md5':
      return rebind(
        resignIssuerJwt(sd, company.privateKey, (_h, p) => {
          p._sd_alg = 'md5';
        }),
      );
    case 'issuer-mismatch':
      return rebind(
        resignIssuerJwt(sd, company.privateKey, (_h, p) => {
          p.issuer = 'urn:kakehashi:participant:catena-x:BPNL00000000EVIL';
        }),
      );
    case 'kb-wrong-key':
      return bind(sd, strangerKey(), audience, nonce);
    case 'duplicate-disclosure': {
      const parts = good.split('~');
      return [parts[0], parts[1], ...parts.slice(1)].join('~');
    }
    case 'extra-disclosure': {
      const parts = good.split('~');
      const extra = Buffer.from(JSON.stringify(['c2FsdHNhbHRzYWx0', 'smuggled', 'value']), 'utf8').toString('base64url');
      return [parts[0], extra, ...parts.slice(1)].join('~');
    }
    case 'truncated':
      return good.slice(0, Math.floor(good.length / 2));
    case 'kb-wrong-audience':
      return issued.present(nonce, { audience: 'some-other-node' });
    case 'kb-wrong-nonce':
      return issued.present(`${nonce}-other`);
    case 'kb-stale':
      return issued.present(nonce, { now: new Date(Date.now() - 3600 * 1000) });
    case 'kb-future':
      return issued.present(nonce, { now: new Date(Date.now() + 3600 * 1000) });
    case 'kb-sd-hash':
      return wrongSdHash(good, w.peerNode.privateKey, audience, nonce);
    case 'kb-tampered': {
      const i = good.lastIndexOf('~');
      const kb = good.slice(i + 1).split('.');
      const payload = JSON.parse(Buffer.from(kb[1], 'base64url').toString('utf8')) as Record<string, unknown>;
      payload.nonce = 'changed';
      return `${good.slice(0, i + 1)}${kb[0]}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${kb[2]}`;
    }
    default:
      throw new Error(`unknown token variant ${variant}`);
  }
}

let untrusted: PlatformPki | undefined;
function untrustedCompany(bpnl: string): IssuedIdentity {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createPlatformPki } = require('../../certs/pki') as typeof import('../../certs/pki');
  untrusted ??= createPlatformPki({ platform: 'catena-x', keyBits: 2048 });
  return untrusted.issue('company', bpnl);
}

/** A record delivery for the data endpoint, spoiled one way. */
const delivery: Generator = async (w, params) => {
  const variant = str(params.variant, 'valid');
  const sequence = randomInt(1_000_000, 2_000_000_000);
  const nonce = `${w.vars.consumerPid}#${sequence}`;
  const presentation = spoiledToken(w, variant === 'replayed' ? 'valid' : variant, params, nonce, w.nodeId);
  const body: Record<string, unknown> = {
    agreementId: w.vars.agreementId,
    providerPid: w.vars.providerPid,
    consumerPid: w.vars.consumerPid,
    sequence,
    presentation,
    certifications: [],
  };
  if (variant === 'replayed') {
    if (!w.postData) throw new Error('replayed needs the live node');
    const first = await w.postData(body);
    if (first.status !== 201 && first.status !== 200) throw new Error(`setup send answered ${first.status}`);
  }
  return { request: { body: mergePatch(body, params.patch ?? {}) } };
};

/** A token file for `kakehashi verify`. */
const tokenFile: Generator = (w, params, dir) => {
  const token = spoiledToken(w, str(params.variant, 'valid'), params, str(params.nonce, 'n-1'), str(params.audience, w.nodeId));
  writeFileSync(path.join(dir, str(params.file, 'token.txt')), token);
  return {};
};

/** A native record file (seeded), merge-patched. */
const nativeRecordFile: Generator = (_w, params, dir) => {
  const platform = str(params.platform, 'catena-x') as 'catena-x' | 'ouranos';
  const rec = generateRecords(platform, 1, num(params.seed, 5))[0];
  writeFileSync(path.join(dir, str(params.file, 'record.json')), JSON.stringify(mergePatch(rec, params.patch ?? {})));
  return {};
};

/** A canonical record file (mapped from a seeded CX record), merge-patched. */
const canonicalFile: Generator = (_w, params, dir) => {
  const c = credential(num(params.seed, 5), params.patch);
  writeFileSync(path.join(dir, str(params.file, 'canonical.json')), JSON.stringify(c.credential));
  return {};
};

function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A big or deep JSON text: as a file (CLI) or as the raw request body (HTTP). */
const bigJson: Generator = (_w, params, dir) => {
  const kind = str(params.kind, 'deep-array');
  const n = num(params.n, 100000);
  let text: string;
  if (kind === 'deep-array') text = nested(n, 'array');
  else if (kind === 'deep-object') text = nested(n, 'object');
  else if (kind === 'wide-array') text = `[${Array.from({ length: n }, () => '0').join(',')}]`;
  else if (kind === 'big-string') text = JSON.stringify({ recordId: 'x'.repeat(n) });
  else if (kind === 'many-keys') text = `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`;
  else throw new Error(`unknown bigJson kind ${kind}`);
  const wrap = str(params.wrap, '');
  if (wrap) text = wrap.replace('"$BIG"', text);
  if (params.file) {
    writeFileSync(path.join(dir, str(params.file, 'big.json')), text);
    return {};
  }
  return { request: { rawBody: text } };
};

/** A directory with a symlink (or `..` name) that points outside it, for `publish <dir>`. */
const escapingDir: Generator = (_w, params, dir) => {
  const inside = path.join(dir, 'records');
  const outside = path.join(dir, 'outside');
  mkdirSync(inside, { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(path.join(outside, 'secret.json'), '{"recordId":"outside"}');
  const how = str(params.how, 'file-link');
  if (how === 'file-link') symlinkSync(path.join(outside, 'secret.json'), path.join(inside, 'a.json'));
  else if (how === 'dir-link') symlinkSync(outside, path.join(inside, 'sub'));
  else if (how === 'relative-link') symlinkSync('../outside/secret.json', path.join(inside, 'b.json'));
  else if (how === 'root-link') symlinkSync('/etc', path.join(inside, 'etc'));
  else throw new Error(`unknown escape ${how}`);
  return {};
};

function sampleAgreement(): MutualRecognitionAgreement {
  const body = (p: string) =>
    p === 'ouranos'
      ? { id: 'urn:kakehashi:accreditation-body:ouranos:jab', name: 'Japan Accreditation Board', type: 'AccreditationBody' }
      : { id: 'urn:kakehashi:accreditation-body:catena-x:dakks', name: 'DAkkS', type: 'AccreditationBody' };
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kakehashi/certification/v1'],
    id: `urn:kakehashi:mra:corpus:${randomUUID()}`,
    type: 'MutualRecognitionAgreement',
    title: 'Corpus agreement',
    agreementVersion: '1',
    effectiveFrom: '2026-01-01T00:00:00Z',
    effectiveUntil: '2030-01-01T00:00:00Z',
    recognitions: [
      { type: 'Recognition', sourcePlatform: 'ouranos', targetPlatform: 'catena-x', accreditationBodies: [body('ouranos')], certifiers: [], schemes: ['OU-CFP-VERIFICATION'] },
      { type: 'Recognition', sourcePlatform: 'catena-x', targetPlatform: 'ouranos', accreditationBodies: [body('catena-x')], certifiers: [], schemes: ['CX-0029'] },
    ],
    schemeCorrespondences: [
      {
        type: 'SchemeCorrespondence',
        correspondingSchemes: [
          { type: 'PlatformScheme', platform: 'ouranos', schemeId: 'OU-CFP-VERIFICATION', name: 'Ouranos battery CFP verification', schemeVersion: '1.0' },
          { type: 'PlatformScheme', platform: 'catena-x', schemeId: 'CX-0029', name: 'PCF Rulebook v3.0', schemeVersion: '3.0' },
        ],
      },
    ],
  } as MutualRecognitionAgreement;
}

function authority(w: CorpusWorld, platform: 'ouranos' | 'catena-x', role: 'authority' | 'company' = 'authority'): IssuedIdentity {
  const authorities = cacheOf(w);
  const k = `authority|${platform}|${role}`;
  const have = authorities.get(k);
  if (have) return have;
  const id = w.pkis[platform].issue(role, role === 'authority' ? `${platform}-authority` : platform === 'catena-x' ? 'BPNL00000000AUTH' : 'ou-company-auth');
  authorities.set(k, id);
  return id;
}

/** A signed MRA (general JWS JSON), spoiled one way, for `mra show` and the node config. */
const mraFile: Generator = (w, params, dir) => {
  const variant = str(params.variant, 'half-signed');
  const signer = (a: IssuedIdentity) => ({ privateKey: a.privateKey, x5c: a.x5c, platform: a.platform, subjectIri: a.subjectIri });
  const ou = authority(w, 'ouranos');
  const cx = authority(w, 'catena-x');
  const agreement = mergePatch(sampleAgreement(), params.patch ?? {}) as MutualRecognitionAgreement;
  let doc: unknown;
  if (variant === 'half-signed') doc = signMra(agreement, signer(ou));
  else if (variant === 'unsigned') doc = { payload: Buffer.from(JSON.stringify(agreement)).toString('base64url'), signatures: [] };
  else if (variant === 'company-signed') doc = signMra(signMra(agreement, signer(ou)), signer(authority(w, 'catena-x', 'company')));
  else if (variant === 'tampered-payload') {
    const full = signMra(signMra(agreement, signer(ou)), signer(cx)) as unknown as { payload: string; signatures: unknown[] };
    const a = JSON.parse(Buffer.from(full.payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    a.title = 'changed after signing';
    doc = { ...full, payload: Buffer.from(JSON.stringify(a)).toString('base64url') };
  } else if (variant === 'signature-swapped') {
    const full = signMra(signMra(agreement, signer(ou)), signer(cx)) as unknown as { payload: string; signatures: { signature: string }[] };
    doc = { ...full, signatures: [full.signatures[0], { ...full.signatures[1], signature: full.signatures[0].signature }] };
  } else if (variant === 'alg-none') {
    const full = signMra(signMra(agreement, signer(ou)), signer(cx)) as unknown as { payload: string; signatures: { protected: string; signature: string }[] };
    const forged = full.signatures.map((s) => {
      const h = JSON.parse(Buffer.from(s.protected, 'base64url').toString('utf8')) as Record<string, unknown>;
      return { ...s, protected: Buffer.from(JSON.stringify({ ...h, alg: 'none' })).toString('base64url'), signature: '' };
    });
    doc = { ...full, signatures: forged };
  } else if (variant === 'raw') {
    doc = agreement;
  } else if (variant === 'valid') {
    doc = signMra(signMra(agreement, signer(ou)), signer(cx));
  } else throw new Error(`unknown mra variant ${variant}`);
  writeFileSync(path.join(dir, str(params.file, 'mra.json')), JSON.stringify(doc));
  return {};
};

/** A PKI state folder (`pki init`) under the case folder, for commands that need one (`certify status`). */
const pkiState: Generator = async (_w, params, dir) => {
  const r = await runCli(['pki', 'init', '--platform', str(params.platform, 'catena-x'), '--dir', path.join(dir, 'state')]);
  if (r.exitCode !== 0) throw new Error(`pki init failed: ${r.stderr}`);
  return {};
};

const SHIPPED_POLICY = path.resolve(__dirname, '../../policies/shipped/catena-x-to-ouranos.jsonld');

/**
 * A node configuration for `node start` (a Catena-X node with one Ouranos peer) whose policy, MRA or own
 * shape is spoiled: the node must stop with a typed code before it binds a port or touches Redis.
 */
const nodeConfigFile: Generator = (w, params, dir) => {
  const id = w.pkis['catena-x'].issue('node', `cx-node-${randomInt(1e9)}`);
  writeFileSync(path.join(dir, 'node.cert.pem'), [id.certificatePem, ...id.chainPem].join('\n'));
  writeFileSync(path.join(dir, 'node.key.pem'), id.privateKeyPem, { mode: 0o600 });
  writeFileSync(path.join(dir, 'root-cx.pem'), w.pkis['catena-x'].rootCertificatePem);
  writeFileSync(path.join(dir, 'root-ou.pem'), w.pkis.ouranos.rootCertificatePem);
  const shipped = JSON.parse(readFileSync(SHIPPED_POLICY, 'utf8')) as unknown;
  if (typeof params.policyText === 'string') writeFileSync(path.join(dir, 'policy.jsonld'), params.policyText);
  else writeFileSync(path.join(dir, 'policy.jsonld'), JSON.stringify(mergePatch(shipped, params.policyPatch ?? {})));
  const config: Record<string, unknown> = {
    nodeId: 'cx-node-1',
    platform: 'catena-x',
    listen: { managementPort: 0, protocolPort: 0 },
    management: { token: 'corpus-token-0123456789abcdef' },
    redis: { url: 'redis://127.0.0.1:1' },
    tls: { cert: 'node.cert.pem', key: 'node.key.pem' },
    trust: { roots: [{ platform: 'catena-x', file: 'root-cx.pem' }, { platform: 'ouranos', file: 'root-ou.pem' }] },
    peers: [{ id: 'ou-node-1', platform: 'ouranos', baseUrl: 'https://127.0.0.1:1', policy: str(params.policyPath, 'policy.jsonld') }],
    platformApi: { url: 'http://127.0.0.1:1', apiKey: 'corpus-operator-key' },
    ...(params.mra ? { mra: 'mra.json' } : {}),
  };
  if (params.mra === 'not-json') writeFileSync(path.join(dir, 'mra.json'), '{"payload": ');
  else if (typeof params.mra === 'string') mraFile(w, { variant: params.mra }, dir);
  writeFileSync(path.join(dir, 'node.json'), JSON.stringify(mergePatch(config, params.configPatch ?? {})));
  return {};
};

export const GENERATORS: Record<string, Generator> = {
  pkiState,
  nodeConfigFile,
  delivery,
  tokenFile,
  nativeRecordFile,
  canonicalFile,
  bigJson,
  escapingDir,
  mraFile,
};
