/**
 * One platform's CA, in memory: a root (optionally an issuing intermediate under it), leaf issuance for the
 * four roles, revocation and CRLs. `restorePlatformPki` rebuilds it from saved state (the state directory).
 */
import forge from 'node-forge';
import { pkiError } from './fail';
import { DEFAULT_KEY_BITS, assertKeyBits, generateRsaKey, rsaKeyFromPem, type RsaKeyMaterial } from './keys';
import {
  buildIntermediateCertificate,
  buildLeafCertificate,
  buildRootCertificate,
  certificateToB64,
  certificateToPem,
  keyIdentifierHex,
  nodeNames,
  type CertificateAuthority,
} from './certificate';
import { buildCrl } from './crl';
import { normaliseSerialHex } from './der';
import { assertPlatform, assertRole, assertSafeSubjectId, platformIri, subjectIriFor } from './identifiers';
import { certificateFingerprint256 } from './pem';
import type {
  CreatePlatformPkiOptions,
  IssueOptions,
  IssuedEntry,
  IssuedIdentity,
  PlatformId,
  PlatformPki,
  Role,
} from './types';

const DAY_MS = 86_400_000;
const SKEW_MS = 60_000;
const CRL_LIFETIME_DAYS = 7;

export interface PlatformPkiState {
  platform: PlatformId;
  keyBits: number;
  root: { certificatePem: string; privateKeyPem: string };
  intermediate?: { certificatePem: string; privateKeyPem: string };
  entries: IssuedEntry[];
  crlNumber: number;
}

/** A PlatformPki that can hand back its state (to persist it). */
export interface LocalPlatformPki extends PlatformPki {
  keyBits: number;
  state(): PlatformPkiState;
}

interface LoadedCa extends CertificateAuthority {
  key: RsaKeyMaterial;
  serialHex: string;
  pem: string;
}

function loadCa(material: { certificatePem: string; privateKeyPem: string }): LoadedCa {
  let cert: forge.pki.Certificate;
  try {
    cert = forge.pki.certificateFromPem(material.certificatePem);
  } catch (cause) {
    throw pkiError('KH_PKI_MALFORMED', 'CA certificate could not be read', { cause });
  }
  const key = rsaKeyFromPem(material.privateKeyPem);
  return {
    cert,
    key,
    forgePrivateKey: key.forgePrivateKey,
    skiHex: keyIdentifierHex(cert.publicKey as forge.pki.rsa.PublicKey),
    serialHex: normaliseSerialHex(cert.serialNumber),
    pem: material.certificatePem,
  };
}

function caEntry(platform: PlatformId, ca: LoadedCa, issuedBy?: string): IssuedEntry {
  return {
    serialHex: ca.serialHex,
    subjectId: ca.cert.subject.getField('CN')?.value ?? 'CA',
    subjectIri: platformIri(platform),
    role: 'ca',
    platform,
    notBefore: ca.cert.validity.notBefore.toISOString(),
    notAfter: ca.cert.validity.notAfter.toISOString(),
    fingerprint256: certificateFingerprint256(ca.pem),
    ...(issuedBy ? { issuedBy } : {}),
  };
}

