import { createOutcomeLog } from '../../connector/node/outcome-log';
import type { OutboundOutcome } from '../../connector/node/pipeline/types';

const queued = (i: number): OutboundOutcome => ({
  peerId: 'p',
  recordId: `r${i}`,
  version: '1',
  outcome: 'queued',
  withheld: [{ name: 'kh:supplier', reason: 'supplier-identity', count: 2 }],
  certifications: { passed: 1 },
});

describe('outbound outcome log', () => {
  it('keeps only the last N outcomes, oldest first, and totals over all of them', () => {
    const log = createOutcomeLog(3);
    for (let i = 0; i < 10; i++) log.record([queued(i)]);
    log.record([
      { peerId: 'p', recordId: 'bad', version: '1', outcome: 'refused', code: 'KH_POLICY_LEAK_GUARD' },
    ]);
    log.record([{ peerId: '*', recordId: 'n', version: '1', outcome: 'no-transfer' }]);
    expect(log.recent().map((o) => o.recordId)).toEqual(['r9', 'bad', 'n']);
    const t = log.totals();
    expect(t.total).toBe(12);
    expect(t.byOutcome).toEqual({ queued: 10, duplicate: 0, 'no-transfer': 1, refused: 1 });
    expect(t.refusedByCode).toEqual({ KH_POLICY_LEAK_GUARD: 1 });
    expect(t.withheld).toEqual({ 'supplier-identity': 20 });
    expect(t.certifications).toEqual({ passed: 10 });
  });

  it('stays bounded over many records', () => {
    const log = createOutcomeLog(100);
    for (let i = 0; i < 50000; i++) log.record([queued(i)]);
    expect(log.recent()).toHaveLength(100);
    expect(log.recent()[99].recordId).toBe('r49999');
    expect(log.totals().byOutcome.queued).toBe(50000);
  });

  it('hands out copies: a caller cannot change the totals', () => {
    const log = createOutcomeLog(2);
    log.record([queued(1)]);
    log.totals().withheld['supplier-identity'] = 999;
    expect(log.totals().withheld['supplier-identity']).toBe(2);
  });
});
