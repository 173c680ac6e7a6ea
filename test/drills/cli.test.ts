import { Command } from 'commander';
import { KhError } from '../../connector/errors';
import { registerDrill } from '../../connector/cli/commands/drill';
import { runDrills, DRILL_NAMES, DRILL_ERROR_CODES } from '../../connector/drills';

async function run(args: string[]): Promise<unknown> {
  const program = new Command().exitOverride();
  registerDrill(program);
  try {
    await program.parseAsync(['node', 'kakehashi', 'drill', ...args]);
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('kakehashi drill (flags)', () => {
  it('names every drill of the issue', () => {
    expect(DRILL_NAMES).toEqual([
      'peer-down',
      'redis-restart',
      'sender-kill',
      'receiver-kill',
      'slow-peer',
      'peer-5xx',
      'certifier-revocation',
    ]);
  });

  it.each([['0'], ['3'], ['many'], ['-5'], ['1e3']])(
    'refuses --records %s with KH_DRILL_BAD_FLAG',
    async (n) => {
      const err = await run(['--records', n]);
      expect(err).toBeInstanceOf(KhError);
      expect((err as KhError).code).toBe('KH_DRILL_BAD_FLAG');
    },
  );

  it('refuses a bad --fault-ms with KH_DRILL_BAD_FLAG', async () => {
    expect(((await run(['--fault-ms', 'soon'])) as KhError).code).toBe('KH_DRILL_BAD_FLAG');
  });

  it('refuses an unknown --only with KH_DRILL_UNKNOWN before starting anything', async () => {
    await expect(runDrills({ records: 10, launcher: 'entry', only: 'meteor-strike' })).rejects.toMatchObject({
      code: 'KH_DRILL_UNKNOWN',
    });
    expect(((await run(['--only', 'meteor-strike', '--records', '10'])) as KhError).code).toBe(
      'KH_DRILL_UNKNOWN',
    );
  });

  it('declares its codes', () => {
    for (const c of ['KH_DRILL_BAD_FLAG', 'KH_DRILL_UNKNOWN', 'KH_DRILL_TIMEOUT'])
      expect(DRILL_ERROR_CODES).toHaveProperty(c);
  });
});
