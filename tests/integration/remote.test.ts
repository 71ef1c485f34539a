// The remote store against a real, private Virtuoso: loading (the CLI's `load`, idempotent, with
// progress and verified counts), bad credentials and endpoints, time limits, and a store that goes
// down and comes back.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import type { Quad } from '../../src/rdf/terms.js';
import type { RunningServer } from '../../src/server.js';
import { countGraphs, groupByGraph, loadDataset, LoadError } from '../../src/store/remote-load.js';
import { RemoteStore } from '../../src/store/remote.js';
import { StoreUnavailableError } from '../../src/store/store.js';
import { BASE, startTestServer } from '../helpers/server.js';
import { restartVirtuoso, startVirtuoso, stopVirtuoso, type VirtuosoInstance } from '../helpers/virtuoso.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let virtuoso: VirtuosoInstance;
let quads: Quad[];

beforeAll(async () => {
  virtuoso = await startVirtuoso();
  quads = (await buildGraph({ base: BASE, dataDir: `${ROOT}data`, ontologyDir: `${ROOT}ontology` })).quads;
}, 120_000);

afterAll(async () => {
  if (virtuoso) await stopVirtuoso(virtuoso);
});

const credentials = () => ({ user: virtuoso.user, password: virtuoso.password, scheme: 'auto' as const });

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, BASE_URL: BASE, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('busanjin load', () => {
  it('pushes every graph of the build with progress, verifies the counts, and is idempotent', async () => {
    const env = { SPARQL_USER: virtuoso.user, SPARQL_PASSWORD: virtuoso.password };
    const args = ['load', '--endpoint', virtuoso.endpoint, '--gsp', virtuoso.gspEndpoint];
    const first = await cli(args, env);
    expect(first.stderr).toMatch(/100%/);
    expect(first.stdout).toMatch(/counts verified/);
    expect(first.code).toBe(0);
    const second = await cli(args, env);
    expect(second.code).toBe(0);
    const expected = groupByGraph(quads);
    const counts = await countGraphs({ queryEndpoint: virtuoso.endpoint }, [...expected.keys()]);
    for (const [graph, { lines }] of expected) expect([graph, counts.get(graph)]).toEqual([graph, lines.length]);
  }, 120_000);

  it('replaces a graph rather than adding to it', async () => {
    const graph = `${BASE}claim/jeong-bal`;
    const target = { queryEndpoint: virtuoso.endpoint, gspEndpoint: virtuoso.gspEndpoint, credentials: credentials() };
    await loadDataset(quads.filter((q) => q.graph.value === graph).slice(0, 2), target);
    expect((await countGraphs(target, [graph])).get(graph)).toBe(2);
    await loadDataset(
      quads.filter((q) => q.graph.value === graph),
      target,
    );
    expect((await countGraphs(target, [graph])).get(graph)).toBe(groupByGraph(quads).get(graph)!.lines.length);
  });

  it('loads through SPARQL Update too (graphs without xsd:time)', async () => {
    const target = { queryEndpoint: virtuoso.endpoint, updateEndpoint: virtuoso.updateEndpoint, credentials: credentials() };
    const some = quads.filter((q) => q.graph.value === `${BASE}ontology` || q.graph.value === `${BASE}claim/jeong-bal`);
    const report = await loadDataset(some, target);
    expect(report.graphs).toBe(2);
  });

  it("Virtuoso 7.2's SPARQL Update cannot take xsd:time literals (DT011): the failed load says exactly which graphs it replaced", async () => {
    const target = { queryEndpoint: virtuoso.endpoint, updateEndpoint: virtuoso.updateEndpoint, credentials: credentials() };
    const error = await loadDataset(quads, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadError);
    const e = error as LoadError;
    expect(e.message).toMatch(/DT011/);
    const names = [...groupByGraph(quads).keys()];
    // The graph with the xsd:time is among those of the failed request; those before it were replaced, those after not touched.
    expect(e.failed).toContain(`${BASE}claim/landing`);
    const from = names.indexOf(e.failed[0]!);
    const to = names.indexOf(e.failed.at(-1)!);
    expect(from).toBeGreaterThan(0);
    expect(e.replaced).toEqual(names.slice(0, from));
    expect(e.failed).toEqual(names.slice(from, to + 1));
    expect(e.untouched).toEqual(names.slice(to + 1));
    // The Graph Store Protocol (Virtuoso's Turtle loader) takes the same data.
    await loadDataset(quads, { queryEndpoint: virtuoso.endpoint, gspEndpoint: virtuoso.gspEndpoint, credentials: credentials() });
  }, 60_000);

  it('wrong credentials: a clear error, and nothing replaced', async () => {
    const error = await loadDataset(quads, {
      queryEndpoint: virtuoso.endpoint,
      gspEndpoint: virtuoso.gspEndpoint,
      credentials: { user: 'dba', password: 'wrong', scheme: 'auto' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).replaced).toEqual([]);
    expect((error as LoadError).message).toMatch(/rejected the credentials of user "dba"/);
  });

  it('no credentials where the store asks for them: says which variables to set', async () => {
    const { code, stderr } = await cli(['load', '--endpoint', virtuoso.endpoint, '--gsp', virtuoso.gspEndpoint]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/asks for credentials.*SPARQL_USER and SPARQL_PASSWORD/);
  });

  it('an unreachable endpoint: a clear error', async () => {
    const url = `http://127.0.0.1:${await freePort()}/sparql`;
    const { code, stderr } = await cli(['load', '--endpoint', url]);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`cannot reach ${url.replace(/[.:/]/g, '\\$&')} \\(ECONNREFUSED\\)`));
  });

  it('a malformed endpoint URL: a clear error', async () => {
    const { code, stderr } = await cli(['load', '--endpoint', 'localhost:8890/sparql']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/SPARQL_ENDPOINT must be an http\(s\) URL \(got "localhost:8890\/sparql"\)/);
  });
});

