// /sparql over HTTP on the real app: the protocol, the formats, the refusals, the limits
// (time, rows, queue, body size), and a server that keeps answering through all of it.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import jsonld from 'jsonld';
import oxigraph from 'oxigraph';
import type { Quad } from '@rdfjs/types';
import type { RunningServer } from '../../src/server.js';
import type { WorkerPool } from '../../src/store/worker-pool.js';
import { exampleQueries } from '../../src/views/sparql-page.js';
import { literal, namedNode, quad } from '../../src/rdf/terms.js';
import { parseRdf, sameGraph, tripleKey } from '../helpers/rdf.js';
import { RUNAWAY } from '../helpers/queries.js';
import { BASE, startTestServer } from '../helpers/server.js';

const LIMITS = { SPARQL_TIMEOUT_MS: '1000', SPARQL_MAX_ROWS: '50', SPARQL_WORKERS: '2', SPARQL_QUEUE: '1', SPARQL_MAX_BODY_BYTES: '20000' };
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer(LIMITS);
});
afterAll(async () => {
  await server?.close();
});

const url = (path: string) => new URL(path, server.url).href;
const get = (path: string, init?: RequestInit) => fetch(url(path), init);
const q = (query: string, accept = 'application/sparql-results+json', extra = '') =>
  get(`/sparql?query=${encodeURIComponent(query)}${extra}`, { headers: { accept } });
const pool = () => server.site.current.store as WorkerPool;

const PREFIX = `PREFIX bo: <${BASE}ontology#> PREFIX : <${BASE}resource/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>`;
const SIEGE_DATE = `${PREFIX} SELECT ?date WHERE { :Siege_of_Busanjin bo:date ?date }`;

type Bindings = { head: { vars: string[] }; results: { bindings: Record<string, { type: string; value: string; datatype?: string }>[] } };

async function bindings(res: Response) {
  expect(res.status).toBe(200);
  return ((await res.json()) as Bindings).results.bindings;
}

async function stillAnswers() {
  const res = await q(SIEGE_DATE);
  expect((await bindings(res)).map((b) => b.date!.value)).toEqual(['1592-05-24']);
}

