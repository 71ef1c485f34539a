// Every start-up failure is a clear message and exit 1, never a hang or a half-started server; and
// a request arriving while the server drains on SIGTERM is answered or refused, never a crash.
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startServerProcess } from '../helpers/server-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `serve` to its end, and what it printed. */
function serveUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
      cwd: ROOT,
      env: { ...process.env, BASE_URL: 'http://localhost:8080/', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('start-up failures', () => {
  it('an OUT_DIR that cannot be made: the reason, exit 1', async () => {
    const { code, output } = await serveUntilExit({ OUT_DIR: '/proc/nope' });
    expect(code).toBe(1);
    expect(output).toMatch(/cannot create OUT_DIR \/proc\/nope/);
  });

  it('an OUT_DIR that is a file: the reason, exit 1', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'busanjin-')), 'a-file');
    writeFileSync(file, 'x');
    const { code, output } = await serveUntilExit({ OUT_DIR: file });
    expect(code).toBe(1);
    expect(output).toMatch(/OUT_DIR .* is not a directory/);
  });

  it('a bad setting: the reason, exit 1', async () => {
    const { code, output } = await serveUntilExit({ SPARQL_WORKERS: 'many' });
    expect(code).toBe(1);
    expect(output).toMatch(/SPARQL_WORKERS must be an integer/);
  });
});

describe('SIGTERM while requests keep arriving', () => {
  it('answers the request that arrives during the drain, exits 0 and removes its PID file', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'busanjin-'));
    const server = await startServerProcess({ OUT_DIR: outDir, LOG_LEVEL: 'silent', SHUTDOWN_DEADLINE_MS: '5000' });
    // A keep-alive connection that is open when the drain starts, used for one more request after.
    const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(new URL(path, server.url), { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.once('error', reject);
        req.end();
      });
    expect(await get('/healthz')).toBe(200);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    // The request on the open connection is answered (with Connection: close), or the connection
    // was already closed as idle: either way the client sees no crash, and the process exits 0.
    const late = await get('/data/Busan.ttl').catch((e: NodeJS.ErrnoException) => e.code);
    expect([200, 'ECONNRESET', 'ECONNREFUSED', 'EPIPE']).toContain(late);
    expect(await exited).toBe(0);
    expect(server.output()).not.toMatch(/TypeError/);
    expect(existsSync(join(outDir, 'busanjin.pid'))).toBe(false);
    agent.destroy();
  });
});
