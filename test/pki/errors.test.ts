import fs from 'node:fs';
import path from 'node:path';
import { PKI_ERROR_CODES } from '../../certs/pki';

describe('PKI error codes', () => {
  it('every KH_PKI_* code used in the PKI sources and CLI is catalogued with a meaning', () => {
    const root = path.resolve(__dirname, '../..');
    const files = [
      ...fs
        .readdirSync(path.join(root, 'certs', 'pki'))
        .filter((f) => f.endsWith('.ts') && f !== 'errors.ts')
        .map((f) => path.join(root, 'certs', 'pki', f)),
      path.join(root, 'connector', 'cli', 'commands', 'pki.ts'),
    ];
    const used = new Set<string>();
    for (const f of files)
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/KH_PKI_[A-Z_]+/g)) used.add(m[0]);
    expect(used.size).toBeGreaterThan(10);
    for (const code of used) expect(Object.keys(PKI_ERROR_CODES)).toContain(code);
    for (const meaning of Object.values(PKI_ERROR_CODES)) expect(meaning.length).toBeGreaterThan(10);
  });
});