describe('the protocol', () => {
  it('takes a query by GET, by POST form and by POST direct, with the same answer', async () => {
    const viaGet = await bindings(await q(SIEGE_DATE));
    const viaForm = await bindings(
      await get('/sparql', {
        method: 'POST',
        headers: { accept: 'application/sparql-results+json' },
        body: new URLSearchParams({ query: SIEGE_DATE }),
      }),
    );
    const viaDirect = await bindings(
      await get('/sparql', {
        method: 'POST',
        headers: { accept: 'application/sparql-results+json', 'content-type': 'application/sparql-query' },
        body: SIEGE_DATE,
      }),
    );
    expect(viaGet).toEqual(viaForm);
    expect(viaGet).toEqual(viaDirect);
    expect(viaGet).toHaveLength(1);
  });

  it('writes typed literals SPARQL 1.1 style in JSON', async () => {
    const [date] = await bindings(await q(SIEGE_DATE));
    expect(date!.date).toEqual({ type: 'literal', value: '1592-05-24', datatype: 'http://www.w3.org/2001/XMLSchema#date' });
  });

  it('answers SELECT in XML, CSV and TSV by Accept, and by the format parameter', async () => {
    const xml = await q(SIEGE_DATE, 'application/sparql-results+xml');
    expect(xml.headers.get('content-type')).toMatch(/^application\/sparql-results\+xml/);
    expect(await xml.text()).toContain('<literal datatype="http://www.w3.org/2001/XMLSchema#date">1592-05-24</literal>');
    const csv = await q(SIEGE_DATE, 'text/csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).trim().split(/\r?\n/)).toEqual(['date', '1592-05-24']);
    const tsv = await q(SIEGE_DATE, 'text/tab-separated-values');
    expect((await tsv.text()).trim().split(/\r?\n/)).toEqual(['?date', '"1592-05-24"^^<http://www.w3.org/2001/XMLSchema#date>']);
    const param = await q(SIEGE_DATE, 'text/html,*/*;q=0.8', '&format=csv');
    expect(param.headers.get('content-type')).toMatch(/^text\/csv/);
  });

  it('answers ASK', async () => {
    const res = await q(`${PREFIX} ASK { :Siege_of_Busanjin bo:date ?d }`);
    expect(await res.json()).toMatchObject({ boolean: true });
  });

  it('answers CONSTRUCT in every RDF format with the same graph, N-Quads included', async () => {
    const construct = `${PREFIX} CONSTRUCT { :Siege_of_Busanjin ?p ?o } WHERE { :Siege_of_Busanjin ?p ?o }`;
    const turtle = parseRdf(await (await q(construct, 'text/turtle')).text(), 'Turtle');
    expect(turtle.length).toBeGreaterThan(3);
    for (const [type, parse] of [
      ['application/n-triples', (t: string) => parseRdf(t, 'N-Triples')],
      ['application/n-quads', (t: string) => parseRdf(t, 'N-Quads')],
      ['application/trig', (t: string) => parseRdf(t, 'TriG')],
      [
        'application/ld+json',
        async (t: string) =>
          parseRdf((await jsonld.toRDF(JSON.parse(t), { format: 'application/n-quads' })) as unknown as string, 'N-Quads'),
      ],
      ['application/rdf+xml', (t: string) => oxigraph.parse(t, { format: 'application/rdf+xml' }) as unknown as Quad[]],
    ] as const) {
      const res = await q(construct, type);
      expect(res.status, type).toBe(200);
      expect(res.headers.get('content-type'), type).toContain(type);
      expect(sameGraph(await parse(await res.text()), turtle), type).toBe(true);
    }
  });

  it('answers DESCRIBE', async () => {
    const res = await q(`${PREFIX} DESCRIBE :Siege_of_Busanjin`, 'application/n-triples');
    expect(res.status).toBe(200);
    expect(parseRdf(await res.text(), 'N-Triples').length).toBeGreaterThan(3);
  });

  it('takes the dataset from default-graph-uri and named-graph-uri', async () => {
    const [first] = await bindings(await q(`${PREFIX} SELECT ?g WHERE { GRAPH ?g { ?e bo:sequence 1 } }`));
    const graph = first!.g!.value;
    const events = `${PREFIX} SELECT ?e WHERE { ?e bo:sequence ?n }`;
    expect(await bindings(await q(events, undefined, `&default-graph-uri=${encodeURIComponent(graph)}`))).toHaveLength(1);
    expect((await bindings(await q(events))).length).toBeGreaterThan(5);
    const named = `${PREFIX} SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }`;
    const onlyOne = await bindings(await q(named, undefined, `&named-graph-uri=${encodeURIComponent(graph)}`));
    expect(onlyOne.map((b) => b.g!.value)).toEqual([graph]);
    // POST direct takes them from the URL.
    const direct = await get(`/sparql?default-graph-uri=${encodeURIComponent(graph)}`, {
      method: 'POST',
      headers: { accept: 'application/sparql-results+json', 'content-type': 'application/sparql-query' },
      body: events,
    });
    expect(await bindings(direct)).toHaveLength(1);
  });
});

// Three statements of the article sit in two graphs each (a fact from the infobox and from a
// sentence); this one is the siege's place in the war.
const IN_TWO_GRAPHS = `${PREFIX} SELECT * WHERE { :Siege_of_Busanjin bo:partOf :Imjin_War }`;
const count = async (query: string, extra = '') => Number((await bindings(await q(query, undefined, extra)))[0]!.n!.value);

describe('the default graph is the merge of the graphs: each statement once', () => {
  it('gives a statement held by two graphs once', async () => {
    const graphs = await bindings(await q(`${PREFIX} SELECT ?g WHERE { GRAPH ?g { :Siege_of_Busanjin bo:partOf :Imjin_War } }`));
    expect(graphs.length).toBe(2);
    expect(await bindings(await q(IN_TWO_GRAPHS))).toHaveLength(1);
  });

  it('counts every statement once: COUNT(*) is the count of distinct triples, below the count of quads', async () => {
    const all = await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    const distinct = await count('SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }');
    const quads = await count('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }');
    expect(all).toBe(distinct);
    expect(all).toBe(new Set(server.site.current.graph.quads.map((t) => tripleKey(t))).size);
    expect(quads).toBe(server.site.current.graph.quads.length);
    expect(quads).toBeGreaterThan(all);
  });

  it('answers CONSTRUCT with each triple once', async () => {
    const res = await q(`${PREFIX} CONSTRUCT { ?s bo:partOf ?o } WHERE { ?s bo:partOf ?o }`, 'application/n-triples');
    const lines = (await res.text()).trim().split('\n');
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.filter((l) => l.includes('/resource/Siege_of_Busanjin> ') && l.includes('/resource/Imjin_War>'))).toHaveLength(1);
  });

  it('still honours the protocol dataset, FROM and GRAPH ?g, which never see the merge as a graph', async () => {
    const [first] = await bindings(await q(`${PREFIX} SELECT ?g WHERE { GRAPH ?g { :Siege_of_Busanjin bo:partOf :Imjin_War } }`));
    const graph = first!.g!.value;
    expect(await bindings(await q(IN_TWO_GRAPHS, undefined, `&default-graph-uri=${encodeURIComponent(graph)}`))).toHaveLength(1);
    expect(await bindings(await q(IN_TWO_GRAPHS.replace('WHERE', `FROM <${graph}> WHERE`)))).toHaveLength(1);
    // Only named graphs, no default graph: the statement is not in it.
    expect(await bindings(await q(IN_TWO_GRAPHS, undefined, `&named-graph-uri=${encodeURIComponent(graph)}`))).toHaveLength(0);
    // Without a dataset, GRAPH ?g ranges over the data's own graphs, exactly.
    const names = new Set(server.site.current.graph.quads.map((t) => t.graph.value).filter(Boolean));
    expect(await count('SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')).toBe(names.size);
  });
});

