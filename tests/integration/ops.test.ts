// Operations: security headers, request ids, metrics, rate limits, hot reload, graceful shutdown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { RunningServer } from '../../src/server.js';
import { BASE, startTestServer } from '../helpers/server.js';
import { dataCopy } from '../helpers/fixtures.js';
import { startServerProcess } from '../helpers/server-process.js';
import { sendRequest } from '../helpers/http.js';
import { until } from '../helpers/queries.js';

const select = (server: RunningServer, query: string) =>
  fetch(new URL(`/sparql?query=${encodeURIComponent(query)}`, server.url), { headers: { accept: 'application/sparql-results+json' } });

describe('headers, ids, metrics', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(['/', '/resource/Busan', '/data/Busan.ttl', '/page/Busan', '/sparql', '/healthz', '/nothing'])(
    'security headers on %s',
    async (path) => {
      const res = await fetch(new URL(path, server.url), { redirect: 'manual', headers: { accept: 'text/html' } });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(res.headers.get('x-frame-options')).toBeTruthy();
      expect(res.headers.get('x-powered-by')).toBeNull();
    },
  );

  it('echoes a sane X-Request-Id and makes one otherwise', async () => {
    const given = await fetch(new URL('/healthz', server.url), { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(new URL('/healthz', server.url), { headers: { 'x-request-id': '<script>' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('counts requests by route and status, and query timeouts, in Prometheus format', async () => {
    await fetch(new URL('/data/Busan.ttl', server.url));
    await fetch(new URL('/nothing-here', server.url));
    const text = await (await fetch(new URL('/metrics', server.url))).text();
    expect(text).toMatch(/http_requests_total\{route="\/data",method="GET",status="200"\} \d+/);
    expect(text).toMatch(/http_requests_total\{route="other",method="GET",status="404"\} \d+/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0\.005",route="\/data",method="GET"\} \d+/);
    expect(text).toMatch(/sparql_query_timeouts_total \d+/);
    expect(text).toMatch(/sparql_worker_restarts_total \d+/);
    expect(text).toMatch(/graph_reloads_total/);
  });
});

describe('limits', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_SPARQL: '3', SPARQL_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a query past its time limit counts as a timeout and a worker restart', async () => {
    const res = await select(server, 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }');
    expect(res.status).toBe(503);
    const text = await (await fetch(new URL('/metrics', server.url))).text();
    expect(text).toMatch(/sparql_query_timeouts_total [1-9]/);
    expect(text).toMatch(/sparql_worker_restarts_total [1-9]/);
  });

  it('answers 429 with Retry-After past the per-client limit on /sparql, and other routes still answer', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await select(server, 'ASK {}')).status);
    expect(statuses).toContain(429);
    const limited = await select(server, 'ASK {}');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toMatch(/Too many requests/);
    expect((await fetch(new URL('/healthz', server.url))).status).toBe(200);
    expect(await (await fetch(new URL('/metrics', server.url))).text()).toMatch(/http_rate_limited_total\{route="\/sparql"\} [1-9]/);
  });
});

describe('slow clients', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ HEADERS_TIMEOUT_MS: '500', REQUEST_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a client that never finishes its headers is answered 408 and cut off, and others are still served', async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (d) => {
      received += d;
    });
    socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    const closed = await new Promise<boolean>((resolve) => {
      const giveUp = setTimeout(() => resolve(false), 10_000);
      socket.once('close', () => {
        clearTimeout(giveUp);
        resolve(true);
      });
    });
    expect(closed).toBe(true);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect((await fetch(new URL('/healthz', server.url))).status).toBe(200);
  });
});

