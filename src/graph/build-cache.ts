// The validated build, kept on disk by what it was built from: the base IRI, every file of data/
// and ontology/, and the code that builds. A server starting again on the same inputs reads the
// graph it validated last time instead of validating it again; any change to an input (a data
// file, a shape, the build's code) is a different key, so a stale graph is never served.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from './build.js';
import { ensureDirectory } from '../directories.js';

/** A built graph as N-Quads with what the server needs beside it. */
export interface SerializedBuild {
  nquads: string;
  source: string;
  primaryTopic: string;
  builtAt: number;
  buildMs: number;
}

// The code that builds: every module of the running tree (dist/ compiled, src/ under tsx).
const CODE_ROOT = fileURLToPath(new URL('..', import.meta.url));

function addTree(hash: ReturnType<typeof createHash>, dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) addTree(hash, path);
    else if (stat.isFile()) hash.update(`${path}\u0000`).update(readFileSync(path)).update('\u0000');
  }
}

export function buildKey(options: BuildOptions): string {
  const hash = createHash('sha256').update(`${options.base}\u0000${options.root ?? ''}\u0000`);
  for (const dir of [options.dataDir, options.ontologyDir, CODE_ROOT]) addTree(hash, dir);
  if (options.sourcePath) hash.update(readFileSync(options.sourcePath));
  return hash.digest('hex');
}

export function readCachedBuild(dir: string, key: string): SerializedBuild | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as SerializedBuild;
  } catch {
    return undefined;
  }
}

/** Writes atomically (a reader never sees half a file) and keeps only this build. */
export function writeCachedBuild(dir: string, key: string, build: SerializedBuild): void {
  ensureDirectory(dir, 'the build cache');
  const temp = join(dir, `${key}.${process.pid}.tmp`);
  writeFileSync(temp, JSON.stringify(build));
  renameSync(temp, join(dir, `${key}.json`));
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.json') && name !== `${key}.json`) rmSync(join(dir, name), { force: true });
  }
}