describe('GET /sparql without a query', () => {
  it('gives RDF clients the Service Description, with the limits', async () => {
    const res = await get('/sparql', { headers: { accept: 'text/turtle' } });
    expect(res.status).toBe(200);
    const sd = parseRdf(await res.text(), 'Turtle');
    const endpoint = `${BASE}sparql`;
    expect(
      sd.some((t) => t.subject.value === endpoint && t.object.value === 'http://www.w3.org/ns/sparql-service-description#Service'),
    ).toBe(true);
    expect(sd.find((t) => t.predicate.value === `${endpoint}#maxRows`)?.object.value).toBe('50');
    expect(sd.find((t) => t.predicate.value === `${endpoint}#timeoutMs`)?.object.value).toBe('1000');
  });

  it('gives browsers a YASGUI page served from this origin, under a CSP', async () => {
    const res = await get('/sparql', { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBe(2);
    // No inline script runs: the only inline element is a JSON data block.
    expect([...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1])).toEqual([' type="application/json" id="sparql-config"']);
    for (const asset of [...scripts, ...styles]) {
      expect(asset).not.toMatch(/^https?:/);
      const a = await get(new URL(asset, url('/sparql')).pathname);
      expect(a.status, asset).toBe(200);
      expect((await a.text()).length, asset).toBeGreaterThan(20);
    }
  });

  it('offers example queries about the article that all have answers', async () => {
    const examples = exampleQueries(BASE);
    expect(examples.map((e) => e.title).join(' ')).toMatch(/command.*timeline.*casualties.*wikidata/i);
    for (const example of examples) {
      const rows = await bindings(await q(example.query));
      expect(rows.length, example.title).toBeGreaterThan(0);
      // None shows a row twice (a statement held by two graphs once came back twice).
      expect(new Set(rows.map((r) => JSON.stringify(r))).size, example.title).toBe(rows.length);
    }
  });
});

describe('read-only', () => {
  const nothingChanged = async () => {
    const res = await q('ASK { <urn:x:a> ?p ?o }');
    expect(await res.json()).toMatchObject({ boolean: false });
  };
  const update = 'INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }';

  it('refuses an update sent by form, by media type, as a query and in the URL with 403', async () => {
    for (const res of [
      await get('/sparql', { method: 'POST', body: new URLSearchParams({ update }) }),
      await get('/sparql', { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: update }),
      await get('/sparql', { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: update }),
      await get(`/sparql?query=${encodeURIComponent(update)}`),
      await get(`/sparql?update=${encodeURIComponent(update)}`),
    ]) {
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/read-only/);
      await nothingChanged();
    }
  });

  it('refuses SERVICE, wherever it hides, and fetches nothing', async () => {
    for (const query of [
      'SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }',
      'SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?q ?r } } }',
      'SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } } } }',
    ]) {
      const res = await q(query);
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/SERVICE is not allowed/);
    }
  });
});

