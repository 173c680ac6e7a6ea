import { createHash } from 'node:crypto';
import { pkiError } from './fail';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g;

/** Every CERTIFICATE block of a PEM text as base64 DER (the `x5c` form), in order. */
export function pemToX5c(pem: string): string[] {
  const out: string[] = [];
  for (const m of pem.matchAll(PEM_BLOCK)) out.push(m[1].replace(/\s+/g, ''));
  if (out.length === 0) throw pkiError('KH_PKI_MALFORMED', 'no CERTIFICATE block in PEM text');
  return out;
}

/** Base64 DER → PEM. */
export function x5cToPem(b64: string): string {
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** SHA-256 of the DER, lowercase hex without separators. */
export function certificateFingerprint256(pemOrB64: string): string {
  const b64 = pemOrB64.includes('-----BEGIN') ? pemToX5c(pemOrB64)[0] : pemOrB64;
  return createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex');
}

export function binaryToBuffer(binary: string): Buffer {
  return Buffer.from(binary, 'binary');
}

export function bufferToBinary(buf: Buffer): string {
  return buf.toString('binary');
}
