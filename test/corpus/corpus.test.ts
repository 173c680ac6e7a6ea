/**
 * The hostile-input corpus (issue 7): every case under `cases/` must be refused with exactly its expected
 * typed code (and HTTP status), leave an audit entry, store nothing and leave the node healthy.
 */
import { loadCases } from './format';
import { runCliCase, runHttpCase, type Verdict } from './runner';
import { offlineWorld, liveFederation, type LiveFederation } from './world';

jest.setTimeout(120000);

const cases = loadCases();
const cliCases = cases.filter((c) => c.target === 'cli');
const httpCases = cases.filter((c) => c.target !== 'cli');

const report = (v: Verdict): string[] => v.problems.map((p) => `${v.name}: ${p}`);

describe('hostile-input corpus', () => {
  it('holds at least 200 cases, each with a KH_ code', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    for (const c of cases) expect(c.expect.code).toMatch(/^KH_[A-Z0-9_]+$/);
  });

  describe('CLI cases (no node)', () => {
    let w: ReturnType<typeof offlineWorld>;
    beforeAll(() => {
      w = offlineWorld();
    });
    afterAll(() => w.close());
    it.each(cliCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      expect(report(await runCliCase(c, w.world))).toEqual([]);
    });
    it('notices a case refused with another code, or accepted', async () => {
      const wrong = await runCliCase({ ...cliCases[0], expect: { code: 'KH_NOT_THIS_ONE', status: null } }, w.world);
      expect(wrong.problems.join(' ')).toMatch(/^code KH_/);
      const accepted = await runCliCase({ name: 'cli/help', target: 'cli', cli: { args: ['--version'] }, expect: { code: 'KH_X', status: null } }, w.world);
      expect(accepted.problems).toContain('accepted (exit code 0)');
    });
  });

  describe('HTTP cases (live federation)', () => {
    let fed: LiveFederation;
    beforeAll(async () => {
      fed = await liveFederation();
    }, 180000);
    afterAll(async () => {
      await fed?.close();
    });
    it.each(httpCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      expect(report(await runHttpCase(c, fed.live))).toEqual([]);
    });
  });
});
