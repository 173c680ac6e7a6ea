/**
 * The bench's records: `generateRecords(platform, n, seed)` native records (realistic size and shape),
 * mapped once to canonical records, and a signing identity (from a throw-away platform PKI generated at
 * run time) for each company that publishes them.
 */
import { createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import {
  createPlatformPki,
  createTrustStore,
  parseKakehashiIri,
  pemToX5c,
  type TrustStore,
} from '../../certs/pki';
import type { CanonicalRecord } from '../../adapters/canonical/types';
import type { PlatformAdapter, PlatformName } from '../../adapters/types';
import { catenaXAdapter } from '../../adapters/catena-x';
import { ouranosAdapter } from '../../adapters/ouranos';
import { generateRecords } from '../../seeds/generator';
import { KhError } from '../errors';

export interface CompanySigner {
  privateKey: KeyObject;
  x5c: string[];
}

export interface Workload {
  source: PlatformName;
  natives: unknown[];
  canonicals: CanonicalRecord[];
  /** Signing identity per issuer IRI. */
  signers: Map<string, CompanySigner>;
  /** Trusts the source platform's root for companies. */
  trust: TrustStore;
  /** The holder (sending node) key that issued credentials are bound to (`cnf.jwk`). */
  holder: { privateKey: KeyObject; publicJwk: JsonWebKey };
}

/** The adapter of a platform (direct imports: the bench needs both whatever the registry holds). */
export function benchAdapter(platform: PlatformName): PlatformAdapter {
  return platform === 'ouranos' ? (ouranosAdapter as PlatformAdapter) : (catenaXAdapter as PlatformAdapter);
}

export const issuerOf = (record: CanonicalRecord): string => {
  const issuer: unknown = (record as { issuer?: unknown }).issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer !== null && typeof issuer === 'object' && typeof (issuer as { id?: unknown }).id === 'string') {
    return (issuer as { id: string }).id;
  }
  throw new KhError('KH_BENCH_WORKLOAD_INVALID', 'a seed record has no issuer', {
    status: 500,
    where: '/issuer',
  });
};

/** `n` seed records of `source`, mapped to canonical, with signers for their publishers. */
export function buildWorkload(source: PlatformName, n: number, seed = 20261124): Workload {
  const natives: unknown[] = generateRecords(source, n, seed);
  const adapter = benchAdapter(source);
  const canonicals = natives.map((r) => adapter.toCanonical(r));
  const pki = createPlatformPki({ platform: source });
  const signers = new Map<string, CompanySigner>();
  for (const record of canonicals) {
    const iri = issuerOf(record);
    if (signers.has(iri)) continue;
    const parsed = parseKakehashiIri(iri);
    if (parsed === undefined || parsed.kind !== 'participant' || parsed.subjectId === undefined) {
      throw new KhError('KH_BENCH_WORKLOAD_INVALID', 'a seed record issuer is not a participant IRI', {
        status: 500,
        where: '/issuer',
      });
    }
    const id = pki.issue('company', parsed.subjectId);
    signers.set(iri, { privateKey: id.privateKey, x5c: id.chainPem.flatMap((pem) => pemToX5c(pem)) });
  }
  const holderKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    source,
    natives,
    canonicals,
    signers,
    trust: createTrustStore({ roots: [{ pem: pki.rootCertificatePem, roles: ['company'] }] }),
    holder: {
      privateKey: holderKeys.privateKey,
      publicJwk: createPublicKey(holderKeys.privateKey).export({ format: 'jwk' }),
    },
  };
}

export function signerFor(workload: Workload, record: CanonicalRecord): CompanySigner {
  const signer = workload.signers.get(issuerOf(record));
  if (signer === undefined) {
    throw new KhError('KH_BENCH_WORKLOAD_INVALID', 'no signer for a seed record issuer', {
      status: 500,
      where: '/issuer',
    });
  }
  return signer;
}
