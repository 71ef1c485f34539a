// The same publisher over two stores: the embedded one, and a remote SPARQL endpoint backed by a
// private Virtuoso started for this file. Every route must give the same answer on both; where
// Virtuoso differs, the test says how.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { loadDataset } from '../../src/store/remote-load.js';
import { answer, expectSameAnswer, solutions } from '../helpers/same-answers.js';
import { BASE, startTestServer } from '../helpers/server.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { startVirtuoso, stopVirtuoso, type VirtuosoInstance } from '../helpers/virtuoso.js';

/** Virtuoso's own silent row cap for this file: below the size of the dataset, so it shows. */
const VIRTUOSO_MAX_ROWS = 1000;

let virtuoso: VirtuosoInstance;
let embedded: RunningServer;
let remote: ServerProcess;

beforeAll(async () => {
  virtuoso = await startVirtuoso({ maxRows: VIRTUOSO_MAX_ROWS });
  embedded = await startTestServer();
  // The remote publisher builds the same graph; `load` is what fills the store.
  await loadDataset(embedded.site.current.graph.quads, {
    queryEndpoint: virtuoso.endpoint,
    gspEndpoint: virtuoso.gspEndpoint,
    credentials: { user: virtuoso.user, password: virtuoso.password, scheme: 'auto' },
  });
  remote = await startServerProcess({ SPARQL_ENDPOINT: virtuoso.endpoint });
}, 180_000);

afterAll(async () => {
  await embedded?.close();
  await remote?.close();
  if (virtuoso) await stopVirtuoso(virtuoso);
});

const both = async (path: string, init: RequestInit = {}) =>
  [await answer(embedded.url, path, init), await answer(remote.url, path, init)] as const;
const sparql = (query: string) => `/sparql?query=${encodeURIComponent(query)}`;
const accept = (type: string) => ({ headers: { accept: type } });
const PREFIXES = `PREFIX bo: <${BASE}ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>`;
/** Our own triples: Virtuoso's union default graph also holds its system graphs (see below). */
const OURS = `FILTER(STRSTARTS(STR(?s), "${BASE}"))`;

describe('the remote publisher', () => {
  it('says it serves from the remote store', async () => {
    const [a, b] = await both('/healthz');
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(JSON.parse(a.body)).toMatchObject({ status: 'ok', store: 'embedded' });
    expect(JSON.parse(b.body)).toMatchObject({ status: 'ok', store: 'remote' });
    const { store: _a, ...restA } = JSON.parse(a.body);
    const { store: _b, ...restB } = JSON.parse(b.body);
    expect(Object.keys(restB).sort()).toEqual(Object.keys(restA).sort());
  });
});

