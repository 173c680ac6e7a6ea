/**
 * The core both platform simulators share: an in-memory registry of native records (as published by the
 * platform's companies, and as received from the peer through the node), a change feed of publications,
 * and an express router with API-key authentication. Each platform's simulator only names its header, its
 * base path and how to read a record's identity from its native format.
 *
 * The node never imports this: it reaches a platform through `PlatformClient` (HTTP), so a real platform
 * API can take the simulator's place.
 *
 * Change notification: the platform keeps an ordered change feed (`GET /api/v1/changes?after=<seq>`); the
 * node polls it (interval `platformApi.pollIntervalMs`) and keeps its cursor in Redis, so no publication is
 * lost while the node is down.
 *
 * Signed publication: a company may publish a record together with the SD-JWT VC it issued itself over the
 * record's canonical form (`application/vc+sd-jwt`, its own key and `x5c`, `cnf` = the platform node's key).
 * Same records path, same headers, body `{ "record": <native record>, "credential": "<SD-JWT VC>" }` (exactly
 * these two members: no native format has this shape). The simulator stores the credential with the version
 * and only refuses what is not a compact SD-JWT (`KH_SIM_CREDENTIAL_MALFORMED`); the node verifies it.
 * `GET <records>/<id>` then carries `credential`, and the change event and summaries say `signed: true`.
 * Re-publishing a version with the same record is idempotent (200, the first credential stays).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import express, { NextFunction, Request, Response, Router } from 'express';
import { KhError } from '../../../connector/errors';

export type ParticipantRole = 'company' | 'operator';

export interface SimulatorParticipant {
  apiKey: string;
  participantId: string;
  role: ParticipantRole;
}

export interface RecordIdentity {
  recordId: string;
  version: string;
  /** The publishing company as the native record names it, when the format carries it. */
  publisher?: string;
}

export interface VerificationStatus {
  verified: boolean;
  from: string;
  issuer?: string;
  withheld?: string[];
  certifications?: Record<string, number>;
  receivedAt: string;
  [k: string]: unknown;
}

export interface StoredNativeRecord {
  recordId: string;
  version: string;
  publisher: string;
  direction: 'published' | 'received';
  record: unknown;
  /** The company's own SD-JWT VC over the record (a signed publication). */
  credential?: string;
  storedAt: string;
  verification?: VerificationStatus;
}

export interface ChangeEvent {
  seq: number;
  recordId: string;
  version: string;
  publisher: string;
  /** Present (true) when the company published its own SD-JWT VC with the record. */
  signed?: true;
}

/** The body of a signed publication: the native record and the company's SD-JWT VC over it. */
export interface SignedPublicationBody {
  record: unknown;
  credential: string;
}

/** A compact issued SD-JWT: `header.payload.signature~` then Disclosures each followed by `~`, no KB-JWT. */
const COMPACT_SD_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+~(?:[A-Za-z0-9_-]+~)*$/;

/**
 * Whether a request body is the signed form: an object with exactly the members `record` and `credential`.
 * Throws `KH_SIM_CREDENTIAL_MALFORMED` when it has that shape but the credential is not a compact SD-JWT.
 */
export function asSignedPublication(body: unknown): SignedPublicationBody | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const keys = Object.keys(body);
  if (keys.length !== 2 || !keys.includes('record') || !keys.includes('credential')) return undefined;
  const { record, credential } = body as { record: unknown; credential: unknown };
  if (typeof credential !== 'string' || !COMPACT_SD_JWT.test(credential)) {
    throw new KhError(
      'KH_SIM_CREDENTIAL_MALFORMED',
      'credential must be a compact SD-JWT VC (issuer JWT~disclosure~…~, without key binding)',
      { status: 400, where: '/credential' },
    );
  }
  return { record, credential };
}

