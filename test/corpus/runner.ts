/**
 * Running corpus cases: CLI cases in this process, HTTP cases against a live node. A case passes only if
 * it is refused with exactly the expected code and status; HTTP cases must also leave an audit entry with
 * that code, store nothing, and leave the node answering `/health`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditLog } from '../../connector/store';
import { codeOf, FIXTURES_DIR, mergePatch, substitute, type CaseRequest, type CorpusCase } from './format';
import { GENERATORS, type CorpusWorld } from './generators';
import { runCli } from './cli';
import { send, type RawResponse } from './http';

export interface Verdict {
  name: string;
  problems: string[];
  got: { code?: string; status?: number | null };
}

async function prepare(c: CorpusCase, w: CorpusWorld): Promise<{ dir: string; request?: CaseRequest; args?: string[] }> {
  const dir = mkdtempSync(path.join(w.dir, `${c.name.replace(/[^A-Za-z0-9_-]/g, '_')}-`));
  let request = c.request ? { ...c.request } : undefined;
  let cli = c.cli ? { ...c.cli } : undefined;
  if (c.generate) {
    const gen = GENERATORS[c.generate];
    if (!gen) throw new Error(`${c.name}: no generator ${c.generate}`);
    const g = await gen(w, substitute(c.params ?? {}, { ...w.vars, dir }), dir);
    if (g.request) request = { ...(request ?? { method: 'POST', path: '/' }), ...g.request };
    if (g.cli) cli = { ...(cli ?? { args: [] }), ...g.cli };
  }
  const vars = { ...w.vars, dir };
  if (cli?.files) {
    for (const [name, content] of Object.entries(cli.files)) {
      const file = path.join(dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, substitute(content, vars));
    }
  }
  return {
    dir,
    ...(request ? { request: substitute(request, vars) } : {}),
    ...(cli ? { args: substitute(cli.args, vars) } : {}),
  };
}

const BIN = path.resolve(__dirname, '../../connector/cli/kakehashi.js');

/** The CLI as a child process; a run that does not stop within the timeout counts as accepted. */
function spawnCli(args: string[], cwd: string): { exitCode: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 90000, killSignal: 'SIGKILL' });
  return { exitCode: r.status ?? 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export async function runCliCase(c: CorpusCase, w: CorpusWorld): Promise<Verdict> {
  const p = await prepare(c, w);
  const r = c.cli?.spawn ? spawnCli(p.args ?? [], p.dir) : await runCli(p.args ?? [], p.dir);
  const code = codeOf(r.stderr, r.stdout);
  const problems: string[] = [];
  if (r.exitCode === 0) problems.push('accepted (exit code 0)');
  if (code !== c.expect.code) problems.push(`code ${code ?? '(none)'} (stderr: ${r.stderr.slice(0, 200).trim()})`);
  return { name: c.name, problems, got: { ...(code ? { code } : {}), status: r.exitCode } };
}

/** What a live node offers the HTTP runner. */
export interface LiveNode {
  world: CorpusWorld;
  managementUrl: string;
  protocolUrl: string;
  token: string;
  ca: string;
  identities: Record<'peer' | 'company', { cert: string; key: string }>;
  audit: AuditLog;
  /** A fingerprint of everything stored (records of both origins, platform received list). */
  storedFingerprint(): Promise<string>;
}

function bodyOf(r: CaseRequest): { body?: Buffer; contentType?: string } {
  if (r.rawBody !== undefined) return { body: Buffer.from(r.rawBody, 'utf8'), contentType: 'application/json' };
  let doc: unknown = r.body;
  if (r.bodyFile !== undefined) doc = JSON.parse(readFileSync(path.join(FIXTURES_DIR, r.bodyFile), 'utf8')) as unknown;
  if (doc === undefined) return {};
  if (r.patch !== undefined) doc = mergePatch(doc, r.patch);
  return { body: Buffer.from(JSON.stringify(doc), 'utf8'), contentType: 'application/json' };
}

async function auditCursor(audit: AuditLog): Promise<string | undefined> {
  let since: string | undefined;
  for (;;) {
    const page = await audit.list({ limit: 10000, ...(since ? { since } : {}) });
    if (page.length === 0) return since;
    since = page[page.length - 1].id;
    if (page.length < 10000) return since;
  }
}

async function auditedSince(audit: AuditLog, since: string | undefined, code: string): Promise<boolean> {
  for (let i = 0; i < 40; i += 1) {
    const page = await audit.list({ limit: 10000, ...(since ? { since } : {}) });
    if (page.some((e) => e.errorCode === code)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

export async function runHttpCase(c: CorpusCase, live: LiveNode): Promise<Verdict> {
  const p = await prepare(c, live.world);
  const r = p.request as CaseRequest;
  const before = await live.storedFingerprint();
  const cursor = await auditCursor(live.audit);
  const { body, contentType } = bodyOf(r);
  const headers: Record<string, string> = {};
  if (contentType) headers['content-type'] = contentType;
  if (c.target === 'management') {
    const auth = r.auth ?? 'operator';
    if (auth === 'operator') headers.authorization = `Bearer ${live.token}`;
    if (auth === 'wrong') headers.authorization = `Bearer ${live.token.slice(0, -2)}xx`;
  }
  for (const [k, v] of Object.entries(r.headers ?? {})) {
    for (const h of Object.keys(headers)) if (h.toLowerCase() === k.toLowerCase()) delete headers[h];
    headers[k] = v;
  }
  const base = c.target === 'management' ? live.managementUrl : live.protocolUrl;
  const as = r.as ?? 'peer';
  const res: RawResponse = await send({
    url: `${base}${r.path}`,
    method: r.method,
    headers,
    ...(body ? { body } : {}),
    ...(c.target === 'management' ? {} : { tls: { ca: live.ca, ...(as === 'none' ? {} : live.identities[as]) } }),
  });
  const problems: string[] = [];
  const code = res.status === null ? undefined : (res.json?.code as string | undefined);
  if (c.expect.status === null) {
    if (res.status !== null) problems.push(`expected the TLS handshake to be refused, got HTTP ${res.status}`);
    else if (!(await auditedSince(live.audit, cursor, c.expect.code))) {
      problems.push('no audit entry of the refused handshake');
    }
  } else {
    if (res.status === null) problems.push(`no HTTP answer (${res.error})`);
    else {
      if (res.status < 400) problems.push(`accepted (HTTP ${res.status})`);
      if (res.status !== c.expect.status) problems.push(`status ${res.status}`);
      if (code !== c.expect.code) problems.push(`code ${code ?? '(none)'}`);
      if (!(await auditedSince(live.audit, cursor, c.expect.code))) problems.push('no audit entry with the code');
    }
  }
  const health = await send({ url: `${live.managementUrl}/health`, method: 'GET', headers: {} });
  if (health.status !== 200) problems.push('the node stopped answering /health');
  if ((await live.storedFingerprint()) !== before) problems.push('something was stored');
  return { name: c.name, problems, got: { ...(code ? { code } : {}), status: res.status } };
}
