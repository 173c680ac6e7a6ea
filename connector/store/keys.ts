/**
 * Redis key layout of one node. Every key starts with the node's prefix (default `kh:<nodeId>:`), so
 * several nodes can share one Redis. Ids are URI-component encoded inside keys, so an id containing `:`
 * (a `urn:uuid:…`) cannot collide with another key.
 *
 * | key                                   | type   | holds                                        |
 * | ------------------------------------- | ------ | -------------------------------------------- |
 * | `<p>rec:<id>:v:<version>`             | hash   | one record version (fields below)            |
 * | `<p>rec:<id>:versions`                | list   | versions in the order stored                 |
 * | `<p>recs:own` / `<p>recs:peer`        | set    | record ids by origin                         |
 * | `<p>cn:p:<pid>`                       | hash   | a negotiation: `state`, `json`               |
 * | `<p>cn:all`                           | set    | negotiation pids                             |
 * | `<p>tp:p:<pid>`                       | hash   | a transfer: `state`, `json`                  |
 * | `<p>tp:all`, `<p>tp:agr:<agreementId>`| set    | transfer pids, by agreement                  |
 * | `<p>agr:<agreementId>`                | string | agreement JSON                               |
 * | `<p>agr:peer:<peerId>`                | set    | agreement ids by peer                        |
 * | `<p>audit`                            | stream | the audit log                                |
 */
import { KhError } from '../errors';

export function enc(id: string, what: string): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new KhError('KH_STORE_INVALID_INPUT', `${what} must be a non-empty string`, {
      where: what,
      status: 400,
    });
  }
  return encodeURIComponent(id);
}

export interface Keyspace {
  prefix: string;
  record(recordId: string, version: string): string;
  recordVersions(recordId: string): string;
  recordsByOrigin(origin: 'own' | 'peer'): string;
  process(kind: 'cn' | 'tp', pid: string): string;
  processIndex(kind: 'cn' | 'tp'): string;
  transfersByAgreement(agreementId: string): string;
  agreement(agreementId: string): string;
  agreementsByPeer(peerId: string): string;
  audit(): string;
}

/** The key builder for a node; `prefix` must end in `:` (e.g. `kh:ou-node:`). */
export function createKeyspace(prefix: string): Keyspace {
  if (!/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*:$/.test(prefix)) {
    throw new KhError(
      'KH_STORE_INVALID_INPUT',
      'the key prefix must be word characters separated by and ending in ":"',
      {
        where: 'prefix',
        status: 400,
      },
    );
  }
  return {
    prefix,
    record: (id, v) => `${prefix}rec:${enc(id, 'recordId')}:v:${enc(v, 'version')}`,
    recordVersions: (id) => `${prefix}rec:${enc(id, 'recordId')}:versions`,
    recordsByOrigin: (origin) => `${prefix}recs:${origin}`,
    process: (kind, pid) => `${prefix}${kind}:p:${enc(pid, 'pid')}`,
    processIndex: (kind) => `${prefix}${kind}:all`,
    transfersByAgreement: (a) => `${prefix}tp:agr:${enc(a, 'agreementId')}`,
    agreement: (a) => `${prefix}agr:${enc(a, 'agreementId')}`,
    agreementsByPeer: (p) => `${prefix}agr:peer:${enc(p, 'peerId')}`,
    audit: () => `${prefix}audit`,
  };
}

/** The default prefix for a node id. */
export function nodePrefix(nodeId: string): string {
  return `kh:${nodeId.replace(/[^A-Za-z0-9_.-]/g, '_') || '_'}:`;
}
