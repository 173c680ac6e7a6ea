/** Strict base64url (RFC 4648 §5, no padding) helpers. */
const B64URL = /^[A-Za-z0-9_-]*$/;

export function isBase64url(text: string): boolean {
  return B64URL.test(text) && text.length % 4 !== 1;
}

export function base64urlEncode(data: Buffer | string): string {
  return (typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64url');
}

/** Decode strictly; `undefined` when the text is not base64url. */
export function base64urlDecode(text: string): Buffer | undefined {
  return isBase64url(text) ? Buffer.from(text, 'base64url') : undefined;
}
