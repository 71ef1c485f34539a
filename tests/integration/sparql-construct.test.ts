// CONSTRUCT and DESCRIBE written by the query worker in the asked format: every format, the row
// cap counted in triples (a literal's escaped newline is not a second triple), and refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import oxigraph from 'oxigraph';
import type { Quad } from '@rdfjs/types';
import type { RunningServer } from '../../src/server.js';
import { parseRdf, sameGraph } from '../helpers/rdf.js';
import { BASE, startTestServer } from '../helpers/server.js';

const MAX_ROWS = 20;
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ SPARQL_MAX_ROWS: String(MAX_ROWS), SPARQL_WORKERS: '2' });
});
afterAll(async () => {
  await server?.close();
});

const q = (query: string, accept: string) =>
  fetch(new URL(`/sparql?query=${encodeURIComponent(query)}`, server.url), { headers: { accept } });

const PARSE: Record<string, (text: string) => Promise<Quad[]> | Quad[]> = {
  'text/turtle': (t) => parseRdf(t, 'Turtle'),
  'application/n-triples': (t) => parseRdf(t, 'N-Triples'),
  'application/n-quads': (t) => parseRdf(t, 'N-Quads'),
  'application/trig': (t) => parseRdf(t, 'TriG'),
  'application/ld+json': async (t) =>
    parseRdf((await jsonld.toRDF(JSON.parse(t), { format: 'application/n-quads' })) as unknown as string, 'N-Quads'),
  'application/rdf+xml': (t) => oxigraph.parse(t, { format: 'application/rdf+xml' }) as unknown as Quad[],
};

/** `count` triples, one per number; with blank nodes, language tags, datatypes and a newline. */
const made = (count: number) => `CONSTRUCT { ?s <urn:x:n> ?n ; <urn:x:text> "line one\\nline two"@en ; <urn:x:b> [ <urn:x:v> ?n ] }
  WHERE { VALUES ?n { ${Array.from({ length: count }, (_, i) => i + 1).join(' ')} } BIND(IRI(CONCAT("urn:x:s", STR(?n))) AS ?s) }`;

describe('the row cap of a SELECT in JSON', () => {
  const empty = (rows: number) => `SELECT * WHERE { VALUES ?x { ${'UNDEF '.repeat(rows)}} }`;

  it('counts rows however short they are: one over the cap is cut, the cap itself is not', async () => {
    const over = await q(empty(MAX_ROWS + 1), 'application/sparql-results+json');
    expect(over.headers.get('x-sparql-truncated')).toBe('true');
    expect(((await over.json()) as { results: { bindings: unknown[] } }).results.bindings).toHaveLength(MAX_ROWS);
    const exact = await q(empty(MAX_ROWS), 'application/sparql-results+json');
    expect(exact.headers.get('x-sparql-truncated')).toBeNull();
    expect(((await exact.json()) as { results: { bindings: unknown[] } }).results.bindings).toHaveLength(MAX_ROWS);
  });
});

describe('CONSTRUCT written by the worker', () => {
  it('answers every RDF format with the same graph, blank nodes and escaped newlines included', async () => {
    const query = made(3); // 3 × 4 triples: within the cap
    const reference = parseRdf(await (await q(query, 'application/n-triples')).text(), 'N-Triples');
    expect(reference).toHaveLength(12);
    expect(reference.some((t) => t.object.value === 'line one\nline two')).toBe(true);
    for (const [type, parse] of Object.entries(PARSE)) {
      const res = await q(query, type);
      expect(res.status, type).toBe(200);
      expect(res.headers.get('content-type'), type).toContain(type);
      expect(res.headers.get('x-sparql-truncated'), type).toBeNull();
      expect(sameGraph(await parse(await res.text()), reference), type).toBe(true);
    }
  });

  it('cuts at the cap in every format, says so, and keeps whole triples', async () => {
    const query = made(10); // 40 triples over a cap of 20
    for (const [type, parse] of Object.entries(PARSE)) {
      const res = await q(query, type);
      expect(res.status, type).toBe(200);
      expect(res.headers.get('x-sparql-truncated'), type).toBe('true');
      expect(res.headers.get('x-sparql-max-rows'), type).toBe(String(MAX_ROWS));
      const triples = await parse(await res.text());
      expect(triples, type).toHaveLength(MAX_ROWS);
    }
  });

  it('does not mark a graph of exactly the cap', async () => {
    const query = `CONSTRUCT { ?s <urn:x:n> ?n } WHERE { VALUES ?n { ${Array.from({ length: MAX_ROWS }, (_, i) => i).join(' ')} } BIND(IRI(CONCAT("urn:x:s", STR(?n))) AS ?s) }`;
    const res = await q(query, 'text/turtle');
    expect(res.headers.get('x-sparql-truncated')).toBeNull();
    expect(parseRdf(await res.text(), 'Turtle')).toHaveLength(MAX_ROWS);
  });

  it('cuts a graph of short triples one over the cap, and answers a graph of one triple whole', async () => {
    const numbers = (count: number) =>
      `CONSTRUCT { <urn:x:s> <urn:x:n> ?n } WHERE { VALUES ?n { ${Array.from({ length: count }, (_, i) => i).join(' ')} } }`;
    for (const type of ['text/turtle', 'application/n-triples', 'application/ld+json']) {
      const over = await q(numbers(MAX_ROWS + 1), type);
      expect(over.headers.get('x-sparql-truncated'), type).toBe('true');
      expect(await PARSE[type]!(await over.text()), type).toHaveLength(MAX_ROWS);
      const one = await q(numbers(1), type);
      expect(one.headers.get('x-sparql-truncated'), type).toBeNull();
      expect(await PARSE[type]!(await one.text()), type).toHaveLength(1);
    }
  });

  it('answers DESCRIBE in Turtle from the data', async () => {
    const res = await q(`DESCRIBE <${BASE}resource/Siege_of_Busanjin>`, 'text/turtle');
    expect(res.status).toBe(200);
    const triples = parseRdf(await res.text(), 'Turtle');
    expect(triples.some((t) => t.subject.value === `${BASE}resource/Siege_of_Busanjin`)).toBe(true);
  });

  it('406 for a graph asked as SPARQL results, 400 for a malformed template; the server still answers', async () => {
    const refused = await q(made(1), 'application/sparql-results+json');
    expect(refused.status).toBe(406);
    expect(await refused.text()).toMatch(/text\/turtle/);
    const bad = await q('CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }', 'text/turtle');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Malformed query/);
    const ok = await q(made(1), 'text/turtle');
    expect(ok.status).toBe(200);
    expect(parseRdf(await ok.text(), 'Turtle')).toHaveLength(4);
  });
});