/** Rebuild a PKI from saved state (keys and certificates are re-read, nothing is generated). */
export function restorePlatformPki(state: PlatformPkiState, opts: { now?: Date } = {}): LocalPlatformPki {
  const platform = assertPlatform(state.platform);
  const keyBits = assertKeyBits(state.keyBits);
  const root = loadCa(state.root);
  const intermediate = state.intermediate ? loadCa(state.intermediate) : undefined;
  const issuing = intermediate ?? root;
  const entries: IssuedEntry[] = state.entries.map((e) => ({ ...e }));
  let crlNumber = state.crlNumber;
  const clock = (): Date => (opts.now ? new Date(opts.now.getTime()) : new Date());

  const crlFor = (ca: LoadedCa): string => {
    const now = clock();
    crlNumber += 1;
    return buildCrl({
      issuer: ca.cert,
      issuerSkiHex: ca.skiHex,
      privateKey: ca.key.privateKey,
      entries: entries
        .filter((e) => e.revokedAt !== undefined && e.issuedBy === ca.serialHex)
        .map((e) => ({ serialHex: e.serialHex, revokedAt: new Date(e.revokedAt as string) })),
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + CRL_LIFETIME_DAYS * DAY_MS),
      crlNumber,
    });
  };

  const issue = (roleIn: Role, subjectIn: string, o: IssueOptions = {}): IssuedIdentity => {
    const role = assertRole(roleIn);
    const subjectId = assertSafeSubjectId(subjectIn);
    const days = o.days ?? 365;
    if (!Number.isFinite(days) || days <= 0 || days > 3650) {
      throw pkiError('KH_PKI_BAD_OPTION', 'days must be between 1 and 3650', { where: 'days' });
    }
    const notBefore = o.notBefore ?? new Date(clock().getTime() - SKEW_MS);
    const notAfter = o.notAfter ?? new Date(notBefore.getTime() + days * DAY_MS);
    if (role === 'node') nodeNames(o.dnsNames, o.ipAddresses); // fail before spending a key generation
    const key = generateRsaKey(o.keyBits ?? keyBits);
    const { cert, serialHex } = buildLeafCertificate({
      platform,
      role,
      subjectId,
      ...(o.name !== undefined ? { name: o.name } : {}),
      ...(o.dnsNames ? { dnsNames: o.dnsNames } : {}),
      ...(o.ipAddresses ? { ipAddresses: o.ipAddresses } : {}),
      ca: issuing,
      publicKey: key.forgePublicKey,
      notBefore,
      notAfter,
    });
    const certificatePem = certificateToPem(cert);
    const chain = intermediate ? [certificatePem, intermediate.pem] : [certificatePem];
    const x5c = intermediate
      ? [certificateToB64(cert), certificateToB64(intermediate.cert)]
      : [certificateToB64(cert)];
    const subjectIri = subjectIriFor(role, platform, subjectId);
    entries.push({
      serialHex,
      subjectId,
      subjectIri,
      role,
      platform,
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
      fingerprint256: certificateFingerprint256(x5c[0]),
      issuedBy: issuing.serialHex,
    });
    return {
      subjectId,
      subjectIri,
      role,
      platform,
      serialHex,
      privateKey: key.privateKey,
      privateKeyPem: key.privateKeyPem,
      certificatePem,
      chainPem: chain,
      x5c,
    };
  };

  const revoke = (serialIn: string, at?: Date): void => {
    const serialHex = normaliseSerialHex(String(serialIn));
    const entry = entries.find((e) => e.serialHex === serialHex && e.serialHex !== root.serialHex);
    if (!entry)
      throw pkiError('KH_PKI_NOT_FOUND', 'no certificate with that serial was issued here', {
        where: 'serial',
      });
    if (entry.revokedAt === undefined) entry.revokedAt = (at ?? clock()).toISOString();
  };

  return {
    platform,
    keyBits,
    rootCertificatePem: root.pem,
    intermediatePems: intermediate ? [intermediate.pem] : [],
    issue,
    revoke,
    crlPem: () => crlFor(issuing),
    crlPems: () => (intermediate ? [crlFor(root), crlFor(intermediate)] : [crlFor(root)]),
    issued: () => entries.map((e) => ({ ...e })),
    state: () => ({
      platform,
      keyBits,
      root: { certificatePem: root.pem, privateKeyPem: root.key.privateKeyPem },
      ...(intermediate
        ? {
            intermediate: { certificatePem: intermediate.pem, privateKeyPem: intermediate.key.privateKeyPem },
          }
        : {}),
      entries: entries.map((e) => ({ ...e })),
      crlNumber,
    }),
  };
}

/** A new in-memory PKI for one platform (tests, the demo): root CA, optional intermediate. */
export function createPlatformPki(opts: CreatePlatformPkiOptions): LocalPlatformPki {
  const platform = assertPlatform(opts.platform);
  const keyBits = assertKeyBits(opts.keyBits ?? DEFAULT_KEY_BITS);
  const now = opts.now ?? new Date();
  const years = opts.rootYears ?? 10;
  const notBefore = new Date(now.getTime() - SKEW_MS);
  const notAfter = new Date(notBefore.getTime() + years * 365 * DAY_MS);
  const rootKey = generateRsaKey(keyBits);
  const root = buildRootCertificate({
    platform,
    publicKey: rootKey.forgePublicKey,
    privateKey: rootKey.forgePrivateKey,
    notBefore,
    notAfter,
  });
  const rootPem = certificateToPem(root.cert);
  const rootCa: LoadedCa = {
    cert: root.cert,
    key: rootKey,
    forgePrivateKey: rootKey.forgePrivateKey,
    skiHex: root.skiHex,
    serialHex: root.serialHex,
    pem: rootPem,
  };
  const entries: IssuedEntry[] = [caEntry(platform, rootCa)];
  let intermediate: PlatformPkiState['intermediate'];
  if (opts.intermediate) {
    const key = generateRsaKey(keyBits);
    const inter = buildIntermediateCertificate({
      platform,
      ca: rootCa,
      publicKey: key.forgePublicKey,
      notBefore,
      notAfter: new Date(notBefore.getTime() + Math.max(1, years - 1) * 365 * DAY_MS),
    });
    const pem = certificateToPem(inter.cert);
    intermediate = { certificatePem: pem, privateKeyPem: key.privateKeyPem };
    entries.push(
      caEntry(
        platform,
        {
          cert: inter.cert,
          key,
          forgePrivateKey: key.forgePrivateKey,
          skiHex: inter.skiHex,
          serialHex: inter.serialHex,
          pem,
        },
        root.serialHex,
      ),
    );
  }
  return restorePlatformPki(
    {
      platform,
      keyBits,
      root: { certificatePem: rootPem, privateKeyPem: rootKey.privateKeyPem },
      ...(intermediate ? { intermediate } : {}),
      entries,
      crlNumber: 0,
    },
    opts.now ? { now: opts.now } : {},
  );
}
