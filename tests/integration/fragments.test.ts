// /fragments over HTTP on the real app: patterns, paging, counts and controls, each format, and a
// real TPF client (Comunica) whose answer must equal /sparql's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import { QueryEngine } from '@comunica/query-sparql';
import type { Quad } from '@rdfjs/types';
import type { RunningServer } from '../../src/server.js';
import { parseRdf } from '../helpers/rdf.js';
import { freePort } from '../helpers/ports.js';
import { BASE, startTestServer } from '../helpers/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, accept = 'application/trig') => fetch(new URL(path, server.url), { headers: { accept } });
const HYDRA = 'http://www.w3.org/ns/hydra/core#';
const VOID = 'http://rdfs.org/ns/void#';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const SIEGE = `${BASE}resource/Siege_of_Busanjin`;

async function trig(path: string) {
  const res = await get(path);
  expect(res.status).toBe(200);
  const quads = parseRdf(await res.text(), 'TriG');
  const data = quads.filter((q) => q.graph.termType === 'DefaultGraph');
  const meta = quads.filter((q) => q.graph.termType !== 'DefaultGraph');
  const value = (p: string) => meta.find((q) => q.predicate.value === p)?.object.value;
  return { data, meta, value };
}

async function sparqlCount(pattern: string): Promise<number> {
  const query = `SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT * WHERE { ${pattern} } }`;
  const res = await fetch(new URL(`/sparql?query=${encodeURIComponent(query)}`, server.url), {
    headers: { accept: 'application/sparql-results+json' },
  });
  const json = (await res.json()) as { results: { bindings: { n: { value: string } }[] } };
  return Number(json.results.bindings[0]!.n.value);
}

describe('/fragments', () => {
  it('pages the whole dataset 100 triples at a time, with the count and Hydra controls', async () => {
    const first = await trig('/fragments');
    const total = Number(first.value(`${VOID}triples`));
    expect(total).toBe(await sparqlCount('?s ?p ?o'));
    expect(first.value(`${HYDRA}totalItems`)).toBe(String(total));
    expect(first.value(`${HYDRA}itemsPerPage`)).toBe('100');
    expect(first.data).toHaveLength(100);
    expect(first.value(`${HYDRA}template`)).toMatch(/\/fragments\{\?subject,predicate,object\}$/);
    const variables = first.meta
      .filter((q) => q.predicate.value === `${HYDRA}variable`)
      .map((q) => q.object.value)
      .sort();
    expect(variables).toEqual(['object', 'predicate', 'subject']);
    const next = new URL(first.value(`${HYDRA}next`)!);
    expect(next.searchParams.get('page')).toBe('2');
    const second = await trig(next.pathname + next.search);
    expect(second.value(`${HYDRA}previous`)).toBeDefined();
    // Pages do not overlap.
    const key = (q: Quad) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`;
    const firstKeys = new Set(first.data.map(key));
    expect(second.data.some((q) => firstKeys.has(key(q)))).toBe(false);
  });

  it('counts each statement once, as /sparql and VoID do, one held by two graphs included', async () => {
    const all = await fetch(new URL(`/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')}`, server.url), {
      headers: { accept: 'application/sparql-results+json' },
    });
    const count = Number(((await all.json()) as { results: { bindings: { n: { value: string } }[] } }).results.bindings[0]!.n.value);
    expect(Number((await trig('/fragments')).value(`${VOID}triples`))).toBe(count);
    const described = parseRdf(await (await get('/void', 'text/turtle')).text(), 'Turtle', BASE);
    expect(
      Number(described.find((q) => q.subject.value === `${BASE}void#dataset` && q.predicate.value === `${VOID}triples`)!.object.value),
    ).toBe(count);
    // The siege's place in the war is in two graphs (the infobox's and a sentence's): one triple.
    const pattern = new URLSearchParams({ subject: SIEGE, predicate: `${BASE}ontology#partOf`, object: `${BASE}resource/Imjin_War` });
    const one = await trig(`/fragments?${pattern}`);
    expect(one.data).toHaveLength(1);
    expect(one.value(`${VOID}triples`)).toBe('1');
  });

  it('matches a pattern with a subject, a predicate and a literal object', async () => {
    const bySubject = await trig(`/fragments?subject=${encodeURIComponent(SIEGE)}`);
    expect(bySubject.data.length).toBeGreaterThan(3);
    expect(bySubject.data.every((q) => q.subject.value === SIEGE)).toBe(true);
    expect(Number(bySubject.value(`${VOID}triples`))).toBe(await sparqlCount(`<${SIEGE}> ?p ?o`));
    expect(bySubject.value(`${HYDRA}next`)).toBeUndefined();

    const date = await trig(`/fragments?subject=${encodeURIComponent(SIEGE)}&predicate=${encodeURIComponent(`${BASE}ontology#date`)}`);
    expect(date.data.map((q) => q.object.value)).toEqual(['1592-05-24']);
    const byLiteral = await trig(`/fragments?object=${encodeURIComponent('"1592-05-24"^^<http://www.w3.org/2001/XMLSchema#date>')}`);
    expect(byLiteral.data.some((q) => q.subject.value === SIEGE)).toBe(true);
    const none = await trig(`/fragments?subject=${encodeURIComponent('urn:x:nothing')}`);
    expect(none.data).toHaveLength(0);
    expect(none.value(`${VOID}triples`)).toBe('0');
  });

  it('writes the same fragment in Turtle and JSON-LD, and HTML for browsers', async () => {
    const path = `/fragments?subject=${encodeURIComponent(SIEGE)}`;
    const { data, meta } = await trig(path);
    const turtle = parseRdf(await (await get(path, 'text/turtle')).text(), 'Turtle');
    expect(turtle).toHaveLength(data.length + meta.length);
    const json = await (await get(path, 'application/ld+json')).json();
    const fromJson = parseRdf((await jsonld.toRDF(json, { format: 'application/n-quads' })) as unknown as string, 'N-Quads');
    expect(fromJson).toHaveLength(turtle.length);
    const html = await get(path, 'text/html');
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await html.text();
    expect(page).toContain('<form method="get"');
    expect(page).toContain(SIEGE);
  });

  it('400 for a literal subject, a bad IRI and a bad page; the server still answers', async () => {
    for (const path of [
      '/fragments?subject=%22x%22',
      '/fragments?predicate=not%20an%20iri',
      '/fragments?page=0',
      '/fragments?object=%22unterminated',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect((await res.text()).length).toBeGreaterThan(5);
    }
    expect((await get('/fragments?page=1')).status).toBe(200);
  });
});