describe("a client's mistakes: 4xx with a clear message, and the server still answers", () => {
  afterEach(stillAnswers);

  it('400 with the parser message and position for a malformed query', async () => {
    const res = await q('SELECT ?x WHERE { ?x ?y }');
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Malformed query: Parse error on line 1/);
  });

  it('400 for two queries', async () => {
    const res = await get(`/sparql?query=${encodeURIComponent('ASK {}')}&query=${encodeURIComponent('ASK {}')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Exactly one query/);
  });

  it('400 for an empty query, and for a query in both the URL and a direct body', async () => {
    expect((await q('  ')).status).toBe(400);
    const both = await get(`/sparql?query=${encodeURIComponent('ASK {}')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/sparql-query' },
      body: 'ASK {}',
    });
    expect(both.status).toBe(400);
    expect(await both.text()).toMatch(/not both/);
  });

  it('415 for a POST in another media type, or with none', async () => {
    const plain = await get('/sparql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'ASK {}' });
    expect(plain.status).toBe(415);
    expect(await plain.text()).toMatch(/application\/sparql-query/);
    const none = await get('/sparql', { method: 'POST', body: new Uint8Array(Buffer.from('ASK {}')) });
    expect(none.status).toBe(415);
  });

  it('400 for a body that is not UTF-8, and for a percent-escape that is not', async () => {
    const body = Buffer.concat([Buffer.from('SELECT * WHERE { ?s ?p "'), Buffer.from([0xff, 0xfe]), Buffer.from('" }')]);
    const direct = await get('/sparql', { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body });
    expect(direct.status).toBe(400);
    expect(await direct.text()).toMatch(/not valid UTF-8/);
    const viaUrl = await get('/sparql?query=ASK%20%7B%7D%FF');
    expect(viaUrl.status).toBe(400);
    expect(await viaUrl.text()).toMatch(/not valid UTF-8/);
  });

  it('415 for a charset other than UTF-8', async () => {
    const res = await get('/sparql', {
      method: 'POST',
      headers: { 'content-type': 'application/sparql-query; charset=iso-8859-1' },
      body: 'ASK {}',
    });
    expect(res.status).toBe(415);
  });

  it('413 for a body over the limit', async () => {
    const query = `ASK { ?s ?p "${'x'.repeat(30_000)}" }`;
    const res = await get('/sparql', { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: query });
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/over the limit of 20000 bytes/);
  });

  it('406 listing what is offered, for a type it cannot write', async () => {
    const res = await q(SIEGE_DATE, 'image/png');
    expect(res.status).toBe(406);
    expect(await res.text()).toMatch(/application\/sparql-results\+json/);
    // A format parameter we cannot write is left to the Accept header, as Virtuoso and Fuseki do.
    const unknownFormat = await q(SIEGE_DATE, '*/*', '&format=docx');
    expect(unknownFormat.status).toBe(200);
    expect(unknownFormat.headers.get('content-type')).toBe('application/sparql-results+json');
    const unknownAndUnacceptable = await q(SIEGE_DATE, 'image/png', '&format=docx');
    expect(unknownAndUnacceptable.status).toBe(406);
  });

  it('405 for another method', async () => {
    const res = await get('/sparql', { method: 'PUT', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
  });

  it('400 for a graph parameter that is not an absolute IRI', async () => {
    const res = await q(SIEGE_DATE, undefined, '&default-graph-uri=not%20an%20iri');
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/default-graph-uri must be an absolute IRI/);
  });
});

