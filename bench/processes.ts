// The real server processes of the benchmark: the publisher as production runs it (compiled
// JavaScript, `node dist/cli.js serve`, NODE_ENV=production, embedded store), started and stopped by
// PID, with its RSS read from /proc and its event-loop delay read by a probe preloaded into it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/config.js';
import { freePort } from '../tests/helpers/ports.js';
export { freePort };

export const CLI = join(PROJECT_ROOT, 'dist', 'cli.js');
/** node's options in package.json's `start` script, read from there so the two cannot differ. */
const START_SCRIPT = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
export const NPM_START_NODE_ARGS: string[] =
  /\bnode((?:\s+--\S+)*)\s+dist\/cli\.js/.exec(START_SCRIPT)?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
/** The environment the `start` script sets before `node` (malloc's settings), read from there too. */
export const NPM_START_ENV: Record<string, string> = parseEnvAssignments(
  /^((?:\s*[A-Z_][A-Z0-9_]*=\S*)*)\s*node\b/.exec(START_SCRIPT)?.[1] ?? '',
);

/** `A=1 B=2` as { A: '1', B: '2' }. */
export function parseEnvAssignments(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(/\s+/)
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

/** Resident set size of a process, from /proc (the whole process: worker threads included). */
export function rssBytes(pid: number): number {
  const status = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : NaN;
}

/** CPU time (user + system, every thread) a process has used, in ms, from /proc (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return stat ? ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND : NaN;
}
const TICKS_PER_SECOND = 100;

export const mb = (bytes: number) => bytes / 2 ** 20;

// Preloaded with --import into the publisher when event-loop delay is wanted: a histogram of the
// main thread's event-loop delay (perf_hooks.monitorEventLoopDelay, 1 ms resolution), read and reset
// by the harness over the IPC channel. Nothing in the server changes; without the flag it is absent.
const PROBE = `import { monitorEventLoopDelay } from 'node:perf_hooks';
const h = monitorEventLoopDelay({ resolution: 1 });
h.enable();
process.on('message', (m) => {
  if (m === 'eld:reset') { h.reset(); process.send('eld:reset'); }
  if (m === 'eld:read') process.send({ eld: { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, count: h.count } });
});`;
const PROBE_IMPORT = `data:text/javascript,${encodeURIComponent(PROBE)}`;

export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

export interface Publisher {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Process start to the first 200 on /healthz. */
  startMs: number;
  /** The server's stderr, for error messages. */
  log(): string;
  /** The JSON log lines of its stdout, parsed (with `requestLog`; otherwise empty). */
  requestLines(): Record<string, unknown>[];
  resetEld(): Promise<void>;
  readEld(): Promise<EventLoopDelay | undefined>;
  stop(): Promise<void>;
}

export interface PublisherOptions {
  env?: Record<string, string>;
  /** OUT_DIR (its PID file and build cache); default: a private one for this publisher, so
   *  publishers never share a PID file with each other or with a developer's server. */
  outDir?: string;
  /** Preload the event-loop-delay probe (IPC). */
  probe?: boolean;
  /** Keep the server's log lines (stdout) to read with `requestLines()`. */
  requestLog?: boolean;
  /** The environment the start script sets (malloc's settings); default NPM_START_ENV. */
  startEnv?: Record<string, string>;
  /** node's own options; default: those `npm start` gives (NPM_START_NODE_ARGS). */
  nodeArgs?: string[];
  timeoutMs?: number;
  /** The compiled CLI to run; default this checkout's dist/cli.js (bench/fronting.ts runs an earlier build beside it). */
  cli?: string;
}

/** Starts `node dist/cli.js serve` on a free loopback port and waits for a 200 on /healthz. */
export async function startPublisher(options: PublisherOptions = {}): Promise<Publisher> {
  const port = await freePort();
  const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), 'publisher-'));
  // malloc's settings as `npm start` sets them (README, Deployment).
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    ...(options.startEnv ?? NPM_START_ENV),
    HOST: '127.0.0.1',
    PORT: String(port),
    OUT_DIR: outDir,
    ...options.env,
  };
  const args = [
    ...(options.nodeArgs ?? NPM_START_NODE_ARGS),
    ...(options.probe ? ['--import', PROBE_IMPORT] : []),
    options.cli ?? CLI,
    'serve',
  ];
  const started = performance.now();
  // stdout (one log line per request in production) goes to /dev/null unless asked for; stderr is kept for errors.
  const child = spawn(process.execPath, args, {
    env,
    stdio: ['ignore', options.requestLog ? 'pipe' : 'ignore', 'pipe', ...(options.probe ? ['ipc' as const] : [])],
  });
  const lines: Record<string, unknown>[] = [];
  let partial = '';
  child.stdout?.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    for (const l of parts) if (l.startsWith('{')) lines.push(JSON.parse(l) as Record<string, unknown>);
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let startMs = NaN;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`the publisher exited (${exited}) before answering:\n${stderr}`);
    try {
      const res = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        startMs = performance.now() - started;
        break;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  if (Number.isNaN(startMs)) {
    const rss = rssBytes(child.pid!);
    child.kill('SIGKILL');
    throw new Error(
      `the publisher did not answer /healthz within ${((options.timeoutMs ?? 120_000) / 1000).toFixed(0)} s (RSS then ${mb(rss).toFixed(0)} MB)\n${stderr}`,
    );
  }
  const ask = <T>(message: string, pick: (m: unknown) => T | undefined): Promise<T | undefined> => {
    if (!child.connected) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.off('message', on);
        resolve(undefined);
      }, 5000);
      const on = (m: unknown) => {
        const v = pick(m);
        if (v === undefined) return;
        clearTimeout(timer);
        child.off('message', on);
        resolve(v);
      };
      child.on('message', on);
      child.send(message);
    });
  };
  return {
    child,
    pid: child.pid!,
    url,
    startMs,
    log: () => stderr,
    requestLines: () => lines,
    resetEld: async () => {
      await ask('eld:reset', (m) => (m === 'eld:reset' ? true : undefined));
    },
    readEld: () => ask('eld:read', (m) => (m && typeof m === 'object' && 'eld' in m ? (m as { eld: EventLoopDelay }).eld : undefined)),
    async stop() {
      await stopChild(child);
      if (!options.outDir) rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM by PID, SIGKILL after 10 s; resolves once the process has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid!, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** Runs a command to its end, bounded in time; returns its wall time and output. */
export async function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; timeoutMs: number },
): Promise<{ ms: number; stdout: string; stderr: string }> {
  const started = performance.now();
  const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${[command, ...args].join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`);
  return { ms, stdout, stderr };
}
