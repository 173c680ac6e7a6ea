import {
  assertNotOnwardTransfer,
  mayLeaveNode,
  PeerRegistry,
  RegisteredPeer,
  resolveCallback,
} from '../../connector/dsp';
import { KhError } from '../../connector/errors';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof KhError ? `${e.code}/${e.status}` : 'not a KhError';
  }
  return undefined;
}

describe('no onward transfer', () => {
  it('own records may leave', () => {
    expect(mayLeaveNode({ origin: 'own' })).toBe(true);
    expect(() => assertNotOnwardTransfer({ origin: 'own' }, 'cx')).not.toThrow();
  });
  it('a received record never goes to a third node', () => {
    expect(mayLeaveNode({ origin: 'peer', peerId: 'cx' })).toBe(false);
    expect(codeOf(() => assertNotOnwardTransfer({ origin: 'peer', peerId: 'cx' }, 'third'))).toBe(
      'KH_DSP_ONWARD_TRANSFER_FORBIDDEN/403',
    );
  });
  it('nor back to the peer it came from', () => {
    expect(codeOf(() => assertNotOnwardTransfer({ origin: 'peer', peerId: 'cx' }, 'cx'))).toBe(
      'KH_DSP_ONWARD_TRANSFER_FORBIDDEN/403',
    );
  });
});

describe('callback addresses', () => {
  const registry: PeerRegistry = new Map<string, RegisteredPeer>([
    ['cx', { id: 'cx', baseUrl: 'https://cx-node.example:8443/dsp' }],
    ['root', { id: 'root', baseUrl: 'https://root.example/' }],
  ]);
  it.each([
    ['https://cx-node.example:8443/dsp', 'https://cx-node.example:8443/dsp'],
    ['https://cx-node.example:8443/dsp/', 'https://cx-node.example:8443/dsp/'],
    [
      'https://cx-node.example:8443/dsp/callback/negotiations',
      'https://cx-node.example:8443/dsp/callback/negotiations',
    ],
    ['https://CX-NODE.example:8443/dsp/cb', 'https://cx-node.example:8443/dsp/cb'],
  ])('accepts %s', (cb, want) => {
    expect(resolveCallback(registry, 'cx', cb)).toBe(want);
  });
  it('an absent callback resolves to the base URL', () => {
    expect(resolveCallback(registry, 'cx')).toBe('https://cx-node.example:8443/dsp');
  });
  it('any path under a root base URL is fine', () => {
    expect(resolveCallback(registry, 'root', 'https://root.example/a/b')).toBe('https://root.example/a/b');
  });
  it.each([
    'https://evil.example/dsp',
    'https://cx-node.example/dsp',
    'http://cx-node.example:8443/dsp',
    'https://cx-node.example:8443/dsp-evil',
    'https://cx-node.example:8443/other',
    'https://cx-node.example:8443/dsp/../admin',
    'https://cx-node.example:8443/dsp/%2e%2e/admin',
    'https://user:pw@cx-node.example:8443/dsp',
    'https://cx-node.example:8443.evil.example/dsp',
    'https://cx-node.example:8443/dsp?redirect=https://evil.example',
    'https://cx-node.example:8443/dsp#x',
    '/dsp/relative',
    'not a url',
  ])('refuses %s', (cb) => {
    expect(codeOf(() => resolveCallback(registry, 'cx', cb))).toBe('KH_DSP_CALLBACK_NOT_ALLOWED/400');
  });
  it('refuses an unknown peer', () => {
    expect(codeOf(() => resolveCallback(registry, 'nobody', 'https://cx-node.example:8443/dsp'))).toBe(
      'KH_DSP_UNKNOWN_PEER/404',
    );
  });
});
