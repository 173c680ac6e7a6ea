import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsonld from 'jsonld';
import {
  createOfflineLoader,
  documentLoader,
  loadStoredDocument,
  STORED_CONTEXTS,
  sha256Hex,
} from '../../schemas/document-loader';
import { expandSafe } from '../../schemas/jsonld';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

describe('offline document loader', () => {
  it('serves every stored context as parsed JSON-LD', async () => {
    for (const { url } of STORED_CONTEXTS) {
      const remote = await documentLoader(url);
      expect(remote.documentUrl).toBe(url);
      expect(remote.document).toHaveProperty('@context');
    }
  });

  it.each([
    'https://www.w3.org/2018/credentials/v1',
    'https://example.org/context.jsonld',
    'http://www.w3.org/ns/credentials/v2',
    'https://www.w3.org/ns/credentials/v2/',
    'https://w3id.org/kakehashi/v2',
    'file:///etc/passwd',
    'contexts/kakehashi-v1.jsonld',
  ])('refuses %s with KH_JSONLD_REMOTE_CONTEXT', async (url) => {
    expect(await codeOf(documentLoader(url))).toBe('KH_JSONLD_REMOTE_CONTEXT');
    expect(() => loadStoredDocument(url)).toThrow(
      expect.objectContaining({ code: 'KH_JSONLD_REMOTE_CONTEXT' }),
    );
  });

  it('refuses a remote context met during expansion (jsonld never goes to the network)', async () => {
    const doc = { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://schema.org/'], name: 'x' };
    expect(await codeOf(expandSafe(doc))).toBe('KH_JSONLD_REMOTE_CONTEXT');
    // Also when jsonld is called directly with the loader.
    await expect(jsonld.expand(doc, { documentLoader: documentLoader as never })).rejects.toBeTruthy();
  });

  it('checks a pinned digest when the file is first read', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kh-loader-'));
    try {
      writeFileSync(path.join(dir, 'good.jsonld'), '{"@context":{"a":"https://example.org/a"}}');
      writeFileSync(path.join(dir, 'bad.jsonld'), '{"@context":{"a":"https://example.org/b"}}');
      const digest = sha256Hex('{"@context":{"a":"https://example.org/a"}}');
      const loader = createOfflineLoader(
        [
          { url: 'urn:test:good', file: 'good.jsonld', sha256: digest },
          { url: 'urn:test:bad', file: 'bad.jsonld', sha256: digest },
          { url: 'urn:test:missing', file: 'missing.jsonld' },
        ],
        dir,
      );
      expect(loader.load('urn:test:good')).toEqual({ '@context': { a: 'https://example.org/a' } });
      expect(() => loader.load('urn:test:bad')).toThrow(
        expect.objectContaining({ code: 'KH_JSONLD_CONTEXT_DIGEST_MISMATCH' }),
      );
      expect(() => loader.load('urn:test:missing')).toThrow(
        expect.objectContaining({ code: 'KH_JSONLD_REMOTE_CONTEXT' }),
      );
      expect(() => loader.load('urn:test:other')).toThrow(
        expect.objectContaining({ code: 'KH_JSONLD_REMOTE_CONTEXT' }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
