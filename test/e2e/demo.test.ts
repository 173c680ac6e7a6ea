import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seeds } from './world';

jest.setTimeout(300000);

describe('kakehashi demo --json --keep --extra', () => {
  it('prints one JSON object with the agreed shape, every record arrives verified, the state is kept laid out', async () => {
    const bin = path.resolve(__dirname, '../../connector/cli/kakehashi.js');
    const keep = path.join(mkdtempSync(path.join(tmpdir(), 'kh-demo-')), 'state');
    const extra = mkdtempSync(path.join(tmpdir(), 'kh-extra-'));
    mkdirSync(path.join(extra, 'catena-x'));
    // one more passport: a seed under a new identifier
    const seed = seeds('catena-x')[0];
    const more = JSON.stringify(seed.record)
      .split(seed.recordId)
      .join('urn:uuid:0d6f9e0a-5b7c-4e21-9f3a-7c1e2d3b4a59');
    writeFileSync(path.join(extra, 'catena-x', 'extra.json'), more);
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [bin, 'demo', '--json', '--keep', keep, '--extra', extra],
        { timeout: 280000, maxBuffer: 10 * 1024 * 1024 },
        (err, out) => {
          const c = err
            ? typeof (err as { code?: unknown }).code === 'number'
              ? (err as { code: number }).code
              : 1
            : 0;
          resolve({ code: c, stdout: out });
        },
      );
    });
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(['deadLetters', 'directions', 'ok']);
    const directions = report.directions as Record<string, unknown>[];
    expect(directions.map((d) => `${String(d.from)}>${String(d.to)}`).sort()).toEqual([
      'catena-x>ouranos',
      'ouranos>catena-x',
    ]);
    for (const d of directions) {
      expect(Object.keys(d).sort()).toEqual([
        'certifications',
        'delivered',
        'from',
        'published',
        'refused',
        'to',
        'verified',
        'withheld',
      ]);
      for (const k of ['published', 'delivered', 'verified', 'refused'])
        expect(Number.isInteger(d[k])).toBe(true);
      for (const m of [d.withheld, d.certifications]) {
        expect(typeof m).toBe('object');
        for (const v of Object.values(m as Record<string, unknown>)) expect(Number.isInteger(v)).toBe(true);
      }
    }
    const cxToOu = directions.find((d) => d.from === 'catena-x') as Record<
      string,
      number | Record<string, number>
    >;
    expect(cxToOu.published).toBe(seeds('catena-x').length + 1);
    expect(cxToOu.verified).toBe(cxToOu.published);
    expect(Object.keys(cxToOu.withheld).sort()).toEqual(['procurement-volume', 'supplier-identity']);
    expect((cxToOu.certifications as Record<string, number>).revoked).toBe(1);
    const ouToCx = directions.find((d) => d.from === 'ouranos') as Record<
      string,
      number | Record<string, number>
    >;
    expect(ouToCx.published).toBe(seeds('ouranos').length);
    expect(ouToCx.verified).toBe(ouToCx.published);
    expect(report.deadLetters).toBe(0);
    expect(report.ok).toBe(true);
    expect(code).toBe(0);

    expect(readdirSync(path.join(keep, 'catena-x', 'published'))).toHaveLength(seeds('catena-x').length + 1);
    expect(readdirSync(path.join(keep, 'ouranos', 'published'))).toHaveLength(seeds('ouranos').length);
    expect(readdirSync(path.join(keep, 'ouranos', 'received'))).toHaveLength(cxToOu.verified as number);
    for (const p of ['ouranos', 'catena-x']) {
      for (const f of ['audit.jsonl', 'node.log', 'dead-letters.json', 'node.json']) {
        expect(existsSync(path.join(keep, p, f))).toBe(true);
      }
    }
  });
});
