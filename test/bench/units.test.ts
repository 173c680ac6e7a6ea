/** The bench's pure parts: percentiles, /proc parsing, flatness, audit events, flags, report, the floor's work. */
import { X509Certificate } from 'node:crypto';
import {
  BENCH_ERROR_CODES,
  buildReport,
  buildWorkload,
  floorWork,
  formatTable,
  isFlat,
  measureIssuance,
  parseBenchFlags,
  parseProcStatus,
  parseProcStatCpuSeconds,
  readCpuSeconds,
  percentile,
  summarizeLatencies,
  type ReportParts,
} from '../../connector/bench';
import { relayEventOf, fieldsToObject } from '../../connector/bench/audit-watch';
import { measureStages } from '../../connector/bench/stages';
import { issueAnotherWay, issueAsNode } from '../../connector/bench/product-issue';
import { verifySdJwtVc } from '../../certs/sd-jwt';
import { summarizeProfile } from '../../connector/bench/profile-summary';
import { isKhError } from '../../connector/errors';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return isKhError(err) ? err.code : 'not-a-KhError';
  }
  return undefined;
}

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  it('sorts before summarising', () => {
    expect(summarizeLatencies([30, 10, 20])).toEqual({ p50Ms: 20, p95Ms: 30, p99Ms: 30, maxMs: 30 });
  });
});

describe('resident memory', () => {
  it('reads VmRSS and VmHWM from /proc/<pid>/status text', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t7\n';
    expect(parseProcStatus(status)).toEqual({ rssMb: 100, peakMb: 200 });
    expect(parseProcStatus('Name:\tnode\n')).toBeUndefined();
  });

  it('reads user + system CPU seconds from /proc/<pid>/stat text, whatever the command name holds', () => {
    const fields = (name: string) =>
      `4242 (${name}) S 1 4242 4242 0 -1 4194304 136 0 0 0 250 50 0 0 20 0 1 0 361396 3133440 375`;
    expect(parseProcStatCpuSeconds(fields('node'))).toBe(3);
    expect(parseProcStatCpuSeconds(fields('my (odd) name'))).toBe(3);
    expect(parseProcStatCpuSeconds('garbage')).toBeUndefined();
    expect(readCpuSeconds(process.pid)).toBeGreaterThan(0);
  });

  it('calls a resident set flat unless it grows beyond tolerance and slack', () => {
    expect(isFlat(200, 210)).toBe(true);
    expect(isFlat(200, 235)).toBe(true);
    expect(isFlat(200, 300)).toBe(false);
    expect(isFlat(40, 55)).toBe(true);
  });
});

describe('audit entries as relay events', () => {
  it('counts a receive/ok as stored, never a duplicate', () => {
    const f = fieldsToObject(['action', 'receive', 'outcome', 'ok', 'recordId', 'r1', 'version', '2']);
    expect(relayEventOf('receiver', f)).toEqual({ kind: 'stored', key: 'r1@2' });
    expect(relayEventOf('receiver', { ...f, errorCode: 'duplicate' })).toBeUndefined();
    expect(relayEventOf('sender', f)).toBeUndefined();
  });

  it('counts refusals on either side with their code', () => {
    const base = { recordId: 'r1', version: '1' };
    expect(
      relayEventOf('sender', {
        ...base,
        action: 'disclose',
        outcome: 'refused',
        errorCode: 'KH_POLICY_LEAK_GUARD',
      }),
    ).toEqual({
      kind: 'refused',
      key: 'r1@1',
      code: 'KH_POLICY_LEAK_GUARD',
    });
    expect(
      relayEventOf('sender', { ...base, action: 'send', outcome: 'dead-lettered', errorCode: 'KH_X' })?.kind,
    ).toBe('refused');
    expect(
      relayEventOf('sender', {
        ...base,
        action: 'intake',
        outcome: 'refused',
        errorCode: 'KH_NODE_INTAKE_SIGNER_MISMATCH',
      })?.kind,
    ).toBe('refused');
    expect(relayEventOf('sender', { ...base, action: 'intake', outcome: 'ok' })).toBeUndefined();
    expect(relayEventOf('sender', { ...base, action: 'send', outcome: 'retrying' })).toBeUndefined();
    expect(relayEventOf('receiver', { ...base, action: 'receive', outcome: 'refused' })).toEqual({
      kind: 'refused',
      key: 'r1@1',
      code: 'unknown',
    });
    expect(relayEventOf('receiver', { action: 'receive', outcome: 'ok' })).toBeUndefined();
  });
});

