/**
 * Read what chain validation needs from a DER certificate. Signature checks and the public key come from
 * node:crypto's X509Certificate (native); extensions are walked with forge's ASN.1 reader and decoded here,
 * because node-forge's own certificate parser cannot decode the Kakehashi UUID-arc OIDs (53-bit limit).
 */
import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { OID, UNDERSTOOD_CRITICAL, derBytesToOid } from './oids';
import { pkiError } from './fail';
import { x5cToPem } from './pem';

const asn1 = forge.asn1;
type Asn1 = forge.asn1.Asn1;

export interface KeyUsageBits {
  digitalSignature: boolean;
  nonRepudiation: boolean;
  keyEncipherment: boolean;
  keyCertSign: boolean;
  cRLSign: boolean;
}

export interface ParsedCertificate {
  der: Buffer;
  pem: string;
  x509: X509Certificate;
  publicKey: KeyObject;
  fingerprint256: string;
  serialHex: string;
  issuerHex: string;
  subjectHex: string;
  notBefore: Date;
  notAfter: Date;
  /** undefined when basicConstraints is absent (then: not a CA). */
  isCa: boolean;
  pathLen?: number;
  /** undefined when the keyUsage extension is absent. */
  keyUsage?: KeyUsageBits;
  extKeyUsage?: string[];
  policies: string[];
  sanUris: string[];
  skiHex?: string;
  akiHex?: string;
  unknownCritical: string[];
  selfIssued: boolean;
  commonName?: string;
}

/** Normalise a serial in hex: lowercase, no separators, no leading zero bytes. */
export function normaliseSerialHex(hex: string): string {
  let h = hex.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  while (h.length > 2 && h.startsWith('00')) h = h.slice(2);
  if (h.length % 2 === 1) h = `0${h}`;
  return h;
}

export function fromDer(bytes: string): Asn1 {
  // node-forge's typings only declare the boolean form; the options object is supported at run time.
  const options = { strict: true, decodeBitStrings: false, parseAllBytes: true } as unknown as boolean;
  return asn1.fromDer(bytes, options);
}

function children(node: Asn1): Asn1[] {
  return Array.isArray(node.value) ? (node.value as Asn1[]) : [];
}

function bytesOf(node: Asn1): string {
  return typeof node.value === 'string' ? node.value : '';
}

export function readTime(node: Asn1): Date {
  if (node.type === asn1.Type.UTCTIME) return asn1.utcTimeToDate(bytesOf(node));
  if (node.type === asn1.Type.GENERALIZEDTIME) return asn1.generalizedTimeToDate(bytesOf(node));
  throw new Error('not a Time');
}

export function nameHex(node: Asn1): string {
  return Buffer.from(asn1.toDer(node).getBytes(), 'binary').toString('hex');
}

function commonNameOf(name: Asn1): string | undefined {
  for (const rdn of children(name)) {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      if (type && value && derBytesToOid(Buffer.from(bytesOf(type), 'binary')) === '2.5.4.3') {
        return Buffer.from(bytesOf(value), 'binary').toString('utf8');
      }
    }
  }
  return undefined;
}

function parseKeyUsage(bitString: string): KeyUsageBits {
  const b1 = bitString.length > 1 ? bitString.charCodeAt(1) : 0;
  return {
    digitalSignature: (b1 & 0x80) !== 0,
    nonRepudiation: (b1 & 0x40) !== 0,
    keyEncipherment: (b1 & 0x20) !== 0,
    keyCertSign: (b1 & 0x04) !== 0,
    cRLSign: (b1 & 0x02) !== 0,
  };
}

function oidOf(node: Asn1): string {
  return derBytesToOid(Buffer.from(bytesOf(node), 'binary'));
}

/** Parse one certificate given as base64 DER (an `x5c` entry). Throws KH_PKI_MALFORMED. */
export function parseCertificate(b64: string, where = 'x5c'): ParsedCertificate {
  if (
    typeof b64 !== 'string' ||
    b64.length === 0 ||
    b64.length > 64 * 1024 ||
    !/^[A-Za-z0-9+/]+=*$/.test(b64)
  ) {
    throw pkiError('KH_PKI_MALFORMED', 'certificate is not base64 DER', { where });
  }
  const der = Buffer.from(b64, 'base64');
  try {
    const x509 = new X509Certificate(der);
    const root = fromDer(der.toString('binary'));
    const tbs = children(children(root)[0]);
    let i = 0;
    if (tbs[0].tagClass === asn1.Class.CONTEXT_SPECIFIC && tbs[0].type === 0) i = 1;
    const serialHex = normaliseSerialHex(Buffer.from(bytesOf(tbs[i]), 'binary').toString('hex'));
    const issuer = tbs[i + 2];
    const validity = children(tbs[i + 3]);
    const subject = tbs[i + 4];
    const parsed: ParsedCertificate = {
      der,
      pem: x5cToPem(der.toString('base64')),
      x509,
      publicKey: x509.publicKey,
      fingerprint256: createHash('sha256').update(der).digest('hex'),
      serialHex,
      issuerHex: nameHex(issuer),
      subjectHex: nameHex(subject),
      notBefore: readTime(validity[0]),
      notAfter: readTime(validity[1]),
      isCa: false,
      policies: [],
      sanUris: [],
      unknownCritical: [],
      selfIssued: false,
      commonName: commonNameOf(subject),
    };
    parsed.selfIssued = parsed.issuerHex === parsed.subjectHex;
    const extWrapper = tbs.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
    const exts = extWrapper ? children(children(extWrapper)[0]) : [];
    for (const ext of exts) {
      const parts = children(ext);
      const id = oidOf(parts[0]);
      const critical = parts.length === 3 && bytesOf(parts[1]).charCodeAt(0) !== 0;
      const value = fromDer(bytesOf(parts[parts.length - 1]));
      switch (id) {
        case OID.basicConstraints: {
          const bc = children(value);
          parsed.isCa = bc[0]?.type === asn1.Type.BOOLEAN && bytesOf(bc[0]).charCodeAt(0) !== 0;
          const len = bc.find((n) => n.type === asn1.Type.INTEGER);
          if (len) parsed.pathLen = asn1.derToInteger(bytesOf(len));
          break;
        }
        case OID.keyUsage:
          parsed.keyUsage = parseKeyUsage(bytesOf(value));
          break;
        case OID.extKeyUsage:
          parsed.extKeyUsage = children(value).map(oidOf);
          break;
        case OID.certificatePolicies:
          parsed.policies = children(value).map((pi) => oidOf(children(pi)[0]));
          break;
        case OID.subjectAltName:
          parsed.sanUris = children(value)
            .filter((gn) => gn.tagClass === asn1.Class.CONTEXT_SPECIFIC && gn.type === 6)
            .map((gn) => bytesOf(gn));
          break;
        case OID.subjectKeyIdentifier:
          parsed.skiHex = Buffer.from(bytesOf(value), 'binary').toString('hex');
          break;
        case OID.authorityKeyIdentifier: {
          const kid = children(value).find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
          if (kid) parsed.akiHex = Buffer.from(bytesOf(kid), 'binary').toString('hex');
          break;
        }
        default:
          if (critical && !UNDERSTOOD_CRITICAL.has(id)) parsed.unknownCritical.push(id);
      }
    }
    return parsed;
  } catch (cause) {
    if (cause instanceof Error && 'code' in cause && String(cause.code).startsWith('KH_')) throw cause;
    throw pkiError('KH_PKI_MALFORMED', 'certificate DER could not be decoded', { where, cause });
  }
}
