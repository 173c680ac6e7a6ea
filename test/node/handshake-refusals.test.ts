/**
 * The recorder of refused TLS handshakes: every refusal counted, audited up to the rate limit, the rest
 * summed in one warning, reasons reduced to Node's error codes (never OpenSSL's message).
 */
import {
  createHandshakeRefusalRecorder,
  handshakeReason,
  type HandshakeRefusalSinks,
} from '../../connector/node/http/handshake-refusals';

function tlsError(code: string | undefined, message = 'boom'): Error {
  const e = new Error(message) as Error & { code?: string };
  if (code !== undefined) e.code = code;
  return e;
}

function sinks() {
  const audited: Parameters<HandshakeRefusalSinks['audit']>[0][] = [];
  const counted: string[] = [];
  const logged: string[] = [];
  const warned: number[] = [];
  const s: HandshakeRefusalSinks = {
    audit: async (e) => void audited.push(e),
    count: (r) => void counted.push(r),
    log: (r) => void logged.push(r.remoteAddress),
    warnSuppressed: (n) => void warned.push(n),
  };
  return { s, audited, counted, logged, warned };
}

describe('handshake refusals', () => {
  test('the reason is the Node error code or "other", never the message', () => {
    expect(handshakeReason(tlsError('ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE'))).toBe(
      'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE',
    );
    expect(handshakeReason(tlsError(undefined, 'secret-ish text'))).toBe('other');
    expect(handshakeReason(tlsError('ECONNRESET'))).toBe('other');
    expect(handshakeReason(tlsError('ERR_SSL_' + 'X'.repeat(200)))).toBe('other');
  });

  test('each refusal is audited with its address until the per-second limit, then summed up', () => {
    let t = 10_000;
    const k = sinks();
    const rec = createHandshakeRefusalRecorder(k.s, { perSecond: 3, now: () => t });
    for (let i = 0; i < 5; i += 1) rec.record(tlsError('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'), `10.0.0.${i}`);
    expect(k.counted).toHaveLength(5);
    expect(k.audited).toEqual(
      [0, 1, 2].map((i) => ({
        actor: `tls:10.0.0.${i}`,
        action: 'handshake',
        outcome: 'refused',
        errorCode: 'KH_TLS_CLIENT_CERT',
      })),
    );
    expect(k.warned).toEqual([]);
    t += 1000;
    rec.record(tlsError(undefined), undefined);
    expect(k.warned).toEqual([2]);
    expect(k.audited).toHaveLength(4);
    expect(k.audited[3].actor).toBe('tls:unknown');
    rec.flush();
    expect(k.warned).toEqual([2]);
  });

  test('refusals held back are reported when the second ends, with no refusal after them', async () => {
    const k = sinks();
    const rec = createHandshakeRefusalRecorder(k.s, { perSecond: 1 });
    rec.record(tlsError('ERR_SSL_X'), '::1');
    rec.record(tlsError('ERR_SSL_X'), '::1');
    rec.record(tlsError('ERR_SSL_X'), '::1');
    expect(k.warned).toEqual([]);
    await new Promise((r) => setTimeout(r, 1100));
    expect(k.warned).toEqual([2]);
    expect(k.counted).toHaveLength(3);
    expect(k.audited).toHaveLength(1);
  });

  test('an audit that fails does not throw into the TLS server', () => {
    const k = sinks();
    const rec = createHandshakeRefusalRecorder({
      ...k.s,
      audit: () => Promise.reject(new Error('redis down')),
    });
    expect(() => rec.record(tlsError('ERR_SSL_X'), '127.0.0.1')).not.toThrow();
  });
});
