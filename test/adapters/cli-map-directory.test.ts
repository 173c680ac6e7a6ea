import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { seedDirectoryFile } from '../../seeds/directory';
import { batteryPassViolations } from '../../schemas/validators';

const REPO = path.resolve(__dirname, '../..');
const OU_SEEDS = path.join(REPO, 'seeds/records/ouranos');
const DIRECTORY = path.join(REPO, 'seeds/directory.json');

function kakehashi(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, 'connector/cli/kakehashi.js'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kakehashi map --directory', () => {
  const seed = path.join(OU_SEEDS, readdirSync(OU_SEEDS).filter((f) => f.endsWith('.json'))[0]);

  it('keeps seeds/directory.json equal to the seed participants', () => {
    expect(JSON.parse(readFileSync(DIRECTORY, 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(seedDirectoryFile())),
    );
  });

  it('maps an OU seed to a CX BatteryPass that validates strictly against the published schema', () => {
    const r = kakehashi('map', '--from', 'ouranos', '--to', 'catena-x', '--directory', DIRECTORY, seed);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { batteryPass?: unknown };
    const passport = out.batteryPass ?? out;
    expect(batteryPassViolations(passport, { mode: 'strict' })).toEqual([]);
  });

  it('without a directory, names the participant it cannot map (never its identifier) and exits 1', () => {
    const r = kakehashi('map', '--from', 'ouranos', '--to', 'catena-x', seed);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^KH_MAP_UNKNOWN_PARTICIPANT/m);
  });

  it('refuses an unreadable directory file with a typed error', () => {
    const r = kakehashi(
      'map',
      '--from',
      'ouranos',
      '--to',
      'catena-x',
      '--directory',
      '/nonexistent.json',
      seed,
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^KH_INPUT_FILE_NOT_FOUND: .*\(at --directory\)/m);
  });
});
