/**
 * The one JSON-LD document loader of Kakehashi. It serves the contexts stored under `schemas/` (and nothing
 * else): any other URL, remote or unknown, is refused with `KH_JSONLD_REMOTE_CONTEXT`. Stored files are read
 * once; pinned ones are checked against their SHA-256 digest when first read.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KhError } from '../connector/errors';

export interface StoredContext {
  url: string;
  /** Path relative to `schemas/`. */
  file: string;
  /** Hex SHA-256 of the stored bytes, checked at load when present. */
  sha256?: string;
}

/** SHA-256 of the W3C VC 2.0 context, as published in VC Data Model 2.0 (W3C Recommendation) §B.1. */
export const VC_V2_CONTEXT_SHA256 = '59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734';

/** Every URL the loader serves. */
export const STORED_CONTEXTS: ReadonlyArray<StoredContext> = [
  {
    url: 'https://www.w3.org/ns/credentials/v2',
    file: 'contexts/credentials-v2.jsonld',
    sha256: VC_V2_CONTEXT_SHA256,
  },
  { url: 'https://w3id.org/kakehashi/v1', file: 'contexts/kakehashi-v1.jsonld' },
  { url: 'https://w3id.org/kakehashi/certification/v1', file: 'contexts/kakehashi-certification-v1.jsonld' },
  { url: 'https://w3id.org/kakehashi/policy/v1', file: 'contexts/kakehashi-policy-v1.jsonld' },
  {
    url: 'https://w3id.org/dspace/2025/1/context.jsonld',
    file: 'dsp/context/dspace.jsonld',
    sha256: '4c09141559c51331c8cb6946c93040d799c39f269afde5d76d79076b9645e1ea',
  },
  {
    url: 'https://w3id.org/dspace/2025/1/odrl-profile.jsonld',
    file: 'dsp/context/odrl.jsonld',
    sha256: '65b96c89a93830c6d8c1b7bba93f4ce64411fe9bb942b445a6d27862511bbb9d',
  },
];

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface OfflineLoader {
  /** The parsed document stored for `url`; throws `KH_JSONLD_REMOTE_CONTEXT` for any URL not held. */
  load(url: string): unknown;
  /** The jsonld.js document loader (`{ documentLoader }` option). */
  documentLoader(url: string): Promise<RemoteDocument>;
}

/** A loader over `contexts`, files relative to `baseDir`; each file is read (and its digest checked) once. */
export function createOfflineLoader(contexts: ReadonlyArray<StoredContext>, baseDir: string): OfflineLoader {
  const cache = new Map<string, unknown>();
  const load = (url: string): unknown => {
    const cached = cache.get(url);
    if (cached !== undefined) return cached;
    const stored = contexts.find((c) => c.url === url);
    if (stored === undefined) {
      throw new KhError('KH_JSONLD_REMOTE_CONTEXT', `the offline document loader does not hold ${url}`, {
        where: url,
      });
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(baseDir, stored.file));
    } catch (cause) {
      throw new KhError('KH_JSONLD_REMOTE_CONTEXT', `the stored document for ${url} is missing`, {
        where: stored.file,
        cause,
      });
    }
    if (stored.sha256 !== undefined) {
      const actual = sha256Hex(bytes);
      if (actual !== stored.sha256) {
        throw new KhError(
          'KH_JSONLD_CONTEXT_DIGEST_MISMATCH',
          `stored document for ${url} has an unexpected digest`,
          {
            where: stored.file,
            details: { expected: stored.sha256, actual },
          },
        );
      }
    }
    const document: unknown = JSON.parse(bytes.toString('utf8'));
    cache.set(url, document);
    return document;
  };
  return {
    load,
    documentLoader: async (url: string) => ({ contextUrl: null, documentUrl: url, document: load(url) }),
  };
}

const defaultLoader = createOfflineLoader(STORED_CONTEXTS, __dirname);

/** The parsed document stored under `schemas/` for `url`; throws `KH_JSONLD_REMOTE_CONTEXT` for any URL not held. */
export function loadStoredDocument(url: string): unknown {
  return defaultLoader.load(url);
}

/** The document loader to pass to every `jsonld.*` call (`{ documentLoader }`). */
export function documentLoader(url: string): Promise<RemoteDocument> {
  return defaultLoader.documentLoader(url);
}