export interface SimulatorOptions {
  platform: 'ouranos' | 'catena-x';
  /** Header carrying the API key (`apiKey` on OU, `X-Api-Key` on CX). */
  apiKeyHeader: string;
  /** Base path of the record resource, e.g. `/api/v1/batteryRecords`. */
  recordsPath: string;
  participants: SimulatorParticipant[];
  /** Validate a native record (throws a KhError on failure). */
  validateNative: (record: unknown) => void;
  /** Read a native record's id, version and publisher. */
  identify: (record: unknown) => RecordIdentity;
  /**
   * If set, every stored record is also written to `<stateDir>/<direction>/<recordId>@<version>.json`
   * (native format), and a received record's verification status to `<stateDir>/received-verification/`.
   */
  stateDir?: string;
  bodyLimitBytes?: number;
}

const key = (recordId: string, version: string): string => `${recordId}\u0000${version}`;

/**
 * A published version's body as the company sent it (UTF-8 JSON): the parts that, written in order, are the
 * members `"record":…` (and `,"credential":"…"` for a signed publication) of the `GET <records>/<id>` answer.
 * The record is validated once on publish; the fetch writes these bytes instead of serialising it again.
 */
const publishedText = new WeakMap<StoredNativeRecord, Buffer[]>();
const RECORD_MEMBER = Buffer.from('"record":');
const CLOSE_OBJECT = Buffer.from('}');

/** The body without surrounding JSON whitespace, when it is one JSON object (`{` … `}`); else undefined. */
function trimmedObject(raw: Buffer | undefined): Buffer | undefined {
  if (!raw) return undefined;
  const ws = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
  let start = 0;
  let end = raw.length;
  while (start < end && ws(raw[start])) start++;
  while (end > start && ws(raw[end - 1])) end--;
  if (end - start < 2 || raw[start] !== 0x7b || raw[end - 1] !== 0x7d) return undefined;
  return raw.subarray(start, end);
}

/** The raw request body (UTF-8 only) kept by the JSON parser's `verify` hook. */
type RawBodyRequest = Request & { rawJsonBody?: Buffer };
const safeName = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');

export class SimulatedPlatform {
  readonly platform: 'ouranos' | 'catena-x';
  private readonly published = new Map<string, StoredNativeRecord>();
  private readonly received = new Map<string, StoredNativeRecord>();
  private readonly feed: ChangeEvent[] = [];

  constructor(private readonly opts: SimulatorOptions) {
    this.platform = opts.platform;
  }

  /**
   * `raw`, when given, is the request body exactly as received (UTF-8 JSON, already parsed into `record` /
   * `{ record, credential }`): kept to answer fetches without serialising the record again.
   */
  publish(
    company: string,
    record: unknown,
    credential?: string,
    raw?: Buffer,
  ): { stored: StoredNativeRecord; created: boolean } {
    this.opts.validateNative(record);
    const id = this.opts.identify(record);
    if (id.publisher !== undefined && id.publisher !== company) {
      throw new KhError('KH_SIM_FORBIDDEN', 'a company may only publish its own records', { status: 403 });
    }
    const k = key(id.recordId, id.version);
    const existing = this.published.get(k);
    if (existing) {
      if (JSON.stringify(existing.record) === JSON.stringify(record))
        return { stored: existing, created: false };
      throw new KhError('KH_SIM_VERSION_CONFLICT', 'this record version exists with different content', {
        status: 409,
        where: '/version',
      });
    }
    const stored: StoredNativeRecord = {
      recordId: id.recordId,
      version: id.version,
      publisher: company,
      direction: 'published',
      record,
      ...(credential === undefined ? {} : { credential }),
      storedAt: new Date().toISOString(),
    };
    const body = trimmedObject(raw);
    if (body) {
      publishedText.set(
        stored,
        credential === undefined
          ? [RECORD_MEMBER, body]
          : // `{"record":…,"credential":"…"}` (exactly these two members): its members as they are.
            [body.subarray(1, body.length - 1)],
      );
    }
    this.published.set(k, stored);
    this.feed.push({
      seq: this.feed.length + 1,
      recordId: id.recordId,
      version: id.version,
      publisher: company,
      ...(credential === undefined ? {} : { signed: true as const }),
    });
    this.persist(stored);
    return { stored, created: true };
  }

