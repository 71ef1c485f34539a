#!/usr/bin/env node
// `npm start` runs this first (prestart). It compiles src/ to dist/ with tsc only when the sources
// changed since dist/ was compiled: tsc takes some 5 s here, most of a start, and a start on
// unchanged sources needs none of it. What decides is a hash of the inputs of the compile (every
// file under src/, the tsconfig files, the TypeScript version), kept in dist/ beside the output;
// a content hash, not file times, so a checkout or a copy that touches files does not count as a
// change, and an edit always does. Plain JavaScript, run by node itself: no loader to start.
// `--check` only says whether it would compile (exit 0: up to date, 1: it would compile).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.sources.sha256');
const require = createRequire(import.meta.url);

function addTree(hash, dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) addTree(hash, path);
    else if (stat.isFile())
      hash
        .update(`${relative(ROOT, path)}\u0000`)
        .update(readFileSync(path))
        .update('\u0000');
  }
}

function inputsHash() {
  const hash = createHash('sha256');
  hash.update(`typescript ${require('typescript/package.json').version}\u0000`);
  for (const file of ['tsconfig.json', 'tsconfig.build.json']) hash.update(readFileSync(join(ROOT, file)));
  addTree(hash, join(ROOT, 'src'));
  return hash.digest('hex');
}

const hash = inputsHash();
const previous = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : undefined;
if (previous === hash && existsSync(join(DIST, 'cli.js'))) {
  console.log('busanjin: dist/ is up to date with src/, not compiling');
  process.exit(0);
}
const why = previous === undefined ? 'first start: dist/ has not been compiled yet' : 'src/ changed since the last compile';
if (process.argv.includes('--check')) {
  console.log(`busanjin: dist/ is out of date (${why})`);
  process.exit(1);
}
console.log(`busanjin: compiling src/ to dist/ with tsc (${why}); this takes a few seconds`);
const started = performance.now();
const tsc = require.resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`busanjin: the compile failed (tsc exited with ${result.status ?? result.signal}); dist/ was not marked up to date`);
  process.exit(result.status || 1);
}
writeFileSync(STAMP, `${hash}\n`);
console.log(`busanjin: compiled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