describe('limits', () => {
  it('caps the rows and says so in a header, in every format', async () => {
    const capped = await q('SELECT * WHERE { ?s ?p ?o }');
    expect(capped.headers.get('x-sparql-truncated')).toBe('true');
    expect(capped.headers.get('x-sparql-max-rows')).toBe('50');
    expect(await bindings(capped)).toHaveLength(50);
    const csv = await q('SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o', 'text/csv');
    expect(csv.headers.get('x-sparql-truncated')).toBe('true');
    const construct = await q('CONSTRUCT WHERE { ?s ?p ?o }', 'application/n-triples');
    expect(construct.headers.get('x-sparql-truncated')).toBe('true');
    expect(parseRdf(await construct.text(), 'N-Triples')).toHaveLength(50);
  });

  it('does not mark a result within the cap, nor one whose own LIMIT keeps it there', async () => {
    const small = await q('SELECT * WHERE { ?s ?p ?o } LIMIT 50');
    expect(small.headers.get('x-sparql-truncated')).toBeNull();
    expect(await bindings(small)).toHaveLength(50);
    const over = await q('SELECT * WHERE { ?s ?p ?o } LIMIT 500 OFFSET 3');
    expect(over.headers.get('x-sparql-truncated')).toBe('true');
    expect(await bindings(over)).toHaveLength(50);
    const oneOver = await q('SELECT * WHERE { ?s ?p ?o } LIMIT 51');
    expect(oneOver.headers.get('x-sparql-truncated')).toBe('true');
    expect(await bindings(oneOver)).toHaveLength(50);
    const exact = await q(SIEGE_DATE);
    expect(exact.headers.get('x-sparql-truncated')).toBeNull();
  });

  it('caps a query that ends with a comment or with a VALUES clause, and keeps its meaning', async () => {
    const commented = await q('SELECT * WHERE { ?s ?p ?o } # every triple');
    expect(commented.headers.get('x-sparql-truncated')).toBe('true');
    expect(await bindings(commented)).toHaveLength(50);
    const inScope = 'VALUES ?p { <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2000/01/rdf-schema#label> }';
    const [all] = await bindings(await q(`SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o ${inScope} }`));
    expect(Number(all!.n!.value)).toBeGreaterThan(50);
    const capped = await q(`SELECT ?s ?p ?o WHERE { ?s ?p ?o } ${inScope}`);
    expect(capped.headers.get('x-sparql-truncated')).toBe('true');
    const rows = await bindings(capped);
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.p!.value.endsWith('#type') || r.p!.value.endsWith('#label'))).toBe(true);
  });

  it('resolves relative IRIs in a query against the endpoint', async () => {
    const [row] = await bindings(await q('SELECT (<x> AS ?iri) WHERE {}'));
    expect(row!.iri!.value).toBe(`${BASE}x`);
  });

  it('stops a query past the time limit with 503, replaces its worker, and the next query works', async () => {
    const { workers, restarts } = pool().stats;
    const res = await q(RUNAWAY);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/time limit of 1000 ms/);
    // Replaced in place: as many workers as before, one more restart.
    expect(pool().stats).toMatchObject({ workers, restarts: restarts + 1 });
    await stillAnswers();
  });
});

// A time limit long enough that a runaway query is certainly still running while the test looks:
// one worker, one place in the queue. The pool is closed first, which ends the runaway queries.
describe('while a runaway query runs', () => {
  let busy: RunningServer;
  // No answers kept: the same query twice must take two places in the pool, not share one run.
  beforeAll(async () => {
    busy = await startTestServer({ SPARQL_TIMEOUT_MS: '120000', SPARQL_WORKERS: '1', SPARQL_QUEUE: '1', SPARQL_CACHE_MB: '0' });
  });
  afterAll(async () => {
    await busy?.site.current.store.close();
    await Promise.allSettled(runaway);
    await busy?.close();
  });
  const at = (path: string) => fetch(new URL(path, busy.url));
  const busyPool = () => busy.site.current.store as WorkerPool;
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((r) => setTimeout(r, 10));
  };
  const runaway: Promise<Response>[] = [];

  it('keeps /healthz answering while every worker runs a query', async () => {
    runaway.push(at(`/sparql?query=${encodeURIComponent(RUNAWAY)}`));
    await until(() => busyPool().stats.busy === 1);
    const health = await at('/healthz');
    expect(health.status).toBe(200);
    // Answered while the runaway still holds the only worker: /healthz never waits for a query.
    expect(busyPool().stats.busy).toBe(1);
  });

  it('answers 503 with Retry-After when every worker is busy and the queue is full', async () => {
    runaway.push(at(`/sparql?query=${encodeURIComponent(RUNAWAY)}`)); // the one place in the queue
    await until(() => busyPool().stats.queued === 1);
    const refused = await at(`/sparql?query=${encodeURIComponent(SIEGE_DATE)}`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.text()).toMatch(/busy/);
    expect((await at('/healthz')).status).toBe(200);
  });
});

describe('reload', () => {
  it('gives the workers the new data when the store is replaced', async () => {
    const { graph, store } = server.site.current;
    const extra = quad(namedNode('urn:x:reloaded'), namedNode('urn:x:p'), literal('yes'));
    await store.replace([...graph.quads, extra]);
    try {
      // Both workers: ask more times than there are workers, two at a time.
      for (let i = 0; i < 4; i++) {
        // Evaluated anew each time (no-cache), so the workers answer, not the kept answers.
        const ask = () =>
          get(`/sparql?query=${encodeURIComponent('ASK { <urn:x:reloaded> ?p ?o }')}`, {
            headers: { accept: 'application/sparql-results+json', 'cache-control': 'no-cache' },
          });
        const answers = await Promise.all([ask(), ask()]);
        for (const a of answers) expect(await a.json()).toMatchObject({ boolean: true });
      }
    } finally {
      await store.replace(graph.quads);
    }
    expect(await (await q('ASK { <urn:x:reloaded> ?p ?o }')).json()).toMatchObject({ boolean: false });
  });
});

