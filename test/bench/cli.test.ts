/**
 * `kakehashi bench` end to end at a tiny size: the real CLI, a private redis-server, both nodes as child
 * processes over mutual TLS. No timing assertion: the shape of the JSON and that every record sent was
 * stored by the receiving node.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

function runBench(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, 'connector/cli/kakehashi.js'), 'bench', ...args], {
      cwd: REPO,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const isNum = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

describe('kakehashi bench', () => {
  it('relays 50 records and prints one JSON object of the agreed shape', async () => {
    const r = await runBench(['--records', '50', '--reference-sample', '5', '--json']);
    expect(r.stderr).not.toMatch(/KH_[A-Z_]+:/);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]) as Record<string, Record<string, unknown>>;
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['relay', 'issuance', 'floor', 'reference', 'ratios', 'rssMb', 'machine']),
    );
    expect(report.relay.sent).toBe(50);
    expect(report.relay.records).toBe(report.relay.sent);
    expect(report.relay.refused).toBe(0);
    for (const k of ['recordsPerSecond', 'p50Ms', 'p95Ms', 'p99Ms'])
      expect(isNum(report.relay[k])).toBe(true);
    expect(report.relay.p50Ms as number).toBeLessThanOrEqual(report.relay.p99Ms as number);
    expect(isNum(report.issuance.recordsPerSecondPerCore)).toBe(true);
    expect(report.issuance.recordsPerSecondPerCore as number).toBeGreaterThan(0);
    expect(report.floor.recordsPerSecond as number).toBeGreaterThan(0);
    expect(report.reference.recordsPerSecond as number).toBeGreaterThan(0);
    expect(isNum(report.ratios.relayToFloor)).toBe(true);
    expect(isNum(report.ratios.relayToReference)).toBe(true);
    expect(Object.keys(report.rssMb)).toEqual(
      expect.arrayContaining(['sender-node', 'receiver-node', 'bench-driver']),
    );
    for (const v of Object.values(report.rssMb)) expect(v as number).toBeGreaterThan(0);
    expect(report.machine.cores as number).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
  }, 240000);

  it('refuses a bad flag with its code and exit status 1', async () => {
    const r = await runBench(['--records', '0', '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^KH_BENCH_INVALID_OPTION:/);
    expect(r.stdout).toBe('');
  });
});
