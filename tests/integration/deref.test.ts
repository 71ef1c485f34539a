// Every IRI minted under the base dereferences (DESIGN.md, URI policy), on the real app: the IRIs
// found in every entity document and in the dumps, each asked for as Turtle and as HTML; claims,
// links and graphs negotiated as entities are; the source text's RDF by Accept; what each document
// says of itself; and the HTML that browsers get at /dumps/, /search and /void.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import type { RunningServer } from '../../src/server.js';
import { parseRdf, sameGraph } from '../helpers/rdf.js';
import { BASE, startTestServer } from '../helpers/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, init: RequestInit = {}) => fetch(new URL(path, server.url), { redirect: 'manual', ...init });
const accept = (value: string): RequestInit => ({ headers: { accept: value } });
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const VOID = 'http://rdfs.org/ns/void#';
const OA = 'http://www.w3.org/ns/oa#';
const CC_BY_SA = 'https://creativecommons.org/licenses/by-sa/4.0/';

/** Follows redirects by hand (fetch's would leave the test server's host for the base's). */
async function dereference(iri: string, acceptHeader: string): Promise<{ status: number; chain: string[] }> {
  let path = iri.slice(BASE.length - 1);
  const chain: string[] = [];
  for (let hops = 0; hops < 5; hops++) {
    const res = await get(path, accept(acceptHeader));
    await res.arrayBuffer();
    chain.push(`${res.status} ${path}`);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { status: res.status, chain };
    path = new URL(location, BASE).href.slice(BASE.length - 1);
  }
  return { status: 0, chain };
}

