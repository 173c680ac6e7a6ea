import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BATTERY_PASS_EXAMPLE_FILE, correctedExample, sampleCompanion } from './fixtures';
import { jsonErrorOffset } from '../../../connector/cli/commands/map';

const REPO = path.resolve(__dirname, '../../..');

function kakehashi(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, 'connector/cli/kakehashi.js'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kakehashi map', () => {
  let dir: string;
  const file = (name: string, content: string): string => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kh-map-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the violations of the published example (code, pointer, rule) and exits 1', () => {
    const r = kakehashi('map', '--from', 'catena-x', '--to', 'canonical', BATTERY_PASS_EXAMPLE_FILE);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^KH_SCHEMA_INVALID \/operation\/intoServiceDate format: /m);
  });

  it('maps a corrected CX record to canonical, and CX to CX as the identity', () => {
    const input = { batteryPass: correctedExample(), supplyChain: sampleCompanion() };
    const f = file('record.json', JSON.stringify(input));
    const toCanonical = kakehashi('map', '--from', 'catena-x', '--to', 'canonical', f);
    expect(toCanonical.status).toBe(0);
    const canonical = JSON.parse(toCanonical.stdout);
    expect(canonical.type).toEqual(['VerifiableCredential', 'BatteryPassportCredential']);
    expect(canonical.credentialSubject.supplyChain.suppliers).toHaveLength(3);
    const back = kakehashi(
      'map',
      '--from',
      'canonical',
      '--to',
      'catena-x',
      file('canonical.json', toCanonical.stdout),
    );
    expect(back.status).toBe(0);
    expect(JSON.parse(back.stdout)).toEqual(input);
  });

  it('reports malformed JSON with its position', () => {
    const r = kakehashi(
      'map',
      '--from',
      'catena-x',
      '--to',
      'canonical',
      file('bad.json', '{\n  "a": 1,\n  "b": }\n'),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^KH_INPUT_MALFORMED_JSON: .*line 3 column 8/m);
  });

  it('reports an unknown platform and an unreadable file', () => {
    const unknown = kakehashi('map', '--from', 'mars', '--to', 'canonical', BATTERY_PASS_EXAMPLE_FILE);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^KH_INPUT_UNKNOWN_PLATFORM/m);
    const missing = kakehashi('map', '--from', 'catena-x', '--to', 'canonical', path.join(dir, 'nope.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^KH_INPUT_FILE_NOT_FOUND/m);
  });

  it('locates JSON syntax errors', () => {
    expect(jsonErrorOffset('{"a": }')).toBe(6);
    expect(jsonErrorOffset('[1,2,]')).toBe(5);
    expect(jsonErrorOffset('{"a": 1')).toBe(7);
    expect(jsonErrorOffset('{} x')).toBe(3);
    expect(jsonErrorOffset('"\\q"')).toBe(2);
    expect(jsonErrorOffset('')).toBe(0);
  });
});
