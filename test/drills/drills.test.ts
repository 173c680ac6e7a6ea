/**
 * Every fault drill at a small size (CI): a fresh federation per drill (private redis-server, both nodes
 * as child processes, the fault proxy), 40 records, one fault. No timing assertions: only what the
 * receiver holds, the dead letters and the audit streams.
 */
import { DRILLS, runDrill } from '../../connector/drills';

jest.setTimeout(600000);

describe('fault drills (small size)', () => {
  it.each(DRILLS.map((d) => [d.name, d] as const))('%s', async (_name, drill) => {
    const f = await runDrill(drill, { records: 40, launcher: 'entry', faultMs: 3000 });
    expect({
      failures: f.failures,
      lost: f.lost,
      duplicates: f.duplicates,
      deadLetters: f.deadLetters,
      unaudited: f.unaudited,
    }).toEqual({
      failures: [],
      lost: 0,
      duplicates: 0,
      deadLetters: 0,
      unaudited: 0,
    });
    expect(f.published).toBe(40);
    expect(f.stored + f.refused).toBe(40);
    expect(f.passed).toBe(true);
  });
});
