/**
 * Certificate issuance with node-forge: root and intermediate CAs and the four leaf profiles.
 * Pure apart from randomness (serials): the caller passes keys and dates.
 */
import { randomBytes, createHash } from 'node:crypto';
import forge from 'node-forge';
import { OID, ROLE_POLICY_OIDS, oidToDerBytes } from './oids';
import { platformIri, subjectIriFor } from './identifiers';
import type { PlatformId, Role } from './types';
import { bufferToBinary } from './pem';
import { pkiError } from './fail';

const asn1 = forge.asn1;

/** RFC 9336 id-kp-documentSigning: the EKU of record / credential / agreement signers. */
export const DOCUMENT_SIGNING_EKU = '1.3.6.1.5.5.7.3.36';

export interface CertificateAuthority {
  cert: forge.pki.Certificate;
  forgePrivateKey: forge.pki.rsa.PrivateKey;
  /** Subject key identifier, lowercase hex. */
  skiHex: string;
}

/** A positive 128-bit serial with a non-zero first byte (so its DER INTEGER is minimal). */
export function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0] & 0x7f || 0x01;
  return bytes.toString('hex');
}

/** SHA-1 of the subjectPublicKey (RFC 5280 §4.2.1.2 method 1), hex. */
export function keyIdentifierHex(publicKey: forge.pki.rsa.PublicKey): string {
  const der = asn1.toDer(forge.pki.publicKeyToRSAPublicKey(publicKey)).getBytes();
  return createHash('sha1').update(Buffer.from(der, 'binary')).digest('hex');
}

function isPrintable(value: string): boolean {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value);
}

function attr(type: string, value: string): forge.pki.CertificateField {
  const valueTagClass = (isPrintable(value) ? asn1.Type.PRINTABLESTRING : asn1.Type.UTF8) as unknown;
  return { type, value, valueTagClass } as forge.pki.CertificateField;
}

function policiesExtension(oids: string[]): forge.pki.CertificateField {
  const seq = asn1.create(
    asn1.Class.UNIVERSAL,
    asn1.Type.SEQUENCE,
    true,
    oids.map((oid) =>
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, bufferToBinary(oidToDerBytes(oid))),
      ]),
    ),
  );
  return {
    id: OID.certificatePolicies,
    critical: false,
    value: seq,
  } as unknown as forge.pki.CertificateField;
}

function akiExtension(skiHex: string): forge.pki.CertificateField {
  return {
    name: 'authorityKeyIdentifier',
    keyIdentifier: forge.util.hexToBytes(skiHex),
  } as unknown as forge.pki.CertificateField;
}

/** forge computes the SKI from the certificate's own key (SHA-1 of RSAPublicKey, like keyIdentifierHex). */
function skiExtension(): forge.pki.CertificateField {
  return { name: 'subjectKeyIdentifier' } as unknown as forge.pki.CertificateField;
}

function platformLabel(platform: PlatformId): string {
  return platform === 'ouranos' ? 'Ouranos' : 'Catena-X';
}

function baseCert(
  publicKey: forge.pki.rsa.PublicKey,
  notBefore: Date,
  notAfter: Date,
): { cert: forge.pki.Certificate; serialHex: string } {
  if (!(notAfter.getTime() > notBefore.getTime())) {
    throw pkiError('KH_PKI_BAD_OPTION', 'notAfter must be after notBefore', { where: 'days' });
  }
  const cert = forge.pki.createCertificate();
  const serialHex = randomSerialHex();
  cert.serialNumber = serialHex;
  cert.publicKey = publicKey;
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  return { cert, serialHex };
}

function caSubject(platform: PlatformId, kind: 'Root' | 'Issuing'): forge.pki.CertificateField[] {
  return [
    attr('2.5.4.6', platform === 'ouranos' ? 'JP' : 'DE'),
    attr('2.5.4.10', `Kakehashi ${platformLabel(platform)} platform`),
    attr('2.5.4.11', platform),
    attr('2.5.4.3', `Kakehashi ${platformLabel(platform)} ${kind} CA`),
  ];
}

