import {
  applyNodeHeapProfile,
  decideHeapProfile,
  DEFAULT_HEAP_GROWING_PERCENT,
  HEAP_GROWING_ENV,
} from '../../connector/node/memory/heap';
import { isKhError } from '../../connector/errors';

describe('node heap profile', () => {
  it('sets the default growing percent when nothing else is said', () => {
    const set: string[] = [];
    const d = applyNodeHeapProfile({}, [], (f) => set.push(f));
    expect(d).toEqual({ growingPercent: DEFAULT_HEAP_GROWING_PERCENT, source: 'default' });
    expect(set).toEqual([`--heap-growing-percent=${DEFAULT_HEAP_GROWING_PERCENT}`]);
  });

  it('takes the operator value from the environment, and 0 leaves V8 alone', () => {
    const set: string[] = [];
    expect(applyNodeHeapProfile({ [HEAP_GROWING_ENV]: ' 150 ' }, [], (f) => set.push(f))).toEqual({
      growingPercent: 150,
      source: 'env',
    });
    expect(applyNodeHeapProfile({ [HEAP_GROWING_ENV]: '0' }, [], (f) => set.push(f))).toEqual({
      source: 'disabled',
    });
    expect(set).toEqual(['--heap-growing-percent=150']);
  });

  it.each([
    [['--max-old-space-size=512'], undefined],
    [['--max-heap-size', '400'], undefined],
    [[], '--require x --max-old-space-size=256'],
    [['--heap-growing-percent=30'], undefined],
  ])('stays out of the way of heap flags given to Node (%j, NODE_OPTIONS %s)', (execArgv, nodeOptions) => {
    const set: string[] = [];
    const env = { [HEAP_GROWING_ENV]: '80', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) };
    expect(applyNodeHeapProfile(env, execArgv, (f) => set.push(f))).toEqual({ source: 'node-flags' });
    expect(set).toEqual([]);
  });

  it('does not mistake other flags for heap flags', () => {
    expect(decideHeapProfile({ NODE_OPTIONS: '--max-semi-space-size=16' }, ['--require', 'tsx/cjs'])).toEqual(
      { growingPercent: DEFAULT_HEAP_GROWING_PERCENT, source: 'default' },
    );
  });

  it.each(['abc', '-5', '1.5', '1001', '1e3'])(
    'refuses %s with KH_CONFIG_INVALID naming the variable',
    (v) => {
      const set: string[] = [];
      let caught: unknown;
      try {
        applyNodeHeapProfile({ [HEAP_GROWING_ENV]: v }, [], (f) => set.push(f));
      } catch (err) {
        caught = err;
      }
      expect(isKhError(caught) && caught.code).toBe('KH_CONFIG_INVALID');
      expect(isKhError(caught) && caught.where).toBe(`env:${HEAP_GROWING_ENV}`);
      expect(set).toEqual([]);
    },
  );
});
