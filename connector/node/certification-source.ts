/**
 * Certification credentials and status lists available to the node, read from the configured folders
 * (`certifications.dir`, `certifications.statusListsDir`; one compact vc+jwt per `*.jwt` file). Files are
 * re-read on every use, so a certifier's new status list (a revocation) takes effect at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createMemoryStatusListResolver, type StatusListResolver } from '../../certs/certification';

function payloadOf(token: string): Record<string, unknown> | undefined {
  try {
    const p = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
    return p !== null && typeof p === 'object' ? (p as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readTokens(dir: string | undefined): string[] {
  if (!dir) return [];
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.jwt'))
      .sort();
  } catch {
    return [];
  }
  return names.map((n) => readFileSync(path.join(dir, n), 'utf8').trim()).filter((t) => t.length > 0);
}

/** Certification credentials whose subject is one of `subjectIds`. */
export function certificationsFor(dir: string | undefined, subjectIds: ReadonlyArray<string>): string[] {
  const wanted = new Set(subjectIds.filter((s) => s.length > 0));
  return readTokens(dir).filter((t) => {
    const subject = payloadOf(t)?.credentialSubject as { id?: unknown } | undefined;
    return typeof subject?.id === 'string' && wanted.has(subject.id);
  });
}

/** A status-list resolver over the folder's status list credentials (looked up by their `id`). */
export function folderStatusListResolver(dir: string | undefined): StatusListResolver {
  return {
    resolve: async (url: string): Promise<string> => {
      const mem = createMemoryStatusListResolver();
      for (const t of readTokens(dir)) {
        const id = payloadOf(t)?.id;
        if (typeof id === 'string') mem.publish(id, t);
      }
      return mem.resolve(url);
    },
  };
}