describe('/sparql gives the same answers on both stores', () => {
  const selects: [string, string, boolean][] = [
    ['a date', `${PREFIXES} SELECT ?date WHERE { <${BASE}resource/Siege_of_Busanjin> bo:date ?date }`, false],
    [
      'labels and spellings, with diacritics',
      `${PREFIXES} SELECT ?s ?label WHERE { { ?s rdfs:label ?label } UNION { ?s skos:altLabel ?label } ${OURS} } ORDER BY ?s ?label`,
      true,
    ],
    [
      'numbers, dates, times and booleans',
      `${PREFIXES} SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && datatype(?o) != <http://www.w3.org/2001/XMLSchema#string> && datatype(?o) != <http://www.w3.org/1999/02/22-rdf-syntax-ns#langString>) ${OURS} }`,
      false,
    ],
    ['the claim graphs a fact is in', `${PREFIXES} SELECT ?g WHERE { GRAPH ?g { <${BASE}resource/Siege_of_Busanjin> bo:date ?d } }`, false],
    [
      'an aggregate',
      `${PREFIXES} SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type ${OURS} FILTER(STRSTARTS(STR(?type), "${BASE}")) } GROUP BY ?type ORDER BY ?type`,
      true,
    ],
    ['the timeline, in order', `${PREFIXES} SELECT ?e ?n WHERE { ?e bo:sequence ?n } ORDER BY ?n`, true],
  ];
  for (const [what, query, ordered] of selects) {
    it(`SELECT: ${what}`, async () => {
      const [a, b] = await both(sparql(query), accept('application/sparql-results+json'));
      expect(a.status).toBe(200);
      const rows = solutions(a.body);
      expect(Array.isArray(rows) && rows.length).toBeGreaterThan(0);
      await expectSameAnswer(a, b, BASE, { ordered });
    });
  }

  for (const type of ['text/csv', 'text/tab-separated-values']) {
    it(`SELECT as ${type}`, async () => {
      const [a, b] = await both(sparql(selects[1]![1]), accept(type));
      expect(a.status).toBe(200);
      await expectSameAnswer(a, b, BASE);
    });
  }

  it('SELECT as SPARQL XML: the same bindings', async () => {
    const [a, b] = await both(sparql(selects[0]![1]), accept('application/sparql-results+xml'));
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const bindings = (xml: string) =>
      [...xml.matchAll(/<literal[^>]*>([^<]*)<\/literal>|<uri>([^<]*)<\/uri>/g)].map((m) => m[0].replace(/\s+/g, ' '));
    expect(bindings(b.body)).toEqual(bindings(a.body));
    expect(bindings(a.body)).toHaveLength(1);
  });

  it('SELECT over the dataset a request names (default-graph-uri)', async () => {
    const graph = `${BASE}claim/jeong-bal`;
    const query = `SELECT ?s ?p ?o WHERE { ?s ?p ?o }`;
    const [a, b] = await both(`${sparql(query)}&default-graph-uri=${encodeURIComponent(graph)}`, accept('application/sparql-results+json'));
    expect(a.status).toBe(200);
    expect((solutions(a.body) as string[]).length).toBeGreaterThan(0);
    await expectSameAnswer(a, b, BASE);
  });

  for (const [query, expected] of [
    [`ASK { <${BASE}resource/Jeong_Bal> ?p ?o }`, true],
    [`ASK { <${BASE}resource/Nobody> ?p ?o }`, false],
  ] as const) {
    it(`ASK ${expected}`, async () => {
      const [a, b] = await both(sparql(query), accept('application/sparql-results+json'));
      expect(JSON.parse(a.body).boolean).toBe(expected);
      await expectSameAnswer(a, b, BASE);
    });
  }

  for (const type of ['text/turtle', 'application/n-triples', 'application/ld+json', 'application/rdf+xml']) {
    it(`CONSTRUCT as ${type}: isomorphic graphs`, async () => {
      const query = `CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s IN (<${BASE}resource/Jeong_Bal>, <${BASE}resource/Siege_of_Busanjin>)) }`;
      const [a, b] = await both(sparql(query), accept(type));
      expect(a.status).toBe(200);
      expect(a.body.length).toBeGreaterThan(100);
      await expectSameAnswer(a, b, BASE);
    });
  }

  it('DESCRIBE-free CONSTRUCT with a template that makes new triples', async () => {
    const query = `${PREFIXES} CONSTRUCT { ?e <urn:x:next> ?f } WHERE { ?e bo:sequence ?n . ?f bo:sequence ?m FILTER(?m = ?n + 1) }`;
    const [a, b] = await both(sparql(query), accept('text/turtle'));
    expect(a.status).toBe(200);
    await expectSameAnswer(a, b, BASE);
  });

  it('a malformed query is refused the same way', async () => {
    const [a, b] = await both(sparql('SELEC ?x WHERE {'));
    expect(a.status).toBe(400);
    expect(b.status).toBe(400);
  });

  it('an update is refused the same way, and changes nothing', async () => {
    const init = { method: 'POST', body: new URLSearchParams({ update: `INSERT DATA { <${BASE}resource/X> <urn:x:p> "x" }` }) };
    const [a, b] = await both('/sparql', init);
    expect([a.status, b.status]).toEqual([403, 403]);
    const [c, d] = await both(sparql(`ASK { <${BASE}resource/X> ?p ?o }`), accept('application/sparql-results+json'));
    expect([JSON.parse(c.body).boolean, JSON.parse(d.body).boolean]).toEqual([false, false]);
  });
});

