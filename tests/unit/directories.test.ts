import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryError, ensureDirectory } from '../../src/directories.js';

describe('ensureDirectory', () => {
  const root = mkdtempSync(join(tmpdir(), 'busanjin-dirs-'));

  it('makes every missing level, and accepts one that exists', () => {
    const deep = join(root, 'a', 'b', 'c');
    ensureDirectory(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(() => ensureDirectory(deep)).not.toThrow();
  });

  it('says so when a level is a file', () => {
    const file = join(root, 'file');
    writeFileSync(file, 'x');
    expect(() => ensureDirectory(join(file, 'below'), 'OUT_DIR')).toThrow(DirectoryError);
    expect(() => ensureDirectory(file, 'OUT_DIR')).toThrow(/OUT_DIR .* is not a directory/);
  });

  it('fails at once where a directory cannot be made (Node 20 recursive mkdir spins there)', () => {
    expect(() => ensureDirectory('/proc/nope/deeper', 'OUT_DIR')).toThrow(/cannot create OUT_DIR/);
  });
});
