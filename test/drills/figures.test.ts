import { computeFigures, platformRecordKey, type DrillObservation } from '../../connector/drills/figures';
import { renderTable, toJson } from '../../connector/drills/table';

const ids = [
  'urn:uuid:AAAA0000-0000-4000-8000-000000000001',
  'urn:uuid:aaaa0000-0000-4000-8000-000000000002',
  'PASS-3',
];

function observation(over: Partial<DrillObservation> = {}): DrillObservation {
  const published = ids.map((id) => `${id}@1`);
  return {
    published,
    storedVersions: new Map(ids.map((id) => [id, ['1']])),
    verifiedOnPlatform: new Map(ids.map((id) => [platformRecordKey(id), 1])),
    senderAudit: ids.map((id) => ({ action: 'send', outcome: 'ok', recordId: id, version: '1' })),
    receiverAudit: ids.map((id) => ({ action: 'receive', outcome: 'ok', recordId: id, version: '1' })),
    deadLetters: 0,
    ...over,
  };
}

describe('drill figures', () => {
  it('passes a clean run', () => {
    const f = computeFigures('x', observation(), 1.23);
    expect(f).toMatchObject({
      published: 3,
      stored: 3,
      duplicates: 0,
      lost: 0,
      deadLetters: 0,
      unaudited: 0,
      recoverSeconds: 1.2,
      passed: true,
    });
  });

  it('matches the receiving platform by bare lower-case UUID', () => {
    expect(platformRecordKey('urn:uuid:AAAA0000-0000-4000-8000-000000000001')).toBe(
      'aaaa0000-0000-4000-8000-000000000001',
    );
    expect(platformRecordKey('PASS-3')).toBe('pass-3');
  });

  it('counts a record stored twice as a duplicate', () => {
    const obs = observation();
    obs.storedVersions.set(ids[0], ['1', '1']);
    const f = computeFigures('x', obs, 0);
    expect(f.duplicates).toBe(1);
    expect(f.passed).toBe(false);
  });

  it('counts a record the receiver lacks, or holds unverified, as lost', () => {
    const obs = observation();
    obs.storedVersions.delete(ids[1]);
    obs.verifiedOnPlatform.delete(platformRecordKey(ids[2]));
    const f = computeFigures('x', obs, 0);
    expect(f.lost).toBe(2);
    expect(f.stored).toBe(1);
    expect(f.passed).toBe(false);
  });

  it('fails on dead letters and on records the audit streams do not account for', () => {
    expect(computeFigures('x', observation({ deadLetters: 1 }), 0).passed).toBe(false);
    const f = computeFigures('x', observation({ senderAudit: [] }), 0);
    expect(f.unaudited).toBe(3);
    expect(f.passed).toBe(false);
    const g = computeFigures(
      'x',
      observation({
        receiverAudit: [{ action: 'receive', outcome: 'refused', recordId: ids[0], version: '1' }],
      }),
      0,
    );
    expect(g.unaudited).toBe(3);
  });

  it('fails when something was stored that was never published, or a drill check failed', () => {
    const obs = observation();
    obs.storedVersions.set('ghost', ['9']);
    expect(computeFigures('x', obs, 0).failures).toHaveLength(1);
    expect(computeFigures('x', observation(), 0, ['certification kept after revocation']).passed).toBe(false);
  });

  it('counts a record the sender refused (audited) apart, not as lost', () => {
    const obs = observation();
    obs.storedVersions.delete(ids[1]);
    obs.senderAudit = [
      ...obs.senderAudit.filter((e) => e.recordId !== ids[1]),
      {
        action: 'disclose',
        outcome: 'refused',
        recordId: ids[1],
        version: '1',
        errorCode: 'KH_POLICY_LEAK_GUARD',
      },
    ];
    obs.receiverAudit = obs.receiverAudit.filter((e) => e.recordId !== ids[1]);
    const f = computeFigures('x', obs, 0);
    expect(f).toMatchObject({ published: 3, refused: 1, stored: 2, lost: 0, unaudited: 0, passed: true });
    // A refused record that shows up at the receiver anyway is a failure.
    const leaked = observation({ senderAudit: [...obs.senderAudit] });
    expect(computeFigures('x', leaked, 0).passed).toBe(false);
  });

  it('renders a table and the JSON report', () => {
    const f = [
      computeFigures('peer-down', observation(), 2),
      computeFigures('sender-kill', observation({ deadLetters: 1 }), 3),
    ];
    const table = renderTable(f);
    expect(table.split('\n')[0]).toMatch(
      /^drill\s+published\s+refused\s+stored\s+duplicates\s+lost\s+dead letters\s+recover s/,
    );
    expect(table).toMatch(/peer-down .* pass/);
    expect(table).toMatch(/sender-kill .* FAIL/);
    const json = toJson(f);
    expect(Object.keys(json.drills[0])).toEqual(
      expect.arrayContaining([
        'name',
        'published',
        'stored',
        'duplicates',
        'lost',
        'deadLetters',
        'recoverSeconds',
      ]),
    );
    expect(json.drills[1]).toMatchObject({ name: 'sender-kill', deadLetters: 1, passed: false });
  });
});