describe('a real TPF client', () => {
  // A TPF client follows the controls, which are IRIs under the public base: the server is
  // published where it listens.
  let published: RunningServer;
  beforeAll(async () => {
    const port = await freePort();
    published = await startTestServer({ PORT: String(port), BASE_URL: `http://127.0.0.1:${port}/` });
  });
  afterAll(async () => {
    await published?.close();
  });

  it('Comunica over /fragments gives the same answer as /sparql', async () => {
    const base = published.url;
    const query = `PREFIX bo: <${base}ontology#> PREFIX rdfs: <${RDFS_LABEL.replace('label', '')}>
      SELECT ?event ?n ?label WHERE { ?event bo:sequence ?n ; bo:partOf <${base}resource/Siege_of_Busanjin> ; rdfs:label ?label }`;
    const engine = new QueryEngine();
    const stream = await engine.queryBindings(query, { sources: [`${base}fragments`], lenient: false });
    const viaTpf = (await stream.toArray()).map((b) => ['event', 'n', 'label'].map((v) => b.get(v)!.value).join(' | ')).sort();
    const res = await fetch(`${base}sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
    const json = (await res.json()) as { results: { bindings: Record<string, { value: string }>[] } };
    const viaSparql = json.results.bindings.map((b) => ['event', 'n', 'label'].map((v) => b[v]!.value).join(' | ')).sort();
    expect(viaSparql.length).toBeGreaterThan(5);
    expect(viaTpf).toEqual(viaSparql);
  });
});

describe('IRIs from the public base only', () => {
  it('a hostile Host header or request target injects nothing into a fragment', async () => {
    const { request } = await import('node:http');
    const hostile = 'evil.example> <http://x/p> "injected" . <http://x/s';
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        new URL('/fragments?subject=%3Chttp%3A%2F%2Fx%2F%3E', server.url),
        { headers: { host: hostile, accept: 'application/n-triples' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve(text));
        },
      );
      req.once('error', reject);
      req.end();
    });
    const quads = parseRdf(body, 'N-Triples');
    expect(quads.length).toBeGreaterThan(0);
    expect(body).not.toContain('injected');
    for (const q of quads) {
      for (const t of [q.subject, q.object])
        if (t.termType === 'NamedNode' && t.value.includes('fragments')) expect(t.value.startsWith(`${BASE}fragments`)).toBe(true);
    }
  });
});
