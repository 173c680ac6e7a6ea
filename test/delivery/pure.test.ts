import {
  deliveryJobId,
  deliveryQueueName,
  failureReason,
  isPermanentFailure,
  parseDeliveryJobId,
  permanentFailure,
  transientFailure,
} from '../../connector/delivery';
import { KhError } from '../../connector/errors';

describe('delivery job ids', () => {
  it('are reversible, colon-free and never integers', () => {
    const key = { recordId: 'urn:uuid:1234', version: '7', agreementId: 'urn:agr|x:1' };
    const id = deliveryJobId(key);
    expect(id).not.toContain(':');
    expect(`${parseInt(id, 10)}`).not.toBe(id);
    expect(parseDeliveryJobId(id)).toEqual(key);
    expect(deliveryJobId({ recordId: '1', version: '2', agreementId: '3' })).toBe('1|2|3');
  });
  it('are injective across part boundaries', () => {
    const a = deliveryJobId({ recordId: 'a|b', version: 'c', agreementId: 'd' });
    const b = deliveryJobId({ recordId: 'a', version: 'b|c', agreementId: 'd' });
    expect(a).not.toBe(b);
  });
  it('refuse empty parts', () => {
    expect(() => deliveryJobId({ recordId: '', version: '1', agreementId: 'a' })).toThrow(
      expect.objectContaining({ code: 'KH_DELIVERY_INVALID_JOB' }),
    );
    expect(() => parseDeliveryJobId('a|b')).toThrow(
      expect.objectContaining({ code: 'KH_DELIVERY_INVALID_JOB' }),
    );
  });
  it('queue names carry no colon', () => {
    expect(deliveryQueueName('cx:node')).toBe('deliver-cx_3Anode');
  });
});

describe('failure classification', () => {
  it.each([
    [{ response: { status: 400 } }, true],
    [{ response: { status: 403 } }, true],
    [{ response: { status: 404 } }, true],
    [{ response: { status: 408 } }, false],
    [{ response: { status: 429 } }, false],
    [{ response: { status: 500 } }, false],
    [{ response: { status: 503 } }, false],
    [{ status: 422 }, true],
    [Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }), false],
    [new KhError('KH_X_REFUSED', 'refused', { status: 403 }), true],
    [new KhError('KH_X_UNAVAILABLE', 'down', { status: 503 }), false],
    [permanentFailure('KH_X', 'no', 503), true],
    [transientFailure('KH_X', 'later', 400), false],
  ])('%j permanent: %s', (err, permanent) => {
    expect(isPermanentFailure(err)).toBe(permanent);
  });
  it('reasons keep codes, statuses and Node error codes, never foreign messages', () => {
    expect(failureReason(new KhError('KH_SDJWT_X', 'msg'))).toEqual({ code: 'KH_SDJWT_X', message: 'msg' });
    expect(failureReason({ response: { status: 403, data: 'ACME Cells KK' } })).toEqual({
      code: 'KH_DELIVERY_PEER_REFUSED',
      message: 'the peer answered HTTP 403',
    });
    expect(failureReason({ response: { status: 502 } }).code).toBe('KH_DELIVERY_PEER_UNAVAILABLE');
    const r = failureReason(Object.assign(new Error('supplier ACME Cells KK'), { code: 'ECONNRESET' }));
    expect(r).toEqual({ code: 'KH_DELIVERY_SEND_FAILED', message: 'the send failed (Error ECONNRESET)' });
    expect(failureReason('boom').message).not.toContain('boom');
  });
});