function caExtensions(platform: PlatformId, pathLen: number, akiHex: string) {
  return [
    { name: 'basicConstraints', cA: true, pathLenConstraint: pathLen, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    skiExtension(),
    akiExtension(akiHex),
    { name: 'subjectAltName', altNames: [{ type: 6, value: platformIri(platform) }] },
  ];
}

/** A self-signed root CA (pathLen 1: at most one intermediate below it). */
export function buildRootCertificate(input: {
  platform: PlatformId;
  publicKey: forge.pki.rsa.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  notBefore: Date;
  notAfter: Date;
}): { cert: forge.pki.Certificate; serialHex: string; skiHex: string } {
  const { cert, serialHex } = baseCert(input.publicKey, input.notBefore, input.notAfter);
  const skiHex = keyIdentifierHex(input.publicKey);
  const subject = caSubject(input.platform, 'Root');
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions(caExtensions(input.platform, 1, skiHex));
  cert.sign(input.privateKey, forge.md.sha256.create());
  return { cert, serialHex, skiHex };
}

/** An issuing CA under `ca` (pathLen 0: it issues leaves only). */
export function buildIntermediateCertificate(input: {
  platform: PlatformId;
  ca: CertificateAuthority;
  publicKey: forge.pki.rsa.PublicKey;
  notBefore: Date;
  notAfter: Date;
}): { cert: forge.pki.Certificate; serialHex: string; skiHex: string } {
  const { cert, serialHex } = baseCert(input.publicKey, input.notBefore, input.notAfter);
  const skiHex = keyIdentifierHex(input.publicKey);
  cert.setSubject(caSubject(input.platform, 'Issuing'));
  cert.setIssuer(input.ca.cert.subject.attributes);
  cert.setExtensions(caExtensions(input.platform, 0, input.ca.skiHex));
  cert.sign(input.ca.forgePrivateKey, forge.md.sha256.create());
  return { cert, serialHex, skiHex };
}

export interface LeafInput {
  platform: PlatformId;
  role: Role;
  subjectId: string;
  name?: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  ca: CertificateAuthority;
  publicKey: forge.pki.rsa.PublicKey;
  notBefore: Date;
  notAfter: Date;
}

const DNS_NAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** The SAN names of a node certificate: `localhost` and 127.0.0.1 plus the given ones. Throws KH_PKI_BAD_OPTION. */
export function nodeNames(
  dnsNames: string[] = [],
  ipAddresses: string[] = [],
): { dns: string[]; ips: string[] } {
  const dns = [...new Set(['localhost', ...dnsNames])];
  for (const name of dns) {
    if (!DNS_NAME.test(name)) throw pkiError('KH_PKI_BAD_OPTION', 'invalid DNS name', { where: 'dns' });
  }
  const ips = [...new Set(['127.0.0.1', ...ipAddresses])];
  for (const ip of ips) {
    if (!IPV4.test(ip)) throw pkiError('KH_PKI_BAD_OPTION', 'invalid IPv4 address', { where: 'ip' });
  }
  return { dns, ips };
}

/** A leaf for one role: the role's policy OID, key usage and EKU, the subject's SAN URI. */
export function buildLeafCertificate(input: LeafInput): { cert: forge.pki.Certificate; serialHex: string } {
  const { platform, role, subjectId } = input;
  const { cert, serialHex } = baseCert(input.publicKey, input.notBefore, input.notAfter);
  const subjectIri = subjectIriFor(role, platform, subjectId);
  cert.setSubject([
    attr('2.5.4.6', platform === 'ouranos' ? 'JP' : 'DE'),
    attr('2.5.4.10', input.name ?? subjectId),
    attr('2.5.4.11', platform),
    attr('2.5.4.11', role),
    attr(OID.serialNumber, subjectId),
    attr('2.5.4.3', subjectId),
  ]);
  cert.setIssuer(input.ca.cert.subject.attributes);
  const altNames: Array<Record<string, unknown>> = [{ type: 6, value: subjectIri }];
  if (role === 'node') {
    const { dns, ips } = nodeNames(input.dnsNames, input.ipAddresses);
    for (const name of dns) altNames.push({ type: 2, value: name });
    for (const ip of ips) altNames.push({ type: 7, ip });
  }
  const eku: Record<string, unknown> =
    role === 'node'
      ? { name: 'extKeyUsage', serverAuth: true, clientAuth: true }
      : { name: 'extKeyUsage', [DOCUMENT_SIGNING_EKU]: true };
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    role === 'node'
      ? { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    eku,
    policiesExtension([ROLE_POLICY_OIDS[role]]),
    skiExtension(),
    akiExtension(input.ca.skiHex),
    { name: 'subjectAltName', altNames },
  ]);
  cert.sign(input.ca.forgePrivateKey, forge.md.sha256.create());
  return { cert, serialHex };
}

export function certificateToPem(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

export function certificateToB64(cert: forge.pki.Certificate): string {
  return forge.util.encode64(asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes());
}
