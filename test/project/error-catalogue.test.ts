import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { codesUsedInSource, loadCatalogue, renderMarkdown } from '../../connector/error-catalogue';

describe('error code catalogue', () => {
  const catalogue = loadCatalogue();
  const declared = new Set(catalogue.map((e) => e.code));

  it('declares each code once', () => {
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const e of catalogue) {
      if (seen.has(e.code)) dupes.push(`${e.code} in ${seen.get(e.code)} and ${e.module}`);
      seen.set(e.code, e.module);
    }
    expect(dupes).toEqual([]);
  });

  it('declares every code the source uses', () => {
    const undeclared = [...codesUsedInSource().entries()]
      .filter(([code]) => !declared.has(code) && !code.endsWith('_'))
      .map(([code, files]) => `${code} (${files.join(', ')})`);
    expect(undeclared).toEqual([]);
  });

  it('keeps docs/errors.md in step with the declarations', () => {
    const doc = readFileSync(resolve(__dirname, '../../docs/errors.md'), 'utf8');
    expect(doc).toBe(renderMarkdown(catalogue));
  });
});