  receive(
    record: unknown,
    verification: VerificationStatus,
  ): { stored: StoredNativeRecord; created: boolean } {
    const id = this.opts.identify(record);
    const k = key(id.recordId, id.version);
    const existing = this.received.get(k);
    if (existing) return { stored: existing, created: false };
    const stored: StoredNativeRecord = {
      recordId: id.recordId,
      version: id.version,
      publisher: id.publisher ?? verification.issuer ?? verification.from,
      direction: 'received',
      record,
      storedAt: new Date().toISOString(),
      verification,
    };
    this.received.set(k, stored);
    this.persist(stored);
    return { stored, created: true };
  }

  list(direction?: 'published' | 'received'): StoredNativeRecord[] {
    const all = [
      ...(direction === 'received' ? [] : [...this.published.values()]),
      ...(direction === 'published' ? [] : [...this.received.values()]),
    ];
    return all;
  }

  get(recordId: string, version?: string, direction?: 'published' | 'received'): StoredNativeRecord {
    const candidates = this.list(direction).filter(
      (r) => r.recordId === recordId && (version === undefined || r.version === version),
    );
    const found = candidates[candidates.length - 1];
    if (!found) throw new KhError('KH_SIM_NOT_FOUND', 'no such record', { status: 404, where: '/recordId' });
    return found;
  }

  changes(after: number, limit = 100): { events: ChangeEvent[]; next: number } {
    const events = this.feed.slice(Math.max(0, after), Math.max(0, after) + limit);
    return { events, next: events.length ? events[events.length - 1].seq : after };
  }

  private persist(r: StoredNativeRecord): void {
    if (!this.opts.stateDir) return;
    const name = `${safeName(r.recordId)}@${safeName(r.version)}.json`;
    const dir = path.join(this.opts.stateDir, r.direction);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, name), `${JSON.stringify(r.record, null, 2)}\n`);
    if (r.verification) {
      const vdir = path.join(this.opts.stateDir, 'received-verification');
      mkdirSync(vdir, { recursive: true });
      writeFileSync(path.join(vdir, name), `${JSON.stringify(r.verification, null, 2)}\n`);
    }
  }
}

interface Authed {
  participantId: string;
  role: ParticipantRole;
}

function summary(r: StoredNativeRecord): Record<string, unknown> {
  return {
    recordId: r.recordId,
    version: r.version,
    publisher: r.publisher,
    direction: r.direction,
    storedAt: r.storedAt,
    ...(r.credential === undefined ? {} : { signed: true }),
    ...(r.verification ? { verification: r.verification } : {}),
  };
}

