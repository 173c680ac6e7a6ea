/**
 * A minimal X.509 v2 CRL (RFC 5280 §5): built with forge's ASN.1 utilities, signed sha256WithRSAEncryption
 * with the CA key through node:crypto, parsed and verified offline. node-forge itself has no CRL support.
 *
 *   CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING }
 *   TBSCertList ::= SEQUENCE { version v2(1), signature, issuer Name, thisUpdate, nextUpdate,
 *                              revokedCertificates SEQUENCE OF SEQUENCE { serial, revocationDate } OPTIONAL,
 *                              crlExtensions [0] { authorityKeyIdentifier, cRLNumber } }
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { OID } from './oids';
import { pkiError } from './fail';
import { fromDer, nameHex, normaliseSerialHex, readTime } from './der';

const asn1 = forge.asn1;
type Asn1 = forge.asn1.Asn1;

export interface CrlEntry {
  serialHex: string;
  revokedAt: Date;
}

export interface ParsedCrl {
  pem: string;
  /** Hex of the issuer Name DER (compare with a certificate's `issuerHex`). */
  issuerHex: string;
  akiHex?: string;
  crlNumber?: number;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** serial (normalised hex) → revocation date. */
  revoked: Map<string, Date>;
  tbsDer: Buffer;
  signature: Buffer;
  signatureOid: string;
}

function time(date: Date): Asn1 {
  return date.getUTCFullYear() < 2050
    ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}

function integerFromHex(hex: string): Asn1 {
  let h = normaliseSerialHex(hex);
  if (parseInt(h.slice(0, 2), 16) >= 0x80) h = `00${h}`;
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, forge.util.hexToBytes(h));
}

function oid(value: string): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
}

function extension(id: string, value: Asn1): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    oid(id),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, asn1.toDer(value).getBytes()),
  ]);
}

function sha256WithRsa(): Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    oid(OID.sha256WithRSAEncryption),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
  ]);
}

/** Build and sign a CRL for the CA whose certificate is `issuer` (forge) and key is `privateKey`. */
export function buildCrl(input: {
  issuer: forge.pki.Certificate;
  issuerSkiHex: string;
  privateKey: KeyObject;
  entries: ReadonlyArray<CrlEntry>;
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: number;
}): string {
  const tbsParts: Asn1[] = [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(1).getBytes()),
    sha256WithRsa(),
    forge.pki.distinguishedNameToAsn1(input.issuer.subject),
    time(input.thisUpdate),
    time(input.nextUpdate),
  ];
  if (input.entries.length > 0) {
    tbsParts.push(
      asn1.create(
        asn1.Class.UNIVERSAL,
        asn1.Type.SEQUENCE,
        true,
        input.entries.map((e) =>
          asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
            integerFromHex(e.serialHex),
            time(e.revokedAt),
          ]),
        ),
      ),
    );
  }
  const aki = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, forge.util.hexToBytes(input.issuerSkiHex)),
  ]);
  const crlNumber = asn1.create(
    asn1.Class.UNIVERSAL,
    asn1.Type.INTEGER,
    false,
    asn1.integerToDer(input.crlNumber).getBytes(),
  );
  tbsParts.push(
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        extension(OID.authorityKeyIdentifier, aki),
        extension(OID.cRLNumber, crlNumber),
      ]),
    ]),
  );
  const tbs = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, tbsParts);
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, input.privateKey);
  const crl = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    sha256WithRsa(),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, `\u0000${signature.toString('binary')}`),
  ]);
  return forge.pem.encode({ type: 'X509 CRL', body: asn1.toDer(crl).getBytes() }).replace(/\r\n/g, '\n');
}

function children(node: Asn1): Asn1[] {
  return Array.isArray(node.value) ? (node.value as Asn1[]) : [];
}

function bytesOf(node: Asn1): string {
  return typeof node.value === 'string' ? node.value : '';
}

function oidOf(node: Asn1): string {
  return asn1.derToOid(bytesOf(node));
}

/** Length of the DER TLV starting at `offset` (header + content). */
function tlvLength(buf: Buffer, offset: number): number {
  let len = buf[offset + 1];
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('bad DER length');
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + buf[offset + 2 + k];
    header += n;
  }
  return header + len;
}

/** Parse a PEM CRL. Throws KH_PKI_MALFORMED. */
export function parseCrl(pem: string, where = 'crl'): ParsedCrl {
  try {
    const block = forge.pem.decode(pem).find((b) => b.type === 'X509 CRL');
    if (!block) throw new Error('no X509 CRL block');
    const der = Buffer.from(block.body, 'binary');
    const outerContent = der[1] & 0x80 ? 2 + (der[1] & 0x7f) : 2;
    const tbsDer = der.subarray(outerContent, outerContent + tlvLength(der, outerContent));
    const root = fromDer(block.body);
    const [tbs, sigAlg, sigValue] = children(root);
    const t = children(tbs);
    let i = 0;
    if (t[0].type === asn1.Type.INTEGER) i = 1;
    const issuerHex = nameHex(t[i + 1]);
    const thisUpdate = readTime(t[i + 2]);
    let j = i + 3;
    let nextUpdate: Date | undefined;
    if (t[j] && (t[j].type === asn1.Type.UTCTIME || t[j].type === asn1.Type.GENERALIZEDTIME)) {
      nextUpdate = readTime(t[j]);
      j++;
    }
    const revoked = new Map<string, Date>();
    let akiHex: string | undefined;
    let crlNumber: number | undefined;
    for (; j < t.length; j++) {
      const node = t[j];
      if (node.tagClass === asn1.Class.UNIVERSAL && node.type === asn1.Type.SEQUENCE) {
        for (const entry of children(node)) {
          const [serial, date] = children(entry);
          revoked.set(
            normaliseSerialHex(Buffer.from(bytesOf(serial), 'binary').toString('hex')),
            readTime(date),
          );
        }
      } else if (node.tagClass === asn1.Class.CONTEXT_SPECIFIC && node.type === 0) {
        for (const ext of children(children(node)[0])) {
          const parts = children(ext);
          const id = oidOf(parts[0]);
          const value = fromDer(bytesOf(parts[parts.length - 1]));
          if (id === OID.authorityKeyIdentifier) {
            const kid = children(value).find(
              (n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0,
            );
            if (kid) akiHex = Buffer.from(bytesOf(kid), 'binary').toString('hex');
          } else if (id === OID.cRLNumber) {
            crlNumber = asn1.derToInteger(bytesOf(value));
          }
        }
      }
    }
    const sigBits = bytesOf(sigValue);
    return {
      pem,
      issuerHex,
      akiHex,
      crlNumber,
      thisUpdate,
      nextUpdate,
      revoked,
      tbsDer: Buffer.from(tbsDer),
      signature: Buffer.from(sigBits.slice(1), 'binary'),
      signatureOid: oidOf(children(sigAlg)[0]),
    };
  } catch (cause) {
    throw pkiError('KH_PKI_MALFORMED', 'CRL could not be decoded', { where, cause });
  }
}

/** True when the CRL's signature verifies with the CA's public key (sha256WithRSAEncryption only). */
export function verifyCrlSignature(crl: ParsedCrl, issuerPublicKey: KeyObject): boolean {
  if (crl.signatureOid !== OID.sha256WithRSAEncryption) return false;
  try {
    return verify('sha256', crl.tbsDer, issuerPublicKey, crl.signature);
  } catch {
    return false;
  }
}