describe('answers kept for repeated queries', () => {
  const post = (query: string, headers: Record<string, string> = {}) =>
    get('/sparql', {
      method: 'POST',
      headers: { accept: 'application/sparql-results+json', ...headers },
      body: new URLSearchParams({ query }),
    });
  // A query text of its own per test: answers kept by another test do not count.
  const own = (query: string, tag: string) => `${query} # ${tag}`;

  it('gives the same answer again from the cache, and evaluates anew on Cache-Control: no-cache', async () => {
    const query = own(SIEGE_DATE, 'repeat');
    const spy = vi.spyOn(pool(), 'query');
    try {
      const first = await post(query);
      expect(first.headers.get('x-sparql-cache')).toBe('miss');
      const second = await post(query);
      expect(second.headers.get('x-sparql-cache')).toBe('hit');
      expect(await bindings(second)).toEqual(await bindings(first));
      expect(spy).toHaveBeenCalledTimes(1);
      const fresh = await post(query, { 'cache-control': 'no-cache' });
      expect(fresh.headers.get('x-sparql-cache')).toBe('miss');
      expect(await bindings(fresh)).toHaveLength(1);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('runs the same query asked many times at once only once', async () => {
    const query = own(SIEGE_DATE, 'at once');
    const spy = vi.spyOn(pool(), 'query');
    try {
      const answers = await Promise.all(Array.from({ length: 6 }, () => post(query)));
      for (const a of answers) expect((await bindings(a)).map((b) => b.date!.value)).toEqual(['1592-05-24']);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps each format, dataset and text apart', async () => {
    const query = own(SIEGE_DATE, 'formats');
    expect((await post(query)).headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
    const xml = await post(query, { accept: 'application/sparql-results+xml' });
    expect(xml.headers.get('content-type')).toMatch(/^application\/sparql-results\+xml/);
    expect(xml.headers.get('x-sparql-cache')).toBe('miss');
    expect(await xml.text()).toContain('1592-05-24');
    // The same text over another dataset (a graph that does not exist): another answer.
    const elsewhere = await get(`/sparql?query=${encodeURIComponent(query)}&default-graph-uri=urn:x:none`, {
      headers: { accept: 'application/sparql-results+json' },
    });
    expect(elsewhere.headers.get('x-sparql-cache')).toBe('miss');
    expect(await bindings(elsewhere)).toEqual([]);
  });

  it('keeps the truncation at the row cap with the answer', async () => {
    const query = own('SELECT ?s ?p ?o WHERE { ?s ?p ?o }', 'cap');
    for (const expected of ['miss', 'hit']) {
      const res = await post(query);
      expect(res.headers.get('x-sparql-cache')).toBe(expected);
      expect(res.headers.get('x-sparql-truncated')).toBe('true');
      expect(await bindings(res)).toHaveLength(50);
    }
  });

  it('never keeps the answer of a query that calls NOW, RAND, UUID, STRUUID or BNODE', async () => {
    const query = 'SELECT (STRUUID() AS ?id) (NOW() AS ?t) WHERE {}';
    const [a, b] = [await post(query), await post(query)];
    for (const res of [a, b]) expect(res.headers.get('x-sparql-cache')).toBe('bypass');
    const [x, y] = [await bindings(a), await bindings(b)];
    expect(x[0]!.id!.value).not.toBe(y[0]!.id!.value);
  });

  it('forgets every answer when the data changes', async () => {
    const { graph, store } = server.site.current;
    const query = own('ASK { <urn:x:kept> ?p ?o }', 'replace');
    expect(await (await post(query)).json()).toMatchObject({ boolean: false });
    expect((await post(query)).headers.get('x-sparql-cache')).toBe('hit');
    await store.replace([...graph.quads, quad(namedNode('urn:x:kept'), namedNode('urn:x:p'), literal('yes'))]);
    try {
      const after = await post(query);
      expect(after.headers.get('x-sparql-cache')).toBe('miss');
      expect(await after.json()).toMatchObject({ boolean: true });
    } finally {
      await store.replace(graph.quads);
    }
    expect(await (await post(query)).json()).toMatchObject({ boolean: false });
  });

  it('states in the Service Description that answers are kept, and how to ask anew', async () => {
    const text = await (await get('/sparql', { headers: { accept: 'application/n-triples' } })).text();
    expect(text).toMatch(/kept until the data changes/);
    expect(text).toMatch(/Cache-Control: no-cache/);
  });
});
