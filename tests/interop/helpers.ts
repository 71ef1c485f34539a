// What the interop tests share: the real app served at a base IRI that dereferences (its own port,
// so a client that follows links reaches it), the third-party clients started as their users start
// them, and whether each is installed (a test skips, saying so, only when its client is missing).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import type { RunningServer } from '../../src/server.js';
import { freePort } from '../helpers/ports.js';
import { parseRdf } from '../helpers/rdf.js';
import { startTestServer } from '../helpers/server.js';

/** Debian's interpreter, with python3-rdflib, -sparqlwrapper, -pyld and -requests (not a pyenv shim). */
export const PYTHON = process.env.INTEROP_PYTHON ?? '/usr/bin/python3';
export const CLIENTS = fileURLToPath(new URL('./clients/', import.meta.url));

/** The app at http://127.0.0.1:{port}/, minted at that base: every IRI it serves dereferences. */
export async function startPublicServer(): Promise<RunningServer & { base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const server = await startTestServer({ BASE_URL: base, PORT: String(port) });
  return Object.assign(server, { base });
}

/** Whether a Python module imports under PYTHON (the Debian package is installed). */
export function pythonHas(module: string): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether a command runs (`rapper --version`). */
export function commandRuns(command: string, args: string[] = ['--version']): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A version a command prints, for the test names and the README's table. */
export function versionOf(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'not installed';
  }
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without blocking the event loop: the server it talks to runs in this process. */
export function run(command: string, args: string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** As run(), with `input` written to the program's stdin (a document piped into it). */
export function runWithInput(command: string, args: string[], input: string, timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}

/** One of the client scripts in clients/, by PYTHON; fails the test with its stderr if it fails. */
export async function python(script: string, args: string[]): Promise<string> {
  const result = await run(PYTHON, [`${CLIENTS}${script}`, ...args]);
  if (result.code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${result.code}:\n${result.stderr.slice(-3000)}`);
  return result.stdout;
}

/** A client script's answer: a JSON header line, then N-Quads. */
export function headerAndQuads(stdout: string): { header: Record<string, unknown>; quads: Quad[] } {
  const newline = stdout.indexOf('\n');
  const header = JSON.parse(newline < 0 ? stdout : stdout.slice(0, newline)) as Record<string, unknown>;
  return { header, quads: newline < 0 ? [] : parseRdf(stdout.slice(newline + 1), 'N-Quads') };
}

export const inDefaultGraph = (quads: Quad[]) => quads.filter((q) => q.graph.termType === 'DefaultGraph');

/** The test name's suffix when a client is missing: the skip says why. */
export const missing = (available: boolean, what: string) => (available ? '' : ` (skipped: ${what} is not installed)`);

/** One IRI of each minted kind (claim, link, graph), as a client finds them: in the siege's
 *  N-Quads document (its Wikidata links with evidence are in /link/ graphs). */
export async function mintedIris(base: string): Promise<string[]> {
  const res = await fetch(new URL('data/Siege_of_Busanjin.nq', base));
  const terms = parseRdf(await res.text(), 'N-Quads')
    .flatMap((q) => [q.subject, q.object, q.graph])
    .map((t) => t.value);
  return ['claim/', 'link/', 'graph/'].map((kind) => {
    const found = terms.find((t) => t.startsWith(`${base}${kind}`) && !t.includes('#'));
    if (!found) throw new Error(`no ${kind} IRI in data/Siege_of_Busanjin.nq`);
    return found;
  });
}
