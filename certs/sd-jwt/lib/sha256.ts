import * as crypto from 'node:crypto';

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'base64url') => string;

/** Node ≥ 20.12 has the one-shot `crypto.hash` (no Hash object per call); older versions fall back. */
const oneShot: OneShotHash | undefined = (crypto as unknown as { hash?: OneShotHash }).hash;

/** base64url(SHA-256(UTF-8 bytes of `text`)): the SD-JWT digest and `sd_hash` function. */
export const sha256b64url: (text: string) => string =
  oneShot === undefined
    ? (text) => crypto.createHash('sha256').update(text, 'utf8').digest('base64url')
    : (text) => oneShot('sha256', text, 'base64url');