/** The simulator's HTTP API as an express app. */
export function createSimulatorApp(opts: SimulatorOptions): {
  app: express.Express;
  platform: SimulatedPlatform;
} {
  const platform = new SimulatedPlatform(opts);
  const keys = new Map(opts.participants.map((p) => [p.apiKey, p]));
  const app = express();
  app.disable('x-powered-by');
  app.use(
    express.json({
      limit: opts.bodyLimitBytes ?? 1048576,
      type: () => true,
      verify: (req, _res, buf, encoding) => {
        if (encoding === undefined || /^utf-?8$/i.test(encoding)) (req as RawBodyRequest).rawJsonBody = buf;
      },
    }),
  );

  const auth = (req: Request): Authed => {
    const given = req.get(opts.apiKeyHeader);
    const p = given === undefined ? undefined : keys.get(given);
    if (!p)
      throw new KhError('KH_AUTH_API_KEY', `missing or unknown ${opts.apiKeyHeader} header`, { status: 401 });
    return { participantId: p.participantId, role: p.role };
  };
  const operatorOnly = (a: Authed): void => {
    if (a.role !== 'operator')
      throw new KhError('KH_SIM_FORBIDDEN', 'operator key required', { status: 403 });
  };
  const direction = (v: unknown): 'published' | 'received' | undefined =>
    v === 'published' || v === 'received' ? v : undefined;

  const r: Router = express.Router();
  r.get('/health', (_req, res) => {
    res.json({ status: 'ok', platform: opts.platform });
  });
  r.post(opts.recordsPath, (req, res) => {
    const a = auth(req);
    if (a.role !== 'company')
      throw new KhError('KH_SIM_FORBIDDEN', 'only companies publish', { status: 403 });
    const signed = asSignedPublication(req.body);
    const raw = (req as RawBodyRequest).rawJsonBody;
    const { stored, created } = signed
      ? platform.publish(a.participantId, signed.record, signed.credential, raw)
      : platform.publish(a.participantId, req.body, undefined, raw);
    res.status(created ? 201 : 200).json({ ...summary(stored), created });
  });
  r.put(`${opts.recordsPath}/:recordId`, (req, res) => {
    const a = auth(req);
    if (a.role !== 'company')
      throw new KhError('KH_SIM_FORBIDDEN', 'only companies publish', { status: 403 });
    const signed = asSignedPublication(req.body);
    const id = opts.identify(signed ? signed.record : req.body);
    if (id.recordId !== req.params.recordId) {
      throw new KhError('KH_SIM_INVALID_REQUEST', 'the record id in the body differs from the path', {
        status: 400,
        where: '/recordId',
      });
    }
    const raw = (req as RawBodyRequest).rawJsonBody;
    const { stored, created } = signed
      ? platform.publish(a.participantId, signed.record, signed.credential, raw)
      : platform.publish(a.participantId, req.body, undefined, raw);
    res.status(created ? 201 : 200).json({ ...summary(stored), created });
  });
  r.get(opts.recordsPath, (req, res) => {
    const a = auth(req);
    const all = platform.list(direction(req.query.direction));
    const visible =
      a.role === 'operator'
        ? all
        : all.filter((x) => x.direction === 'received' || x.publisher === a.participantId);
    res.json({ platform: opts.platform, records: visible.map(summary) });
  });
  r.get(`${opts.recordsPath}/:recordId`, (req, res) => {
    auth(req);
    const version = typeof req.query.version === 'string' ? req.query.version : undefined;
    const found = platform.get(String(req.params.recordId), version, direction(req.query.direction));
    const text = publishedText.get(found);
    if (text) {
      // The summary, then the record (and credential) as published: same members as below, not re-serialised.
      const head = Buffer.from(`${JSON.stringify(summary(found)).slice(0, -1)},`);
      const body = Buffer.concat([head, ...text, CLOSE_OBJECT]);
      res.status(200).type('application/json; charset=utf-8').setHeader('content-length', body.length);
      res.end(body);
      return;
    }
    res.json({
      ...summary(found),
      record: found.record,
      ...(found.credential === undefined ? {} : { credential: found.credential }),
    });
  });
  r.get('/api/v1/changes', (req, res) => {
    operatorOnly(auth(req));
    const after = Number(req.query.after ?? 0);
    res.json(platform.changes(Number.isFinite(after) ? after : 0));
  });
  r.post('/api/v1/received', (req, res) => {
    operatorOnly(auth(req));
    const body = req.body as { record?: unknown; verification?: VerificationStatus };
    if (!body || body.record === undefined || typeof body.verification !== 'object') {
      throw new KhError('KH_SIM_INVALID_REQUEST', 'record and verification are required', { status: 400 });
    }
    const { stored, created } = platform.receive(body.record, body.verification);
    res.status(created ? 201 : 200).json({ ...summary(stored), created });
  });
  app.use(r);
  app.use((_req: Request, _res: Response, next: NextFunction) => {
    next(new KhError('KH_SIM_NOT_FOUND', 'no such endpoint', { status: 404 }));
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    void _next;
    if (err instanceof KhError) {
      res.status(err.status).json({ code: err.code, message: err.message, where: err.where });
      return;
    }
    const e = err as { type?: string; status?: number };
    if (e && e.type === 'entity.parse.failed') {
      res.status(400).json({ code: 'KH_SIM_INVALID_REQUEST', message: 'body is not JSON' });
      return;
    }
    if (e && e.type === 'entity.too.large') {
      res.status(413).json({ code: 'KH_SIM_INVALID_REQUEST', message: 'body too large' });
      return;
    }
    res.status(500).json({ code: 'KH_INTERNAL', message: 'internal error' });
  });
  return { app, platform };
}
