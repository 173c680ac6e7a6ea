import nock from 'nock';
import { createCachingStatusListResolver, createHttpStatusListResolver } from '../../certs/certification';

afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.restore();
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('HTTP status list resolver', () => {
  it('fetches the vc+jwt body, and behind the cache re-fetches only after maxAgeSeconds', async () => {
    const scope = nock('https://status.example').get('/ouranos/cert-1').times(2).reply(200, 'aaa.bbb.ccc\n', {
      'Content-Type': 'application/vc+jwt',
    });
    const cache = createCachingStatusListResolver(createHttpStatusListResolver(), { maxAgeSeconds: 10 });
    const t0 = new Date('2026-03-01T00:00:00Z');
    expect(await cache.resolve('https://status.example/ouranos/cert-1', { now: t0 })).toBe('aaa.bbb.ccc');
    expect(
      await cache.resolve('https://status.example/ouranos/cert-1', { now: new Date(t0.getTime() + 5000) }),
    ).toBe('aaa.bbb.ccc');
    expect(scope.isDone()).toBe(false);
    await cache.resolve('https://status.example/ouranos/cert-1', { now: new Date(t0.getTime() + 11_000) });
    expect(scope.isDone()).toBe(true);
  });

  it('turns HTTP errors, non-https URLs and unreachable hosts into KH_CERT_STATUS_UNAVAILABLE', async () => {
    nock('https://status.example').get('/gone').reply(404);
    const r = createHttpStatusListResolver({ timeoutMs: 1000 });
    expect(await codeOf(r.resolve('https://status.example/gone'))).toBe('KH_CERT_STATUS_UNAVAILABLE');
    expect(await codeOf(r.resolve('http://status.example/plain'))).toBe('KH_CERT_STATUS_UNAVAILABLE');
    nock.disableNetConnect();
    expect(await codeOf(r.resolve('https://unreachable.example/x'))).toBe('KH_CERT_STATUS_UNAVAILABLE');
    nock.enableNetConnect();
  });
});
