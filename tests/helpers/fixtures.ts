// Broken variants of the real data: copy data/ and ontology/ to a temporary directory,
// apply one edit, and build from there.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

export function dataCopy(): {
  dir: string;
  dataDir: string;
  ontologyDir: string;
  edit(file: string, from: string | RegExp, to: string): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'busanjin-fixture-'));
  cpSync(join(ROOT, 'data'), join(dir, 'data'), { recursive: true });
  cpSync(join(ROOT, 'ontology'), join(dir, 'ontology'), { recursive: true });
  return {
    dir,
    dataDir: join(dir, 'data'),
    ontologyDir: join(dir, 'ontology'),
    edit(file, from, to) {
      const path = join(dir, file);
      const text = readFileSync(path, 'utf8');
      const next = text.replace(from, to);
      if (next === text) throw new Error(`fixture edit did not apply to ${file}: ${String(from)}`);
      writeFileSync(path, next);
    },
  };
}
