/** Strict base64url (RFC 4648 §5, no padding) helpers. */
const B64URL = /^[A-Za-z0-9_-]*$/;

export function isBase64url(text: string): boolean {
  return text.length % 4 !== 1 && B64URL.test(text);
}

export function base64urlEncode(data: Buffer | string): string {
  return (typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64url');
}

/** Decode strictly; `undefined` when the text is not base64url. */
export function base64urlDecode(text: string): Buffer | undefined {
  return isBase64url(text) ? Buffer.from(text, 'base64url') : undefined;
}

/**
 * As `base64urlDecode`, for a segment of a token whose every character `splitSdJwt` has already checked
 * to be base64url, `.` or `~`: only the separators and the length remain to be refused, so the segment is
 * not scanned by a RegExp a second time.
 */
export function base64urlDecodeSegment(text: string): Buffer | undefined {
  return isBase64urlSegment(text) ? Buffer.from(text, 'base64url') : undefined;
}

/** `isBase64url` for a segment of a token `splitSdJwt` has checked (see `base64urlDecodeSegment`). */
export function isBase64urlSegment(text: string): boolean {
  return text.length % 4 !== 1 && text.indexOf('.') === -1 && text.indexOf('~') === -1;
}

/**
 * One reusable scratch buffer for the per-Disclosure conversions below: no Buffer is allocated per call.
 * Synchronous use only (each call writes and reads it before returning).
 */
const SCRATCH = Buffer.allocUnsafe(64 * 1024);

/** base64url of the UTF-8 bytes of `text` (as `Buffer.from(text).toString('base64url')`). */
export function utf8ToBase64url(text: string): string {
  // A UTF-16 code unit takes at most 3 UTF-8 bytes.
  if (text.length * 3 > SCRATCH.length) return Buffer.from(text, 'utf8').toString('base64url');
  const n = SCRATCH.write(text, 0, 'utf8');
  return SCRATCH.toString('base64url', 0, n);
}

/** The UTF-8 text of the bytes `text` encodes (base64url, already checked), without a Buffer per call. */
export function base64urlToUtf8(text: string): string {
  if (text.length > SCRATCH.length) return Buffer.from(text, 'base64url').toString('utf8');
  const n = SCRATCH.write(text, 0, 'base64url');
  return SCRATCH.toString('utf8', 0, n);
}
