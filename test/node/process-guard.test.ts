import { describeFailure, installProcessGuards } from '../../connector/node/process-guard';
import { KhError } from '../../connector/errors';

describe('process guard of `kakehashi node start`', () => {
  it('logs an unhandled rejection by code and class only, and can be removed', () => {
    const lines: unknown[] = [];
    const logger = { error: (obj: unknown) => void lines.push(obj) };
    const before = process.listenerCount('unhandledRejection');
    const remove = installProcessGuards(logger as never);
    expect(process.listenerCount('unhandledRejection')).toBe(before + 1);
    const listener = process.listeners('unhandledRejection').at(-1) as (r: unknown, p: unknown) => void;
    listener(new KhError('KH_PEER_UNAVAILABLE', 'peer at supplier ACME-SECRET down'), Promise.resolve());
    listener(new TypeError('volume 1234 kg'), Promise.resolve());
    listener('a bare string with BPNL000000000001', Promise.resolve());
    expect(lines).toEqual([
      { code: 'KH_PEER_UNAVAILABLE', errorClass: 'KhError' },
      { code: 'KH_INTERNAL', errorClass: 'TypeError' },
      { code: 'KH_INTERNAL', errorClass: 'string' },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/ACME|1234|BPNL/);
    remove();
    expect(process.listenerCount('unhandledRejection')).toBe(before);
  });

  it('describes null and undefined without throwing', () => {
    expect(describeFailure(null)).toEqual({ code: 'KH_INTERNAL', errorClass: 'null' });
    expect(describeFailure(undefined)).toEqual({ code: 'KH_INTERNAL', errorClass: 'undefined' });
  });
});