describe('flags', () => {
  it('applies the defaults and caps the samples at the record count', () => {
    const o = parseBenchFlags({ records: '50' });
    expect(o).toMatchObject({ records: 50, sample: 50, referenceSample: 50, source: 'catena-x' });
    expect(o.rate).toBeUndefined();
    expect(parseBenchFlags({}).records).toBe(20000);
    // The reference stack is slow: a sample of 50 by default, whatever the records relayed.
    expect(parseBenchFlags({}).referenceSample).toBe(50);
    expect(parseBenchFlags({ records: '2000', referenceSample: '200' }).referenceSample).toBe(200);
    expect(parseBenchFlags({ rate: '1000', concurrency: '4' })).toMatchObject({ rate: 1000, concurrency: 4 });
  });

  it.each([
    [{ records: '0' }],
    [{ records: '-5' }],
    [{ records: '1.5' }],
    [{ records: 'many' }],
    [{ concurrency: '65' }],
    [{ rate: '0' }],
    [{ from: 'mars' }],
  ])('refuses %j with KH_BENCH_INVALID_OPTION', (flags) => {
    expect(codeOf(() => parseBenchFlags(flags))).toBe('KH_BENCH_INVALID_OPTION');
  });

  it('declares its codes', () => {
    expect(Object.keys(BENCH_ERROR_CODES)).toEqual(
      expect.arrayContaining(['KH_BENCH_INVALID_OPTION', 'KH_BENCH_RELAY_INCOMPLETE']),
    );
  });
});

describe('report', () => {
  const parts: ReportParts = {
    relay: {
      mode: 'two-node-processes-mtls',
      intake: 'signed',
      direction: 'catena-x -> ouranos',
      sent: 10,
      records: 10,
      refused: 0,
      refusals: {},
      complete: true,
      seconds: 2,
      recordsPerSecond: 5,
      publishedPerSecond: 50,
      loop: 'closed, window 32',
      p50Ms: 10,
      p95Ms: 20,
      p99Ms: 30,
      maxMs: 31,
    },
    concurrency: 8,
    issuance: { recordsPerSecondPerCore: 100, records: 10 },
    floor: { recordsPerSecond: 20, records: 10 },
    reference: { recordsPerSecond: 0.25, records: 5 },
    stages: {
      records: 10,
      msPerRecord: { intake: 5 },
      companyMsPerRecord: { issue: 2 },
      whatIfMsPerRecord: { issueWithoutFrame: 2 },
      disclosuresIssued: 3,
      disclosuresPresented: 2,
      disclosuresWithoutFrame: 6,
      presentationBytes: 100,
      presentationBytesWithoutFrame: 200,
      jsonldFallbacks: 0,
      refused: {},
    },
    peakMb: { 'sender-node': 120.04 },
    at25: { 'sender-node': 100 },
    at100: { 'sender-node': 150 },
  };

  it('has the agreed shape and ratios', () => {
    const r = buildReport(parts);
    expect(r.relay).toMatchObject({ records: 10, recordsPerSecond: 5, p50Ms: 10, p95Ms: 20, p99Ms: 30 });
    expect(r.issuance.recordsPerSecondPerCore).toBe(100);
    expect(r.floor.recordsPerSecond).toBe(20);
    expect(r.reference.recordsPerSecond).toBe(0.25);
    expect(r.reference.sample).toMatch(/^5 of the 10 records relayed/);
    expect(r.ratios).toEqual({ relayToFloor: 0.25, relayToReference: 20 });
    expect(r.rssMb).toEqual({ 'sender-node': 120 });
    expect(r.rssFlat['sender-node']).toEqual({ at25Mb: 100, at100Mb: 150, flat: false });
    expect(r.machine.cores).toBeGreaterThan(0);
    expect(r.machine.node).toBe(process.version);
    const table = formatTable(r);
    expect(table).toMatch(/^relay\s+5 records\/s/m);
    expect(table).toMatch(/GROWING/);
    expect(table).toMatch(/^reference\s+0\.25 records\/s\s+on a sample: 5 of the 10/m);
  });
});

describe('the floor work', () => {
  it('verifies the issuer signature of an issued record and refuses a tampered one', () => {
    const w = buildWorkload('catena-x', 2, 7);
    const { issued } = measureIssuance(w, 2);
    expect(issued).toHaveLength(2);
    const issuerX5c = JSON.parse(Buffer.from(issued[0].split('.')[0], 'base64url').toString('utf8')) as {
      x5c: string[];
    };
    const publicKey = new X509Certificate(Buffer.from(issuerX5c.x5c[0], 'base64')).publicKey;
    const json = JSON.stringify(w.canonicals[0]);
    expect(floorWork({ json, sdJwt: issued[0], publicKey })).toBe(true);
    const [jwt, ...rest] = issued[0].split('~');
    const parts = jwt.split('.');
    const tampered = [
      `${parts[0]}.${Buffer.from('{"x":1}').toString('base64url')}.${parts[2]}`,
      ...rest,
    ].join('~');
    expect(floorWork({ json, sdJwt: tampered, publicKey })).toBe(false);
  });
});

