// Making the directories the server writes to (OUT_DIR, its build cache), one level at a time.
// Node 20's recursive mkdir loops forever on some paths (under /proc it spins at 100 % CPU, deaf
// to signals); a plain mkdir of each missing level fails at once with the real reason instead.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class DirectoryError extends Error {
  override name = 'DirectoryError';
}

/** Makes `path` and its missing parents; throws DirectoryError saying why when it cannot, or when
 *  the directory is not writable. */
export function ensureDirectory(path: string, role = 'directory'): void {
  const dir = resolve(path);
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    const kind = kindOf(at);
    if (kind === 'directory') break;
    if (kind === 'other') throw new DirectoryError(`${role} ${at} is not a directory`);
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new DirectoryError(`cannot create ${role} ${dir}: ${(e as Error).message}`);
    }
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new DirectoryError(`${role} ${dir} is not writable`);
  }
}

function kindOf(path: string): 'directory' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}
