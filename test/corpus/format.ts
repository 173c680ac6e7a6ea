/**
 * The hostile-input corpus format. One JSON file per case under `cases/<target>/<name>.json`:
 *
 * ```json
 * { "target": "management" | "protocol" | "data" | "cli",
 *   "about": "what the case attacks",
 *   "request": { "method": "POST", "path": "/api/v1/publish", "headers": {}, "auth": "operator",
 *                "as": "peer", "body": {…} | "bodyFile": "dsp/…json" | "rawBody": "…", "patch": {…} },
 *   "cli": { "args": ["map", "--from", "catena-x", "--to", "ouranos", "{{dir}}/r.json"], "files": { "r.json": "…" } },
 *   "generate": "expiredCompanyCert", "params": {…},
 *   "expect": { "code": "KH_…", "status": 400 } }
 * ```
 *
 * - `request.auth` (management): `operator` (default: the operator bearer token), `none`, or `wrong`.
 * - `request.as` (protocol, data): the TLS client: `peer` (default: the registered peer node),
 *   `company` (a trusted certificate of the wrong role), or `none` (no client certificate).
 * - `bodyFile` is relative to the shared fixtures folder (`<repo>/../shared/fixtures`); `patch` is a JSON
 *   merge patch (RFC 7396) applied to `body`/`bodyFile`.
 * - `{{name}}` in any string is replaced from the run's values (`{{dir}}`: the case's scratch folder;
 *   `{{consumerPid}}`, `{{providerPid}}`, `{{agreementId}}`: the live push transfer; `{{unknownPid}}`…).
 * - `generate` names a function in `generators.ts` that fills in what needs run-time crypto (keys are never
 *   committed); `params` are passed to it.
 * - `expect.status` is the HTTP status; `null` means the TLS handshake itself must be refused. CLI cases
 *   expect exit code 1 and the code on the first stderr line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Target = 'management' | 'protocol' | 'data' | 'cli';
export type ClientIdentity = 'peer' | 'company' | 'none';

export interface CaseRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  auth?: 'operator' | 'none' | 'wrong';
  as?: ClientIdentity;
  body?: unknown;
  bodyFile?: string;
  rawBody?: string;
  patch?: unknown;
}

export interface CaseCli {
  args: string[];
  files?: Record<string, string>;
  /** Run `connector/cli/kakehashi.js` as a child process (commands that would otherwise keep running, e.g. `node start`). */
  spawn?: boolean;
}

export interface CorpusCase {
  name: string;
  target: Target;
  about?: string;
  request?: CaseRequest;
  cli?: CaseCli;
  generate?: string;
  params?: Record<string, unknown>;
  expect: { code: string; status: number | null };
}

export const CASES_DIR = path.join(__dirname, 'cases');
export const FIXTURES_DIR = path.resolve(__dirname, '../../../shared/fixtures');

const TARGETS: Target[] = ['management', 'protocol', 'data', 'cli'];

function fail(file: string, what: string): never {
  throw new Error(`corpus case ${file}: ${what}`);
}

/** Parse and check one case file's shape. */
export function parseCase(file: string, text: string): CorpusCase {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const target = raw.target as Target;
  if (!TARGETS.includes(target)) fail(file, 'target must be management, protocol, data or cli');
  const expect = raw.expect as { code?: unknown; status?: unknown } | undefined;
  if (!expect || typeof expect.code !== 'string' || !/^KH_[A-Z0-9_]+$/.test(expect.code)) fail(file, 'expect.code must be a KH_ code');
  if (!(expect.status === null || (typeof expect.status === 'number' && expect.status >= 400 && expect.status < 600))) {
    fail(file, 'expect.status must be a 4xx/5xx status or null');
  }
  if (target === 'cli' && !raw.cli && !raw.generate) fail(file, 'a cli case needs "cli" or "generate"');
  if (target !== 'cli' && !raw.request && !raw.generate) fail(file, 'an HTTP case needs "request" or "generate"');
  return { ...(raw as unknown as CorpusCase), name: path.basename(file, '.json') };
}

/** Every case, sorted by target and name. */
export function loadCases(dir = CASES_DIR): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const target of TARGETS) {
    let names: string[];
    try {
      names = readdirSync(path.join(dir, target))
        .filter((n) => n.endsWith('.json'))
        .sort();
    } catch {
      continue;
    }
    for (const n of names) {
      const file = path.join(dir, target, n);
      const c = parseCase(file, readFileSync(file, 'utf8'));
      if (c.target !== target) fail(file, `is in cases/${target} but targets ${c.target}`);
      out.push({ ...c, name: `${target}/${c.name}` });
    }
  }
  return out;
}

/** RFC 7396 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Replace `{{name}}` in every string of `value`. Unknown names are left as they are. */
export function substitute<T>(value: T, vars: Record<string, string>): T {
  const sub = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/\{\{([A-Za-z0-9_.]+)\}\}/g, (m, k: string) => vars[k] ?? m);
    if (Array.isArray(v)) return v.map(sub);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sub(x)]));
    return v;
  };
  return sub(value) as T;
}

/**
 * The first typed code on the CLI's stderr (`KH_X: message` or `KH_X /pointer rule: message`), else a
 * verdict on stdout (`honoured: no (KH_X: reason)` from `mra show`, `invalid: reason (KH_X)` from `certify status`).
 */
export function codeOf(stderr: string, stdout = ''): string | undefined {
  for (const line of stderr.split('\n')) {
    const m = /^(KH_[A-Z0-9_]+)\b/.exec(line.trim());
    if (m) return m[1];
  }
  const v = /honoured: no \((KH_[A-Z0-9_]+)/.exec(stdout) ?? /\((KH_[A-Z0-9_]+)\)\s*$/m.exec(stdout);
  return v ? v[1] : undefined;
}