describe('where Virtuoso differs, and what the publisher does about it', () => {
  it("Virtuoso's default graph is the union of ALL its graphs, its own system graphs included: an unfiltered count is larger", async () => {
    const [a, b] = await both(sparql('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'), accept('application/sparql-results+json'));
    const count = (body: string) => Number(JSON.parse(body).results.bindings[0].n.value);
    expect(count(b.body)).toBeGreaterThan(count(a.body));
    // Restricted to the dataset's own IRIs and counted distinct, the two agree. The embedded store's
    // default graph is the merge (each statement once); Virtuoso's union counts a statement once per
    // graph that holds it, so its plain count may be the larger.
    const [c, d] = await both(sparql(`SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o ${OURS} }`), accept('application/sparql-results+json'));
    const [e, f] = await both(
      sparql(`SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o ${OURS} } }`),
      accept('application/sparql-results+json'),
    );
    expect(count(f.body)).toBe(count(e.body));
    expect(count(c.body)).toBe(count(e.body));
    expect(count(d.body)).toBeGreaterThanOrEqual(count(c.body));
  });

  it(`Virtuoso cuts results at its ResultSetMaxRows (${VIRTUOSO_MAX_ROWS} here) silently; the publisher reports the cut`, async () => {
    const [a, b] = await both(sparql(`SELECT ?s ?p ?o WHERE { ?s ?p ?o ${OURS} }`), accept('application/sparql-results+json'));
    expect(a.status).toBe(200);
    expect((solutions(a.body) as string[]).length).toBeGreaterThan(VIRTUOSO_MAX_ROWS);
    expect(a.headers.get('x-sparql-truncated')).toBeNull();
    expect((solutions(b.body) as string[]).length).toBeLessThanOrEqual(VIRTUOSO_MAX_ROWS);
    expect(b.headers.get('x-sparql-truncated')).toBe('true');
  });
});

describe('the other routes give the same answers on both stores', () => {
  const routes: [string, string][] = [
    ['/healthz', 'application/json'],
    ['/dumps/busanjin.nq', '*/*'],
    ['/dumps/busanjin.trig', '*/*'],
    ['/dumps/busanjin.jsonld', '*/*'],
    ['/', 'text/html'],
    ['/resource/Jeong_Bal', 'text/turtle'],
    ['/resource/Jeong_Bal', 'text/html'],
    ['/resource/Chŏng_Pal', 'text/turtle'],
    ['/data/Jeong_Bal.ttl', '*/*'],
    ['/data/Jeong_Bal.jsonld', '*/*'],
    ['/data/Siege_of_Busanjin', 'application/n-triples'],
    ['/data/Siege_of_Busanjin.nq', '*/*'],
    ['/page/Jeong_Bal', 'text/html'],
    ['/ontology', 'text/turtle'],
    ['/void', 'text/turtle'],
    ['/search?q=jeong%20bal', 'application/json'],
    ['/search?q=busan&limit=3', 'application/json'],
    ['/reconcile', 'application/json'],
    ['/reconcile?queries=' + encodeURIComponent(JSON.stringify({ q0: { query: 'Chong Pal' } })), 'application/json'],
    ['/fragments?subject=' + encodeURIComponent(`${BASE}resource/Jeong_Bal`), 'text/turtle'],
    ['/resource/Nobody', 'text/turtle'],
  ];
  for (const [path, type] of routes) {
    it(`GET ${decodeURIComponent(path)} (${type})`, async () => {
      const [a, b] = await both(encodeURI(decodeURI(path)), accept(type));
      if (path === '/healthz') {
        const { store: _a, builtAt: _ta, ...ha } = JSON.parse(a.body);
        const { store: _b, builtAt: _tb, ...hb } = JSON.parse(b.body);
        expect(hb).toEqual(ha);
        return;
      }
      // Sizes written in pages depend on the blank node labels of each build, not on the store.
      const bytes = (t: string) =>
        t
          .replace(/\(\d[\d,]* bytes\)/g, '(… bytes)')
          .replace(/(dcat:byteSize\s+)"\d+"/g, '$1"0"')
          .replace(/\b[0-9a-f]{64}\b/g, 'sha256');
      await expectSameAnswer({ ...a, body: bytes(a.body) }, { ...b, body: bytes(b.body) }, BASE, {
        masks: [await builtAt(embedded.url), await builtAt(remote.url)],
        loadContext: async (url) => (await fetch(new URL(new URL(url).pathname, embedded.url))).json(),
      });
    });
  }

  it('GET /dumps/ lists the same dumps (their bytes differ by blank node labels, which each build draws)', async () => {
    const [a, b] = await both('/dumps/');
    const list = (body: string) =>
      (JSON.parse(body) as { dumps: { name: string; url: string; mediaType: string }[] }).dumps.map(({ name, url, mediaType }) => ({
        name,
        url,
        mediaType,
      }));
    expect(a.status).toBe(200);
    expect(list(b.body)).toEqual(list(a.body));
  });
});

/** The ways a server's build time is written. */
async function builtAt(url: string): Promise<string[]> {
  const d = new Date(((await (await fetch(new URL('/healthz', url))).json()) as { builtAt: string }).builtAt);
  return [d.toISOString(), d.toISOString().replace(/\.\d+Z$/, 'Z'), d.toISOString().slice(0, 19), d.toUTCString()];
}