describe('SPARQL_LOAD_ON_START', () => {
  it("a publisher configured so replaces the store's graphs with its build when it starts", async () => {
    const graph = `${BASE}claim/jeong-bal`;
    const target = { queryEndpoint: virtuoso.endpoint, gspEndpoint: virtuoso.gspEndpoint, credentials: credentials() };
    await loadDataset(quads.filter((q) => q.graph.value === graph).slice(0, 1), target);
    expect((await countGraphs(target, [graph])).get(graph)).toBe(1);
    const server = await startTestServer({
      SPARQL_ENDPOINT: virtuoso.endpoint,
      SPARQL_GSP_ENDPOINT: virtuoso.gspEndpoint,
      SPARQL_LOAD_ON_START: '1',
      SPARQL_USER: virtuoso.user,
      SPARQL_PASSWORD: virtuoso.password,
    });
    try {
      expect((await countGraphs(target, [graph])).get(graph)).toBe(groupByGraph(quads).get(graph)!.lines.length);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('without it, a publisher leaves the store as it is', async () => {
    const graph = `${BASE}claim/jeong-bal`;
    const target = { queryEndpoint: virtuoso.endpoint, gspEndpoint: virtuoso.gspEndpoint, credentials: credentials() };
    await loadDataset(quads.filter((q) => q.graph.value === graph).slice(0, 1), target);
    const server = await startTestServer({
      SPARQL_ENDPOINT: virtuoso.endpoint,
      SPARQL_GSP_ENDPOINT: virtuoso.gspEndpoint,
      SPARQL_USER: virtuoso.user,
      SPARQL_PASSWORD: virtuoso.password,
    });
    try {
      expect((await countGraphs(target, [graph])).get(graph)).toBe(1);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('queries on the remote store', () => {
  beforeAll(async () => {
    await loadDataset(quads, { queryEndpoint: virtuoso.endpoint, gspEndpoint: virtuoso.gspEndpoint, credentials: credentials() });
  });

  it('normalizes Virtuoso\'s "typed-literal" JSON to SPARQL 1.1 literals', async () => {
    // Virtuoso answers typed values with {"type": "typed-literal"}; check that it still does, then that we fix it.
    const raw = await (
      await fetch(`${virtuoso.endpoint}?query=${encodeURIComponent('SELECT (1 AS ?n) {}')}`, {
        headers: { accept: 'application/sparql-results+json' },
      })
    ).text();
    expect(raw).toMatch(/typed-literal/);
    const store = new RemoteStore({ endpoint: virtuoso.endpoint, timeoutMs: 10_000, maxRows: 100 });
    // Virtuoso keeps booleans as integers: a stored true ("around 0900") comes back as "1"^^xsd:boolean, made "true" here.
    const result = await store.query(`SELECT (1 AS ?n) ?b { <${BASE}resource/Death_of_Jeong_Bal> <${BASE}ontology#approximate> ?b }`, {
      resultsFormat: 'application/sparql-results+json',
    });
    expect(JSON.parse(result.body).results.bindings).toEqual([
      {
        n: { type: 'literal', value: '1', datatype: 'http://www.w3.org/2001/XMLSchema#integer' },
        b: { type: 'literal', value: 'true', datatype: 'http://www.w3.org/2001/XMLSchema#boolean' },
      },
    ]);
  });

  it('a query past the time limit is stopped and reported as such', async () => {
    const store = new RemoteStore({ endpoint: virtuoso.endpoint, timeoutMs: 500, maxRows: 100 });
    // Tens of millions of string comparisons: seconds of work on any machine. (Larger cross joins are
    // refused up front by Virtuoso's cost estimate, a QueryEvaluationError with its message.)
    const heavy = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(CONTAINS(LCASE(STR(?c)), CONCAT(STR(?f), "#"))) }';
    const error = await store.query(heavy, { resultsFormat: 'application/sparql-results+json' }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/QueryTimeoutError/);
  });

  it('an unknown extension function is not sent to the store: 403, naming the function', async () => {
    const store = new RemoteStore({ endpoint: virtuoso.endpoint, timeoutMs: 10_000, maxRows: 100 });
    const error = await store
      .query('SELECT (<urn:x:fn>(1) AS ?x) {}', { resultsFormat: 'application/sparql-results+json' })
      .catch((e: unknown) => e);
    // Refused by the store's query check; the HTTP layer makes a refusal a 403.
    expect(error).toMatchObject({ kind: 'refused' });
    expect((error as Error).message).toMatch(/The function <urn:x:fn> is not allowed/);
  });

  it("the store's error text goes to the log, never to the client", async () => {
    const logged: Record<string, unknown>[] = [];
    const store = new RemoteStore({ endpoint: virtuoso.endpoint, timeoutMs: 10_000, maxRows: 100, log: (e) => logged.push(e) });
    // A regular expression Virtuoso cannot compile: it answers with its error code, its own
    // rewriting of the query (its pragmas) and more.
    const error = await store
      .query('SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(")) } LIMIT 1', { resultsFormat: 'application/sparql-results+json' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'QueryEvaluationError' });
    expect((error as Error).message).not.toMatch(/Virtuoso|SR098|define|sql:/i);
    expect(JSON.stringify(logged)).toMatch(/SR098/);
  });

  it('Digest credentials: challenged once, then answered up front', async () => {
    const store = new RemoteStore({ endpoint: virtuoso.updateEndpoint, credentials: credentials(), timeoutMs: 10_000, maxRows: 100 });
    for (let i = 0; i < 3; i++) {
      const result = await store.query(`ASK { <${BASE}resource/Jeong_Bal> ?p ?o }`, { resultsFormat: 'application/sparql-results+json' });
      expect(JSON.parse(result.body)).toEqual({ head: {}, boolean: true });
    }
    expect(store.authChallenges).toBe(1);
    // Many at once share the nonce; each is answered.
    const many = await Promise.all(
      Array.from({ length: 12 }, () =>
        store.query(`ASK { <${BASE}resource/Jeong_Bal> ?p ?o }`, { resultsFormat: 'application/sparql-results+json' }),
      ),
    );
    for (const r of many) expect(JSON.parse(r.body)).toEqual({ head: {}, boolean: true });
    await store.close();
  });

  it('wrong Digest credentials: a clear error naming the user', async () => {
    const store = new RemoteStore({
      endpoint: virtuoso.updateEndpoint,
      credentials: { ...credentials(), password: 'wrong' },
      timeoutMs: 10_000,
      maxRows: 100,
    });
    const error = await store.query('ASK {}', { resultsFormat: 'application/sparql-results+json' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AuthenticationError' });
    expect((error as Error).message).toMatch(/rejected the credentials of user "dba"/);
    await store.close();
  });

  it('an unreachable store answers 503 with Retry-After', async () => {
    const store = new RemoteStore({
      endpoint: `http://127.0.0.1:${await freePort()}/sparql`,
      timeoutMs: 10_000,
      maxRows: 100,
      retryAfterSeconds: 7,
    });
    const error = await store.query('ASK {}', { resultsFormat: 'application/sparql-results+json' }).catch((e: unknown) => e);
    // The store says it is unavailable and when to retry; the HTTP layer makes that a 503 with Retry-After.
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ retryAfterSeconds: 7 });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    // The store's address is the operator's business, not the client's.
    expect((error as Error).message).not.toContain('127.0.0.1');
    expect(await store.ping()).toBe(false);
  });
});

describe('SSRF and disclosure through the store (issue 17)', () => {
  // A URL only Virtuoso could be made to fetch: every request it gets is recorded.
  const hits: string[] = [];
  const canary = createHttpServer((req, res) => {
    hits.push(req.url ?? '');
    canaryHit.emit('hit', req.url);
    res.end('CANARY-BODY');
  });
  const canaryHit = new EventEmitter();
  let server: RunningServer;
  let target = '';
  beforeAll(async () => {
    await loadDataset(quads, { queryEndpoint: virtuoso.endpoint, gspEndpoint: virtuoso.gspEndpoint, credentials: credentials() });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(canary.address() as { port: number }).port}`;
    server = await startTestServer({ SPARQL_ENDPOINT: virtuoso.endpoint });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => canary.close(resolve));
  });

  const accept = 'application/sparql-results+json, text/turtle;q=0.5';
  const sparql = (query: string, method: 'GET' | 'POST' = 'GET') =>
    method === 'GET'
      ? fetch(new URL(`/sparql?query=${encodeURIComponent(query)}`, server.url), { headers: { accept } })
      : fetch(new URL('/sparql', server.url), {
          method: 'POST',
          headers: { accept, 'content-type': 'application/sparql-query' },
          body: query,
        });

  it('the attack is real: Virtuoso asked directly fetches the URL and gives its body back', async () => {
    const fetched = new Promise((resolve) => canaryHit.once('hit', resolve));
    const res = await fetch(virtuoso.endpoint, {
      method: 'POST',
      headers: { accept: 'application/sparql-results+json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: `SELECT (bif:http_get("${target}/direct") AS ?x) {}` }),
    });
    expect(await res.text()).toContain('CANARY-BODY');
    expect(await fetched).toBe('/direct');
  });

  const attacks = (url: string): [string, string][] => [
    ['bif:http_get, prefix declared', `PREFIX bif: <bif:> SELECT (bif:http_get("${url}/1") AS ?x) {}`],
    ['<bif:http_get> as a full IRI', `SELECT (<bif:http_get>("${url}/2") AS ?x) {}`],
    ['upper-case scheme', `SELECT (<BIF:HTTP_GET>("${url}/3") AS ?x) {}`],
    ['in FILTER', `SELECT * { ?s ?p ?o FILTER(STRLEN(<bif:http_get>("${url}/4")) > 0) } LIMIT 1`],
    ['in BIND', `SELECT ?x { BIND(<bif:http_get>("${url}/5") AS ?x) }`],
    ['in ORDER BY', `SELECT ?s { ?s ?p ?o } ORDER BY <bif:http_get>("${url}/6") LIMIT 1`],
    ['in GROUP BY', `SELECT ?x { ?s ?p ?o } GROUP BY (<bif:http_get>("${url}/7") AS ?x)`],
    ['in HAVING', `SELECT ?s { ?s ?p ?o } GROUP BY ?s HAVING (<bif:http_get>("${url}/8") != "")`],
    ['in a subquery', `SELECT * { { SELECT (<bif:http_get>("${url}/9") AS ?x) {} } }`],
    ['in a CONSTRUCT', `CONSTRUCT { ?s <urn:x:p> ?x } WHERE { BIND(<urn:x:s> AS ?s) BIND(<bif:http_get>("${url}/10") AS ?x) }`],
    ['POST with a body of attacker headers', `SELECT (<bif:http_get>("${url}/11", 0, "POST", "X-Evil: 1", "body") AS ?x) {}`],
    ['behind a comment line', `SELECT * { ?s ?p ?o } # \n LIMIT 1`],
    ['the namespace IRI behind bif:', `SELECT (<http://www.openlinksw.com/schemas/bif#http_get>("${url}/12") AS ?x) {}`],
    ['a sql: procedure', `SELECT (<sql:DB.DBA.HTTP_GET>("${url}/13") AS ?x) {}`],
    ["the store's path", 'SELECT (<bif:server_root>() AS ?x) {}'],
    ["the store's version", 'SELECT (<bif:sys_stat>("st_dbms_ver") AS ?x) {}'],
    ['a magic predicate', 'SELECT * { ?s <bif:contains> "busan" }'],
  ];

  it('every spelling and position is refused with 403 and a reason, while an innocent client is served; the store fetches nothing', async () => {
    const innocent = `PREFIX bo: <${BASE}ontology#> SELECT ?e ?n WHERE { ?e bo:sequence ?n } ORDER BY ?n`;
    const expected = (await (await sparql(innocent)).json()) as { results: { bindings: unknown[] } };
    expect(expected.results.bindings.length).toBeGreaterThan(3);
    const before = hits.length;
    const cases = attacks(target).filter(([what]) => what !== 'behind a comment line');
    const [served, ...refused] = await Promise.all([
      Promise.all(Array.from({ length: 5 }, async () => (await sparql(innocent, 'POST')).json())),
      ...cases.flatMap(([what, query]) =>
        (['GET', 'POST'] as const).map(async (method) => {
          const res = await sparql(query, method);
          return { what, method, status: res.status, body: await res.text() };
        }),
      ),
    ]);
    for (const r of refused) {
      expect([r.what, r.method, r.status]).toEqual([r.what, r.method, 403]);
      expect(r.body).toMatch(/not allowed|may not use/);
      expect(r.body).not.toMatch(/CANARY|virtuoso|07\.20/i);
    }
    for (const answer of served as unknown[]) expect(answer).toEqual(expected);
    // Every refusal was decided before anything was sent; a query sent after them all reaches the
    // store, so nothing of theirs is still on its way.
    expect((await sparql(`ASK { <${BASE}resource/Jeong_Bal> ?p ?o }`)).status).toBe(200);
    expect(hits.slice(before)).toEqual([]);
  });

  it('what parses differently on each side is refused before the store sees it: pragmas, escapes, undeclared bif:', async () => {
    for (const query of [
      `define input:default-graph-uri <${target}/a> SELECT * { ?s ?p ?o } LIMIT 1`,
      `define get:soft "replace" SELECT * FROM <${target}/b> { ?s ?p ?o } LIMIT 1`,
      `SELECT (<\\u0062if:http_get>("${target}/c") AS ?x) {}`,
      `SELECT (bif:http_get("${target}/d") AS ?x) {}`,
      `SELECT * { ?s ?p ?o } LIMIT 1 # \n SELECT (bif:http_get("${target}/e") AS ?x) {}`,
    ]) {
      const res = await sparql(query);
      expect(res.status, query).toBe(400);
      expect(await res.text()).toMatch(/Malformed query/);
    }
    expect(hits.filter((h) => /^\/[a-e]$/.test(h))).toEqual([]);
  });

  it("a dataset naming a URL is a graph name to the store, never fetched (the client's sponging options are not passed on)", async () => {
    const query = encodeURIComponent(`ASK { ?s ?p ?o }`);
    for (const extra of ['', '&should-sponge=soft', '&should-sponge=grab-everything']) {
      const res = await fetch(
        new URL(
          `/sparql?query=${query}&default-graph-uri=${encodeURIComponent(`${target}/g`)}&named-graph-uri=${encodeURIComponent(`${target}/n`)}${extra}`,
          server.url,
        ),
        { headers: { accept } },
      );
      expect(res.status).toBeLessThan(500);
      await res.text();
    }
    expect((await sparql(`ASK { <${BASE}resource/Jeong_Bal> ?p ?o }`)).status).toBe(200);
    expect(hits.filter((h) => h === '/g' || h === '/n')).toEqual([]);
  });

  it("a store's error reaches the client as a plain reason, without the store's words", async () => {
    const res = await sparql('SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(")) } LIMIT 1');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toMatch(/could not be evaluated/);
    expect(text).not.toMatch(/Virtuoso|SR098|define|sql:|\/tmp/i);
  });

  it('the Service Description lists the extension functions a store is sent', async () => {
    const res = await fetch(new URL('/sparql', server.url), { headers: { accept: 'application/n-triples' } });
    const text = await res.text();
    expect(text).toContain('<http://www.w3.org/ns/sparql-service-description#extensionFunction> <http://www.w3.org/2001/XMLSchema#date>');
    expect(text).toMatch(/a query calling any other is refused \(403\)/);
  });
});

describe('answers kept for a time (SPARQL_REMOTE_CACHE_SECONDS)', () => {
  let kept: RunningServer;
  let fresh: RunningServer;
  beforeAll(async () => {
    await loadDataset(quads, { queryEndpoint: virtuoso.endpoint, gspEndpoint: virtuoso.gspEndpoint, credentials: credentials() });
    kept = await startTestServer({ SPARQL_ENDPOINT: virtuoso.endpoint, SPARQL_REMOTE_CACHE_SECONDS: '3600' });
    fresh = await startTestServer({ SPARQL_ENDPOINT: virtuoso.endpoint });
  }, 60_000);
  afterAll(async () => {
    await kept?.close();
    await fresh?.close();
  });

  const ask = (server: RunningServer, headers: Record<string, string> = {}) =>
    fetch(
      new URL(
        `/sparql?query=${encodeURIComponent(`SELECT ?n WHERE { <${BASE}resource/Japanese_landing> <${BASE}ontology#sequence> ?n }`)}`,
        server.url,
      ),
      { headers: { accept: 'application/sparql-results+json', ...headers } },
    );

  it('are given again until they expire; no-cache has the query evaluated anew; without the setting nothing is kept', async () => {
    const first = await ask(kept);
    const body = await first.text();
    expect(first.headers.get('x-sparql-cache')).toBe('miss');
    const second = await ask(kept);
    expect(second.headers.get('x-sparql-cache')).toBe('hit');
    expect(await second.text()).toBe(body);
    expect((await ask(kept, { 'cache-control': 'no-cache' })).headers.get('x-sparql-cache')).toBe('miss');
    for (let i = 0; i < 2; i++) expect((await ask(fresh)).headers.get('x-sparql-cache')).toBe('bypass');
    const description = await (await fetch(new URL('/sparql', kept.url), { headers: { accept: 'application/n-triples' } })).text();
    expect(description).toMatch(/kept for 3600 s/);
  });
});

describe('the store goes down and comes back', () => {
  let server: RunningServer;
  beforeAll(async () => {
    await loadDataset(quads, { queryEndpoint: virtuoso.endpoint, gspEndpoint: virtuoso.gspEndpoint, credentials: credentials() });
    server = await startTestServer({ SPARQL_ENDPOINT: virtuoso.endpoint, SPARQL_RETRY_AFTER: '3' });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const ask = () =>
    fetch(new URL(`/sparql?query=${encodeURIComponent(`ASK { <${BASE}resource/Jeong_Bal> ?p ?o }`)}`, server.url), {
      headers: { accept: 'application/sparql-results+json' },
    });
  const health = () => fetch(new URL('/healthz', server.url));

  it('serves, answers 503 + Retry-After while Virtuoso is stopped, and resumes by itself when it is back', async () => {
    expect((await ask()).status).toBe(200);
    expect((await health()).status).toBe(200);

    await stopVirtuoso(virtuoso, { remove: false });
    const down = await ask();
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('3');
    expect(await down.text()).toMatch(/unavailable/);
    const sick = await health();
    expect(sick.status).toBe(503);
    expect(await sick.json()).toMatchObject({ store: 'remote' });
    expect((await health()).headers.get('content-type')).toMatch(/json/);
    // What does not need the store still works.
    expect((await fetch(new URL('/data/Jeong_Bal.ttl', server.url))).status).toBe(200);

    await restartVirtuoso(virtuoso);
    const back = await ask();
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ boolean: true });
    expect((await health()).status).toBe(200);
  }, 120_000);
});
