import { createHash } from 'node:crypto';

/** base64url(SHA-256(ASCII (= UTF-8) bytes of `text`)): the SD-JWT digest and `sd_hash` function. */
export function sha256b64url(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}