describe('hot reload', () => {
  const label = (server: RunningServer) =>
    select(server, `SELECT ?l WHERE { <${BASE}resource/Busan> <http://www.w3.org/2000/01/rdf-schema#comment> ?l }`)
      .then((r) => r.json() as Promise<{ results: { bindings: { l: { value: string } }[] } }>)
      .then((j) => j.results.bindings.map((b) => b.l.value));

  it('swaps in a changed graph that validates, and keeps the old one when the new one fails', async () => {
    const fixture = dataCopy();
    const server = await startTestServer({ DATA_DIR: fixture.dataDir, ONTOLOGY_DIR: fixture.ontologyDir });
    try {
      expect(await label(server)).toEqual([]);
      fixture.edit(
        'data/legacy.trig',
        ':Busan bo:historicalRole "Primary landing ground',
        ':Busan rdfs:comment "reloaded"@en ; bo:historicalRole "Primary landing ground',
      );
      expect(await server.reload('test')).toMatchObject({ ok: true });
      expect(await label(server)).toEqual(['reloaded']);
      const page = await (await fetch(new URL('/data/Busan.ttl', server.url))).text();
      expect(page).toContain('reloaded');

      fixture.edit('data/timeline.trig', 'bo:value 150 ;', 'bo:value "150" ;');
      const rejected = await server.reload('test');
      expect(rejected).toMatchObject({ ok: false });
      expect((rejected as { error: string }).error).toMatch(/SHACL validation failed/);
      expect(await label(server)).toEqual(['reloaded']);
      expect((await fetch(new URL('/healthz', server.url))).status).toBe(200);
      expect(await (await fetch(new URL('/metrics', server.url))).text()).toMatch(/graph_reloads_total\{outcome="rejected"\} 1/);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('under load: no failed request, and every response wholly from the old or the new graph', async () => {
    const fixture = dataCopy();
    const server = await startTestServer({ DATA_DIR: fixture.dataDir, ONTOLOGY_DIR: fixture.ontologyDir, RATE_LIMIT_SPARQL: '0' });
    try {
      const before = await (await fetch(new URL('/data/Busan.ttl', server.url))).text();
      fixture.edit(
        'data/legacy.trig',
        ':Busan bo:historicalRole "Primary landing ground',
        ':Busan rdfs:comment "reloaded"@en ; bo:historicalRole "Primary landing ground',
      );
      let stop = false;
      const seen = new Map<string, number>();
      const failures: string[] = [];
      const client = async () => {
        for (let i = 0; i < 2000 && !stop; i++) {
          const res = await fetch(new URL('/data/Busan.ttl', server.url));
          const body = await res.text();
          if (res.status !== 200) failures.push(`${res.status}`);
          seen.set(body, (seen.get(body) ?? 0) + 1);
          const ask = await select(server, `ASK { <${BASE}resource/Busan> <http://www.w3.org/2000/01/rdf-schema#comment> "reloaded"@en }`);
          if (ask.status !== 200) failures.push(`sparql ${ask.status}`);
        }
      };
      const clients = Array.from({ length: 8 }, client);
      const served = () => [...seen.values()].reduce((a, b) => a + b, 0);
      // The reload happens under load: clients have been served before it, and go on after it
      // until they have seen the new graph.
      await until(() => served() >= 8, 'clients served before the reload', 60_000);
      expect(await server.reload('under load')).toMatchObject({ ok: true });
      const after = await (await fetch(new URL('/data/Busan.ttl', server.url))).text();
      await until(() => (seen.get(after) ?? 0) >= 8, 'clients served the new graph', 60_000);
      stop = true;
      await Promise.all(clients);
      expect(failures).toEqual([]);
      expect(after).not.toBe(before);
      // Each document served is exactly the old one or exactly the new one, never a mix.
      expect([...seen.keys()].every((body) => body === before || body === after)).toBe(true);
      expect(seen.get(before)).toBeGreaterThan(0);
      expect(seen.get(after)).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe('the serve process', () => {
  it('SIGHUP reloads; SIGTERM finishes the request in flight, then exits 0', async () => {
    const fixture = dataCopy();
    const outDir = mkdtempSync(join(tmpdir(), 'busanjin-out-'));
    const proc = await startServerProcess({
      DATA_DIR: fixture.dataDir,
      ONTOLOGY_DIR: fixture.ontologyDir,
      OUT_DIR: outDir,
      LOG_LEVEL: 'info',
      SPARQL_TIMEOUT_MS: '40000',
      SHUTDOWN_DEADLINE_MS: '40000',
    });
    try {
      expect(Number(readFileSync(join(outDir, 'busanjin.pid'), 'utf8'))).toBe(proc.child.pid);
      // Log lines are buffered, but a quiet server still writes them while it runs (LOG_FLUSH_MS).
      const quiet = await fetch(new URL('/healthz', proc.url), { headers: { 'x-request-id': 'quiet-server-line' } });
      expect(quiet.status).toBe(200);
      await expect.poll(() => proc.output(), { timeout: 20_000, interval: 100 }).toContain('"quiet-server-line"');

      fixture.edit(
        'data/legacy.trig',
        ':Busan bo:historicalRole "Primary landing ground',
        ':Busan rdfs:comment "after SIGHUP"@en ; bo:historicalRole "Primary landing ground',
      );
      proc.child.kill('SIGHUP');
      await expect
        .poll(async () => (await fetch(new URL('/data/Busan.ttl', proc.url))).text(), { timeout: 20_000, interval: 200 })
        .toContain('after SIGHUP');

      // A query that takes a second or two (a cross product) is in flight when SIGTERM arrives: it completes.
      const { sent, response: slow } = sendRequest(
        new URL(
          `/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d <http://www.w3.org/2000/01/rdf-schema#label> ?f . ?g <http://localhost:8080/ontology#sequence> ?h }')}`,
          proc.url,
        ),
      );
      await sent;
      const exited = new Promise<number | null>((resolve) => proc.child.once('exit', (code) => resolve(code)));
      proc.child.kill('SIGTERM');
      const res = await slow;
      expect(res.status).toBe(200);
      expect(await exited).toBe(0);
      await expect(fetch(new URL('/healthz', proc.url))).rejects.toThrow();
      // One JSON log line per request, with its id.
      const lines = proc
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.some((l) => l.msg === 'request completed' && (l.req as { id?: string })?.id)).toBe(true);
      expect(lines.some((l) => l.msg === 'graph reloaded')).toBe(true);
      // The SPARQL request's line carries the query's time, the engine's own part of it, and whether
      // its answer was kept.
      expect(
        lines.some(
          (l) =>
            (l.req as { path?: string })?.path === '/sparql' &&
            typeof l.queryMs === 'number' &&
            typeof l.engineMs === 'number' &&
            (l.engineMs as number) <= (l.queryMs as number) &&
            ['hit', 'miss', 'bypass'].includes(l.cache as string),
        ),
      ).toBe(true);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- serve output ---\n${proc.output().slice(-3000)}`, { cause: e });
    } finally {
      // A failed assertion must not leave the server running (its pipes would hold the test run open).
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    }
  }, 120_000);
});