function iris(quads: Quad[]): Set<string> {
  const out = new Set<string>();
  for (const q of quads) {
    for (const t of [q.subject, q.predicate, q.object, q.graph]) {
      // The fragment never reaches the server: the document is the IRI without it.
      if (t.termType === 'NamedNode' && t.value.startsWith(BASE)) out.add(t.value.replace(/#.*$/, ''));
    }
  }
  return out;
}

const triples = (quads: Quad[]) => quads.map((q) => DataFactory.quad(q.subject as never, q.predicate as never, q.object as never));
const has = (quads: Quad[], s: string, p: string, o?: string) =>
  quads.some((q) => q.subject.value === s && q.predicate.value === p && (o === undefined || q.object.value === o));

describe('every IRI minted under the base dereferences', () => {
  it('in every entity document and in the dumps, as Turtle and as HTML', async () => {
    const found = new Set<string>();
    for (const slug of server.site.current.documents.entities.slugs) {
      const res = await get(`/data/${slug}.ttl`);
      expect(res.status, slug).toBe(200);
      iris(parseRdf(await res.text(), 'Turtle', BASE)).forEach((i) => found.add(i));
    }
    iris(parseRdf(await (await get('/dumps/busanjin.nq')).text(), 'N-Quads')).forEach((i) => found.add(i));
    // Every kind of minted IRI is among them.
    for (const prefix of ['resource/', 'claim/', 'link/', 'graph/', 'source/', 'ontology', 'shapes']) {
      expect(
        [...found].some((i) => i.startsWith(BASE + prefix)),
        prefix,
      ).toBe(true);
    }
    const failed: string[] = [];
    for (const iri of [...found].sort()) {
      for (const header of ['text/turtle', BROWSER]) {
        const { status, chain } = await dereference(iri, header);
        if (status !== 200) failed.push(`${iri} (${header.slice(0, 10)}): ${chain.join(' → ')}`);
      }
    }
    expect(failed).toEqual([]);
  }, 300_000);
});

describe('claims, links and graphs, negotiated as entities are', () => {
  it('303 from the claim to its data or its page, by Accept', async () => {
    for (const [header, target] of [
      ['text/turtle', 'data/claim/imjin-war.ttl'],
      [BROWSER, 'page/claim/imjin-war'],
      ['application/n-quads', 'data/claim/imjin-war.nq'],
    ]) {
      const res = await get('/claim/imjin-war', accept(header!));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`${BASE}${target}`);
      expect(res.headers.get('vary')).toMatch(/\bAccept\b/);
    }
    expect((await get('/claim/no-such-claim')).status).toBe(404);
    expect((await get('/data/claim/no-such-claim.ttl')).status).toBe(404);
    expect((await get('/claim/imjin-war', accept('image/png'))).status).toBe(406);
  });

  it("a claim's RDF: its statements in its graph and in the default graph, its selector, sentence and section", async () => {
    const claim = `${BASE}claim/imjin-war`;
    const nq = parseRdf(await (await get('/data/claim/imjin-war.nq')).text(), 'N-Quads');
    const inGraph = nq.filter((q) => q.graph.value === claim);
    expect(inGraph.length).toBeGreaterThan(0);
    const defaults = nq.filter((q) => q.graph.termType === 'DefaultGraph');
    for (const q of inGraph) expect(has(defaults, q.subject.value, q.predicate.value, q.object.value), q.predicate.value).toBe(true);
    const ttl = parseRdf(await (await get('/data/claim/imjin-war.ttl')).text(), 'Turtle', BASE);
    expect(sameGraph(triples(defaults), ttl)).toBe(true);
    expect(sameGraph(parseRdf(await (await get('/data/claim/imjin-war.trig')).text(), 'TriG', BASE), nq)).toBe(true);
    expect(sameGraph(parseRdf(await (await get('/data/claim/imjin-war.nt')).text(), 'N-Triples'), ttl)).toBe(true);
    expect(ttl.some((q) => q.predicate.value === `${OA}exact` && q.object.value === 'Japanese invasions of Korea (1592–98)')).toBe(true);
    expect(has(ttl, claim, `${OA}hasSelector`)).toBe(true);
    const sentence = ttl.find((q) => q.subject.value === claim && q.predicate.value === `${BASE}ontology#sentence`)?.object.value;
    expect(sentence).toMatch(/source\/siege-of-busanjin#char=\d+,\d+$/);
    expect(has(ttl, sentence!, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#value')).toBe(true);
    expect(has(ttl, claim, 'http://www.w3.org/ns/prov#wasDerivedFrom', `${BASE}source/siege-of-busanjin#Lead`)).toBe(true);
  });

  it("a claim's page marks the quote inside its sentence, and links its statements", async () => {
    const res = await get('/page/claim/imjin-war');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(
      /The attacks on Busan and the neighboring fort of Dadaejin were the first battles of the <mark>Japanese invasions of Korea \(1592–98\)<\/mark>\./,
    );
    expect(html).toContain('href="/page/Imjin_War"');
    expect(html).toContain('href="/source/siege-of-busanjin#char=');
  });

  it("an entity's page links each footnote to its claim or link", async () => {
    const html = await (await get('/page/Busan')).text();
    expect(html).toMatch(/<a class="graph" href="\/claim\/[^"]+">/);
    expect(html).toContain('<a class="graph" href="/link/Busan">');
  });

  it('ETag and 304, compression, as for entities', async () => {
    const res = await get('/data/claim/imjin-war.ttl');
    const etag = res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await get('/data/claim/imjin-war.ttl', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const page = await get('/page/link/Busan', { headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    expect(await page.text()).toContain('several public repositories');
  });

  it('a Wikidata link: its statement, evidence and confidence', async () => {
    const ttl = parseRdf(await (await get('/data/link/Busan.ttl')).text(), 'Turtle', BASE);
    expect(has(ttl, `${BASE}resource/Busan`, 'http://www.w3.org/2002/07/owl#sameAs', 'http://www.wikidata.org/entity/Q16520')).toBe(true);
    expect(has(ttl, `${BASE}link/Busan`, `${BASE}ontology#confidence`, 'high')).toBe(true);
  });

  it('a graph: its description, also for the graphs the build writes, and the shapes', async () => {
    for (const name of ['curation', 'derived', 'wikidata', 'provenance', 'source']) {
      const ttl = parseRdf(await (await get(`/data/graph/${name}.ttl`)).text(), 'Turtle', BASE);
      expect(has(ttl, `${BASE}graph/${name}`, 'http://www.w3.org/2000/01/rdf-schema#label'), name).toBe(true);
      expect(Number(ttl.find((q) => q.predicate.value === `${VOID}triples`)?.object.value), name).toBeGreaterThan(0);
      expect((await get(`/graph/${name}`, accept(BROWSER))).headers.get('location')).toBe(`${BASE}page/graph/${name}`);
    }
    const shapes = parseRdf(await (await get('/shapes', accept('text/turtle'))).text(), 'Turtle', BASE);
    expect(shapes.some((q) => q.object.value === 'http://www.w3.org/ns/shacl#NodeShape')).toBe(true);
    expect((await get('/shapes', accept(BROWSER))).headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('/source/siege-of-busanjin', () => {
  it('is text for browsers, for no Accept and for text/plain', async () => {
    for (const init of [{}, accept(BROWSER), accept('text/plain'), accept('*/*')]) {
      const res = await get('/source/siege-of-busanjin', init);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toContain('The siege of Busanjin');
    }
  });

  it('is RDF when RDF is asked for: title, licence, primary topic, sections and sentences', async () => {
    const res = await get('/source/siege-of-busanjin', accept('text/turtle'));
    expect(res.headers.get('content-type')).toMatch(/^text\/turtle/);
    expect(res.headers.get('vary')).toMatch(/\bAccept\b/);
    const article = `${BASE}source/siege-of-busanjin`;
    const ttl = parseRdf(await res.text(), 'Turtle', BASE);
    expect(has(ttl, article, `${DCT}license`, CC_BY_SA)).toBe(true);
    expect(has(ttl, article, `${FOAF}primaryTopic`, `${BASE}resource/Siege_of_Busanjin`)).toBe(true);
    expect(has(ttl, article, `${DCT}title`)).toBe(true);
    expect(ttl.filter((q) => q.object.value === `${BASE}ontology#Sentence`).length).toBeGreaterThan(20);
    expect(has(ttl, `${article}#Lead`, 'http://www.w3.org/2000/01/rdf-schema#label')).toBe(true);
    const nt = parseRdf(await (await get('/source/siege-of-busanjin', accept('application/n-triples'))).text(), 'N-Triples');
    expect(sameGraph(nt, ttl)).toBe(true);
    expect(sameGraph(parseRdf(await (await get('/source/siege-of-busanjin.ttl')).text(), 'Turtle', BASE), ttl)).toBe(true);
    expect((await get('/source/siege-of-busanjin.txt')).headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });
});

describe('every document says what it is about, under which licence, in which dataset', () => {
  const cases: [string, string, string | undefined][] = [
    ['/data/Busan.ttl', `${BASE}data/Busan`, `${BASE}resource/Busan`],
    ['/data/claim/imjin-war.ttl', `${BASE}data/claim/imjin-war`, `${BASE}claim/imjin-war`],
    ['/data/link/Busan.ttl', `${BASE}data/link/Busan`, `${BASE}link/Busan`],
    ['/data/graph/curation.ttl', `${BASE}data/graph/curation`, `${BASE}graph/curation`],
    ['/ontology.ttl', `${BASE}ontology`, undefined],
    ['/void.ttl', `${BASE}void`, `${BASE}void#dataset`],
  ];
  it.each(cases)('%s', async (path, document, topic) => {
    const quads = parseRdf(await (await get(path)).text(), 'Turtle', BASE);
    expect(has(quads, document, `${DCT}license`, CC_BY_SA)).toBe(true);
    expect(has(quads, document, `${VOID}inDataset`, `${BASE}void#dataset`)).toBe(true);
    if (topic) expect(has(quads, document, `${FOAF}primaryTopic`, topic)).toBe(true);
  });

  it('in the default graph of N-Quads too', async () => {
    const nq = parseRdf(await (await get('/data/Busan.nq')).text(), 'N-Quads');
    expect(
      nq.some(
        (q) =>
          q.graph.termType === 'DefaultGraph' && q.subject.value === `${BASE}data/Busan` && q.predicate.value === `${FOAF}primaryTopic`,
      ),
    ).toBe(true);
  });
});

describe('browsers get pages at /dumps/, /search and /void; programs keep JSON and Turtle', () => {
  it('/dumps/', async () => {
    const html = await get('/dumps/', accept(BROWSER));
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('href="/dumps/busanjin.nq"');
    for (const init of [{}, accept('application/json'), accept('*/*'), accept('text/turtle')]) {
      const res = await get('/dumps/', init);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await res.json()) as { dumps: unknown[] }).dumps.length).toBeGreaterThan(0);
    }
  });

  it('/search', async () => {
    const html = await get('/search?q=chong%20pal', accept(BROWSER));
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const body = await html.text();
    expect(body).toContain('href="/page/Jeong_Bal"');
    expect(body).toContain('value="chong pal"');
    expect((await get('/search', accept(BROWSER))).status).toBe(200);
    for (const init of [{}, accept('application/json'), accept('*/*')]) {
      const res = await get('/search?q=chong%20pal', init);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await res.json()) as { results: { iri: string }[] }).results[0]!.iri).toBe(`${BASE}resource/Jeong_Bal`);
    }
    expect((await get('/search')).status).toBe(400);
  });

  it('/void', async () => {
    const html = await get('/void', accept(BROWSER));
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-disposition')).toBeNull();
    const body = await html.text();
    expect(body).toContain('CC BY-SA 4.0');
    expect(body).toContain('href="/dumps/busanjin.nq"');
    for (const init of [{}, accept('text/turtle'), accept('*/*')]) {
      const res = await get('/void', init);
      expect(res.headers.get('content-type')).toMatch(/^text\/turtle/);
    }
    expect((await get('/void.html')).headers.get('content-type')).toMatch(/^text\/html/);
  });

  it("the new pages load only what the app serves, under the pages' CSP", async () => {
    for (const path of ['/dumps/', '/search?q=busan', '/void', '/page/claim/imjin-war', '/page/graph/curation', '/shapes']) {
      const res = await get(path, accept(BROWSER));
      expect(res.headers.get('content-security-policy'), path).toContain("default-src 'none'");
      expect(res.headers.get('content-security-policy'), path).toContain("style-src 'self'");
      const html = await res.text();
      expect(html, path).not.toMatch(/<style|\sstyle=|\son[a-z]+=|<script(?![^>]*application\/ld\+json)/i);
    }
  });
});
