// A private Virtuoso for tests: its own temp directory and virtuoso.ini, bound to 127.0.0.1 on
// free ports, started in the background and stopped by PID. Never the package's own service.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export interface VirtuosoInstance {
  dir: string;
  pid: number;
  httpPort: number;
  sqlPort: number;
  /** Read-only endpoint (anonymous). */
  endpoint: string;
  /** The authenticated endpoint for updates (digest auth, user dba). */
  updateEndpoint: string;
  /** Graph Store Protocol, authenticated. */
  gspEndpoint: string;
  user: string;
  password: string;
}

const BINARY = 'virtuoso-t';
export interface VirtuosoOptions {
  /** Virtuoso's own row cap (ResultSetMaxRows), which it applies silently. */
  maxRows?: number;
  /** 8 KB pages of cache: ~20k for tests, ~170k for a million triples. */
  buffers?: number;
}

export function virtuosoInstalled(): boolean {
  return spawnSync(BINARY, ['--help'], { stdio: 'ignore' }).error === undefined;
}

function ini(dir: string, sqlPort: number, httpPort: number, { maxRows = 10_000, buffers = 20_000 }: VirtuosoOptions): string {
  return `[Database]
DatabaseFile = ${dir}/virtuoso.db
ErrorLogFile = ${dir}/virtuoso.log
LockFile = ${dir}/virtuoso.lck
TransactionFile = ${dir}/virtuoso.trx
xa_persistent_file = ${dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = ${dir}/virtuoso-temp.db
TransactionFile = ${dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:${sqlPort}
DisableUnixSocket = 1
MaxClientConnections = 8
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., ${dir}
NumberOfBuffers = ${buffers}
MaxDirtyBuffers = ${Math.round(buffers * 0.75)}
MaxQueryMem = 1G
ThreadsPerQuery = 2
MaxSortedTopRows = 100000

[HTTPServer]
ServerPort = 127.0.0.1:${httpPort}
ServerRoot = ${dir}
MaxClientConnections = 8
ServerThreads = 8
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = ${maxRows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
`;
}

/** Starts a fresh instance and waits until its SPARQL endpoint answers. */
export async function startVirtuoso(options: VirtuosoOptions = {}): Promise<VirtuosoInstance> {
  const dir = mkdtempSync(join(tmpdir(), 'virtuoso-'));
  const [sqlPort, httpPort] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'virtuoso.ini'), ini(dir, sqlPort, httpPort, options));
  const log = openSync(join(dir, 'stdout.log'), 'a');
  // -f: stay in the foreground, so the PID we hold is the server's own.
  const child = spawn(BINARY, ['-f', '-c', 'virtuoso.ini'], { cwd: dir, detached: true, stdio: ['ignore', log, log] });
  child.unref();
  const base = `http://127.0.0.1:${httpPort}`;
  const instance: VirtuosoInstance = {
    dir,
    pid: child.pid!,
    httpPort,
    sqlPort,
    endpoint: `${base}/sparql`,
    updateEndpoint: `${base}/sparql-auth`,
    gspEndpoint: `${base}/sparql-graph-crud-auth`,
    user: 'dba',
    password: 'dba',
  };
  await waitFor(instance, 120_000);
  return instance;
}

/** Starts a stopped instance again on the same directory and ports. */
export async function restartVirtuoso(instance: VirtuosoInstance): Promise<void> {
  const log = openSync(join(instance.dir, 'stdout.log'), 'a');
  const child = spawn(BINARY, ['-f', '-c', 'virtuoso.ini'], { cwd: instance.dir, detached: true, stdio: ['ignore', log, log] });
  child.unref();
  instance.pid = child.pid!;
  await waitFor(instance, 120_000);
}

async function waitFor(instance: VirtuosoInstance, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (!alive(instance.pid)) throw new Error(`virtuoso exited while starting:\n${tail(instance)}`);
    try {
      const res = await fetch(`${instance.endpoint}?query=${encodeURIComponent('ASK {}')}`, {
        headers: { accept: 'application/sparql-results+json' },
        signal: AbortSignal.timeout(2000),
      });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`virtuoso did not answer within ${limitMs} ms:\n${tail(instance)}`);
}

/** Stops the instance by its PID and waits until it has exited. */
export async function stopVirtuoso(instance: VirtuosoInstance, { remove = true } = {}): Promise<void> {
  if (alive(instance.pid)) {
    process.kill(instance.pid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (alive(instance.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(instance.pid)) process.kill(instance.pid, 'SIGKILL');
    while (alive(instance.pid)) await new Promise((r) => setTimeout(r, 50));
  }
  if (remove) rmSync(instance.dir, { recursive: true, force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still "exists": it has exited once /proc says so.
    const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

function tail(instance: VirtuosoInstance): string {
  const path = join(instance.dir, 'virtuoso.log');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').slice(-20).join('\n') : '(no log)';
}
