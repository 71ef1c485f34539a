// `npm start` compiles only when the sources changed (scripts/compile-if-changed.mjs), and says
// what it does. Run on a copy of the project, so the real dist/ is never touched.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';

const copy = mkdtempSync(join(tmpdir(), 'compile-if-changed-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));
for (const path of ['src', 'scripts/compile-if-changed.mjs', 'tsconfig.json', 'tsconfig.build.json', 'package.json'])
  cpSync(join(ROOT, path), join(copy, path), { recursive: true });
symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
const prestart = () => execFileSync(process.execPath, [join(copy, 'scripts', 'compile-if-changed.mjs')], { cwd: copy, encoding: 'utf8' });
// Whether it would compile, without compiling (exit 1 when it would).
const check = () => {
  try {
    return execFileSync(process.execPath, [join(copy, 'scripts', 'compile-if-changed.mjs'), '--check'], { cwd: copy, encoding: 'utf8' });
  } catch (e) {
    return `exit ${(e as { status: number }).status}: ${(e as { stdout: string }).stdout}`;
  }
};

describe("compile-if-changed (npm start's prestart)", () => {
  it('compiles on a first start, saying so, then not again until a source changes', () => {
    const first = prestart();
    expect(first).toMatch(/compiling src\/ to dist\/ with tsc \(first start/);
    expect(first).toMatch(/compiled in \d+\.\d s/);
    expect(existsSync(join(copy, 'dist', 'cli.js'))).toBe(true);
    expect(prestart()).toMatch(/dist\/ is up to date with src\/, not compiling/);
    // A file touched but not changed (a checkout, a copy) is no change.
    const config = join(copy, 'src', 'config.ts');
    utimesSync(config, new Date(), new Date());
    expect(prestart()).toMatch(/up to date/);
    expect(check()).toMatch(/^busanjin: dist\/ is up to date/);
    writeFileSync(config, `${readFileSync(config, 'utf8')}\n// changed\n`);
    expect(check()).toMatch(/^exit 1: busanjin: dist\/ is out of date \(src\/ changed since the last compile\)/);
  }, 120_000);
});