describe('stage breakdown', () => {
  it('runs each stage of the product path on the sample, in path order, and counts disclosures', async () => {
    const w = buildWorkload('catena-x', 3, 11);
    const b = await measureStages(w, 3);
    expect(b.refused).toEqual({});
    expect(b.records).toBe(3);
    expect(Object.keys(b.companyMsPerRecord)).toEqual(['validateNative', 'toCanonical', 'issue']);
    expect(Object.keys(b.msPerRecord)).toEqual([
      'intake',
      'disclose',
      'bind',
      'json',
      'verify',
      'jsonldCheck',
      'validateCanonical',
      'fromCanonical',
    ]);
    for (const v of Object.values(b.msPerRecord)) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of Object.values(b.companyMsPerRecord)) expect(v).toBeGreaterThanOrEqual(0);
    expect(Object.keys(b.whatIfMsPerRecord).sort()).toEqual(
      [
        'discloseWithoutFrame',
        'issueWithoutDecoys',
        'issueWithoutFrame',
        'jsonldFullExpansion',
        'verifyWithoutFrame',
      ].sort(),
    );
    // The product frame: fewer disclosures than every leaf; the policy withholds some of them.
    expect(b.disclosuresIssued).toBeGreaterThan(b.disclosuresPresented);
    expect(b.disclosuresWithoutFrame).toBeGreaterThan(b.disclosuresIssued);
    expect(b.presentationBytesWithoutFrame).toBeGreaterThan(b.presentationBytes);
    // The seed records stay within the pinned contexts: the compiled check never falls back.
    expect(b.jsonldFallbacks).toBe(0);
  });
});

describe('profile summary', () => {
  it('adds self time per function and inclusive time up the stack', () => {
    const frame = (functionName: string) => ({ functionName, url: '', lineNumber: 0 });
    const s = summarizeProfile({
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2] },
        { id: 2, callFrame: frame('outer'), children: [3, 4] },
        { id: 3, callFrame: frame('hash') },
        { id: 4, callFrame: frame('sign') },
      ],
      samples: [3, 3, 4, 2],
      timeDeltas: [1000, 1000, 2000, 4000],
    });
    expect(s.totalMs).toBe(8);
    expect(s.self.map((r) => [r.name.trim(), r.ms])).toEqual([
      ['outer', 4],
      ['hash', 2],
      ['sign', 2],
    ]);
    expect(s.inclusive.find((r) => r.name.startsWith('outer'))).toMatchObject({ ms: 8, percent: 100 });
  });
});

describe('issuance as the node does it', () => {
  it('issues with the product frame: fewer disclosures than without it, and the verifier accepts both', () => {
    const w = buildWorkload('catena-x', 1, 5);
    const signer = [...w.signers.values()][0];
    const token = issueAsNode(w.canonicals[0], signer, w.holder.publicJwk);
    const old = issueAnotherWay(w.canonicals[0], signer, w.holder.publicJwk, 'withoutFrame');
    expect(token.split('~').length).toBeLessThan(old.split('~').length);
    expect(measureIssuance(w, 1).issued[0].split('~').length).toBeLessThan(old.split('~').length);
    const subject = JSON.parse(JSON.stringify(w.canonicals[0].credentialSubject)) as unknown;
    for (const t of [token, old]) {
      const v = verifySdJwtVc(t, { trust: w.trust, requireRole: 'company' });
      expect(v.credential.credentialSubject).toEqual(subject);
    }
  });

  it('keeps the terms the shipped policies withhold selectively disclosable', () => {
    const w = buildWorkload('catena-x', 1, 5);
    const signer = [...w.signers.values()][0];
    const token = issueAsNode(w.canonicals[0], signer, w.holder.publicJwk);
    const names = token
      .split('~')
      .slice(1)
      .filter((d) => d.length > 0)
      .map((d) => JSON.parse(Buffer.from(d, 'base64url').toString('utf8')) as unknown[])
      .filter((d) => d.length === 3)
      .map((d) => d[1]);
    // What the shipped policies withhold stays selectively disclosable, one Disclosure per supplier entry.
    expect(names).toEqual(expect.arrayContaining(['identification', 'supplierName', 'procurementVolume']));
    const suppliers = (w.canonicals[0].credentialSubject as { supplyChain?: { suppliers?: unknown[] } })
      .supplyChain?.suppliers;
    expect(names.filter((n) => n === 'supplierName')).toHaveLength(suppliers?.length ?? -1);
  });

  it('issues without decoys when asked: fewer digests, the same disclosures', () => {
    const w = buildWorkload('catena-x', 1, 5);
    const signer = [...w.signers.values()][0];
    const digests = (t: string): number => {
      const payload = Buffer.from(t.split('~')[0].split('.')[1], 'base64url').toString('utf8');
      return (payload.match(/"[A-Za-z0-9_-]{43}"/g) ?? []).length;
    };
    const withDecoys = issueAsNode(w.canonicals[0], signer, w.holder.publicJwk);
    const without = issueAnotherWay(w.canonicals[0], signer, w.holder.publicJwk, 'withoutDecoys');
    expect(without.split('~').length).toBe(withDecoys.split('~').length);
    expect(digests(without)).toBeLessThan(digests(withDecoys));
  });
});
