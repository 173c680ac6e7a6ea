/**
 * The reference stack: what a team would build with the best-known library stack instead of SD-JWT —
 * W3C Data Integrity `eddsa-rdfc-2022` credentials (RDF canonicalisation + Ed25519) with
 * `@digitalbazaar/vc`. Each record is signed and then verified; contexts come from `schemas/` (VC 2.0 and
 * the Kakehashi vocabulary are all it needs), the issuer's key and controller document from memory, and the
 * loader refuses every other URL (no network). The libraries are ESM-only dev dependencies, loaded here only.
 */
import { KhError } from '../errors';
import { createOfflineLoader, STORED_CONTEXTS, type RemoteDocument } from '../../schemas/document-loader';
import path from 'node:path';
import { elapsedSeconds, startClock } from './clock';

const CONTROLLER = 'urn:kakehashi:bench:reference-issuer';
const VERIFICATION_METHOD = `${CONTROLLER}#key-1`;

export interface ReferenceResult {
  records: number;
  seconds: number;
  recordsPerSecond: number;
}

type Fn = (...args: unknown[]) => Promise<unknown>;
interface Stack {
  issue: Fn;
  verify: Fn;
  suiteFor: (key: unknown) => unknown;
  verifySuite: unknown;
  key: unknown;
  loader: (url: string) => Promise<RemoteDocument>;
}

const importEsm = (specifier: string): Promise<Record<string, unknown>> =>
  import(specifier) as Promise<Record<string, unknown>>;

function member<T>(mod: Record<string, unknown>, name: string): T {
  const v = mod[name] ?? (mod.default as Record<string, unknown> | undefined)?.[name];
  if (v === undefined)
    throw new KhError('KH_BENCH_REFERENCE_FAILED', `the reference library lacks ${name}`, { status: 500 });
  return v as T;
}

async function loadStack(): Promise<Stack> {
  try {
    const vc = await importEsm('@digitalbazaar/vc');
    const di = await importEsm('@digitalbazaar/data-integrity');
    const suite = await importEsm('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
    const multikey = await importEsm('@digitalbazaar/ed25519-multikey');
    const generate = member<
      (o: {
        id: string;
        controller: string;
      }) => Promise<{ export(o: object): Promise<Record<string, unknown>> }>
    >(multikey, 'generate');
    const DataIntegrityProof = member<new (o: object) => unknown>(di, 'DataIntegrityProof');
    const cryptosuite = member<unknown>(suite, 'cryptosuite');
    const key = await generate({ id: VERIFICATION_METHOD, controller: CONTROLLER });
    const publicKey = await key.export({ publicKey: true, includeContext: true });
    const controllerDoc = {
      // A DID-v1-shaped controller document: jsonld-signatures reads it as is (no framing, so no context fetch).
      '@context': 'https://www.w3.org/ns/did/v1',
      id: CONTROLLER,
      assertionMethod: [publicKey],
    };
    const offline = createOfflineLoader(STORED_CONTEXTS, path.resolve(__dirname, '../../schemas'));
    const inMemory = new Map<string, unknown>([
      [VERIFICATION_METHOD, publicKey],
      [CONTROLLER, controllerDoc],
    ]);
    const loader = async (url: string): Promise<RemoteDocument> => {
      const doc = inMemory.get(url);
      if (doc !== undefined) return { contextUrl: null, documentUrl: url, document: doc };
      return offline.documentLoader(url);
    };
    return {
      issue: member<Fn>(vc, 'issue'),
      verify: member<Fn>(vc, 'verifyCredential'),
      suiteFor: (signer) => new DataIntegrityProof({ signer, cryptosuite }),
      verifySuite: new DataIntegrityProof({ cryptosuite }),
      key: (key as unknown as { signer(): unknown }).signer(),
      loader,
    };
  } catch (err) {
    if (err instanceof KhError) throw err;
    throw new KhError('KH_BENCH_REFERENCE_FAILED', 'the reference stack could not be loaded', {
      status: 500,
      cause: err,
    });
  }
}

/** The credential as the reference issues it: the same record, its issuer the reference key's controller. */
function asReferenceCredential(record: Record<string, unknown>): Record<string, unknown> {
  return { ...record, issuer: CONTROLLER };
}

/** Verify at a time within the record's validity (seed records may start in the future). */
function instantWithinValidity(record: Record<string, unknown>): Date {
  const from = typeof record.validFrom === 'string' ? Date.parse(record.validFrom) : NaN;
  const now = Date.now();
  return new Date(Number.isFinite(from) && from > now ? from + 1000 : now);
}

async function signAndVerify(stack: Stack, record: Record<string, unknown>): Promise<void> {
  const signed = await stack.issue({
    credential: asReferenceCredential(record),
    suite: stack.suiteFor(stack.key),
    documentLoader: stack.loader,
  });
  const result = (await stack.verify({
    credential: signed,
    suite: stack.verifySuite,
    documentLoader: stack.loader,
    now: instantWithinValidity(record),
  })) as {
    verified?: boolean;
    error?: unknown;
  };
  if (result.verified !== true) {
    throw new KhError('KH_BENCH_REFERENCE_FAILED', 'the reference stack did not verify its own credential', {
      status: 500,
      cause: result.error,
    });
  }
}

/** Sign and verify each record with `eddsa-rdfc-2022` (one warm-up record first, not timed). */
export async function measureReference(
  records: ReadonlyArray<Record<string, unknown>>,
): Promise<ReferenceResult> {
  const stack = await loadStack();
  if (records.length > 0) await signAndVerify(stack, records[0]);
  const clock = startClock();
  for (const record of records) await signAndVerify(stack, record);
  const seconds = elapsedSeconds(clock);
  return { records: records.length, seconds, recordsPerSecond: records.length / seconds };
}
