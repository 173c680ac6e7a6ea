/** Name-based UUIDs: the JavaScript SHA-1 of `uuidV5` against node:crypto's. */
import { createHash } from 'node:crypto';
import { KAKEHASHI_OU_NAMESPACE, uuidV5 } from '../../../adapters/ouranos/ids';

/** RFC 9562 version-5 UUID via node:crypto (the implementation `uuidV5` replaced). */
function reference(name: string, namespace = KAKEHASHI_OU_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('uuidV5', () => {
  test('matches node:crypto for names of every length around the block boundaries and beyond', () => {
    const names: string[] = [];
    for (let n = 0; n <= 260; n += 1) names.push('x'.repeat(n));
    for (const n of [1000, 1023, 1024, 1025, 1100, 5000]) names.push('y'.repeat(n));
    for (const name of names) expect(uuidV5(name)).toBe(reference(name));
  });

  test('matches node:crypto on non-ASCII names (2-, 3- and 4-byte UTF-8, lone surrogates)', () => {
    const names = [
      'é',
      'operator:株式会社テスト',
      '𝄞'.repeat(40),
      'a\ud800b',
      '\udfff',
      'é'.repeat(30) + 'x',
      '株'.repeat(400),
      '𝄞'.repeat(300),
    ];
    for (const name of names) expect(uuidV5(name)).toBe(reference(name));
  });

  test('matches node:crypto with another namespace, and is stable between calls', () => {
    const other = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    expect(uuidV5('www.example.com', other)).toBe(reference('www.example.com', other));
    // RFC 9562 appendix A.4: the DNS namespace and www.example.com.
    expect(uuidV5('www.example.com', other)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    const first = uuidV5('trade:a:b');
    uuidV5('something else entirely, long enough to need a second block of the hash input......');
    expect(uuidV5('trade:a:b')).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
