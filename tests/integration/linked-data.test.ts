// The Linked Data interface over HTTP, on the real app: dereferencing (303/301/404/406) by a
// table of Accept headers, every entity's description in every format compared by isomorphism,
// the validators (ETag, Last-Modified, 304), HEAD, CORS, compression, and an external parser (rapper).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import jsonld from 'jsonld';
import oxigraph from 'oxigraph';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import type { RunningServer } from '../../src/server.js';
import { toN3Quad } from '../../src/rdf/terms.js';
import { parseRdf, sameGraph, tripleKey } from '../helpers/rdf.js';
import { BASE, startTestServer } from '../helpers/server.js';

let server: RunningServer;
let slugs: string[];
let contextDoc: unknown;
beforeAll(async () => {
  server = await startTestServer();
  slugs = [...server.site.current.documents.entities.slugs];
  contextDoc = await (await get('/context.jsonld')).json();
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, init: RequestInit = {}) => fetch(new URL(path, server.url), { redirect: 'manual', ...init });
const accept = (value: string | undefined): RequestInit => (value === undefined ? {} : { headers: { accept: value } });

// --- parsing every format into quads -------------------------------------------------------

async function fromJsonLd(text: string): Promise<Quad[]> {
  const documentLoader = async (url: string) => {
    if (url === `${BASE}context.jsonld`) return { contextUrl: undefined, documentUrl: url, document: contextDoc };
    throw new Error(`unexpected remote document ${url}`);
  };
  const nquads = (await jsonld.toRDF(JSON.parse(text), { format: 'application/n-quads', documentLoader } as never)) as unknown as string;
  return parseRdf(nquads, 'N-Quads');
}

function fromRdfXml(text: string): Quad[] {
  const store = new oxigraph.Store();
  store.load(text, { format: 'application/rdf+xml', base_iri: BASE });
  return store.match().map((q) => toN3Quad(q as never));
}

async function parse(ext: string, text: string): Promise<Quad[]> {
  switch (ext) {
    case 'ttl':
      return parseRdf(text, 'Turtle', BASE);
    case 'nt':
      return parseRdf(text, 'N-Triples');
    case 'nq':
      return parseRdf(text, 'N-Quads');
    case 'trig':
      return parseRdf(text, 'TriG', BASE);
    case 'rdf':
      return fromRdfXml(text);
    case 'jsonld':
      return fromJsonLd(text);
    default:
      throw new Error(ext);
  }
}

/** The triples of quads, each once. */
function triples(quads: Quad[]): Quad[] {
  const seen = new Map<string, Quad>();
  for (const q of quads) {
    const t = DataFactory.quad(q.subject as never, q.predicate as never, q.object as never);
    seen.set(
      `${t.subject.termType}${t.subject.value} ${t.predicate.value} ${t.object.termType}${t.object.value}${t.object.termType === 'Literal' ? t.object.language + t.object.datatype.value : ''}`,
      t,
    );
  }
  return [...seen.values()];
}

// --- dereferencing ---------------------------------------------------------------------------

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const EXPANDED = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"';

describe('GET /resource/{Slug}: 303 by Accept', () => {
  const cases: [string, string | undefined, string][] = [
    ['no Accept', undefined, 'data/Jeong_Bal.ttl'],
    ['*/* alone', '*/*', 'data/Jeong_Bal.ttl'],
    ['a browser', BROWSER, 'page/Jeong_Bal'],
    ['text/html', 'text/html', 'page/Jeong_Bal'],
    ['application/xhtml+xml', 'application/xhtml+xml', 'page/Jeong_Bal'],
    ['Turtle', 'text/turtle', 'data/Jeong_Bal.ttl'],
    ['Turtle alias', 'application/x-turtle', 'data/Jeong_Bal.ttl'],
    ['JSON-LD', 'application/ld+json', 'data/Jeong_Bal.jsonld'],
    ['expanded JSON-LD', EXPANDED, 'data/Jeong_Bal.jsonld'],
    ['N-Triples', 'application/n-triples', 'data/Jeong_Bal.nt'],
    ['N-Quads', 'application/n-quads', 'data/Jeong_Bal.nq'],
    ['TriG', 'application/trig', 'data/Jeong_Bal.trig'],
    ['RDF/XML', 'application/rdf+xml', 'data/Jeong_Bal.rdf'],
    ['q-values decide', 'text/turtle;q=0.5, application/rdf+xml;q=0.9', 'data/Jeong_Bal.rdf'],
    ['several types, HTML preferred', 'application/ld+json;q=0.8, text/html', 'page/Jeong_Bal'],
    ['q=0 excludes', 'text/turtle;q=0, */*;q=0.1', 'data/Jeong_Bal.jsonld'],
    ['a type wildcard', 'text/*', 'data/Jeong_Bal.ttl'],
    ['case-insensitive', 'APPLICATION/N-TRIPLES', 'data/Jeong_Bal.nt'],
    ['unacceptable first, acceptable later', 'image/png, application/trig;q=0.2', 'data/Jeong_Bal.trig'],
    ['malformed: garbage is disregarded', 'garbage', 'data/Jeong_Bal.ttl'],
    ['malformed: separators only', ';;;,,,', 'data/Jeong_Bal.ttl'],
  ];
  it.each(cases)('%s', async (_name, header, target) => {
    const res = await get('/resource/Jeong_Bal', accept(header));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${BASE}${target}`);
    expect(res.headers.get('vary')).toMatch(/\bAccept\b/);
  });

  it.each([['image/png'], ['text/turtle;q=0'], ['text/plain;q=0, text/turtle;q=0, application/*;q=0, text/html;q=0']])(
    '406 listing what is offered for %s',
    async (header) => {
      const res = await get('/resource/Jeong_Bal', accept(header));
      expect(res.status).toBe(406);
      const body = await res.text();
      for (const type of [
        'text/turtle',
        'application/ld+json',
        'application/n-triples',
        'application/n-quads',
        'application/trig',
        'application/rdf+xml',
        'text/html',
      ])
        expect(body).toContain(type);
    },
  );

  it('sends a client that asks for plain JSON to the JSON-LD', async () => {
    const res = await get('/resource/Jeong_Bal', accept('application/json'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\/data\/Jeong_Bal\.jsonld$/);
    const doc = await get('/data/Jeong_Bal', accept('application/json'));
    expect(doc.headers.get('content-type')).toMatch(/^application\/ld\+json\b/);
  });

  it('says on the 303 where the description is (Link rel=describedby)', async () => {
    const res = await get('/resource/Jeong_Bal', accept('text/turtle'));
    expect(res.headers.get('link')).toMatch(/<[^>]*\/data\/Jeong_Bal\.ttl>; rel="describedby"/);
  });

  it.each([
    ['text/turtle;q=abc'],
    ['text/turtle;q=2'],
    ['*/*;q=-1'],
    ['text/turtle;;;q=0.5'],
    ['application/ld+json;profile='],
    ['a/b/c'],
    ['/'],
    ['*'],
    ['text/turtle;q=0.5;q=0.7'],
    ['x'.repeat(6000)],
    ['text/html; charset="unterminated'],
    ['é/ü'],
  ])('never a 500 for the malformed Accept %j', async (header) => {
    const res = await get('/resource/Jeong_Bal', accept(header));
    expect([303, 406]).toContain(res.status);
  });

  it.each([
    ['Chŏng_Pal', 'Jeong_Bal'],
    ['Joeng_Bal', 'Jeong_Bal'],
    ['Chong_Pal', 'Jeong_Bal'],
    ['jeong_bal', 'Jeong_Bal'],
    ['Won_Kyun', 'Won_Gyun'],
    ['Wŏn_Kyun', 'Won_Gyun'],
    ['Park_Hong', 'Pak_Hong'],
    ['Katō_Kiyomasa', 'Kato_Kiyomasa'],
    ['Sō_Yoshitoshi', 'So_Yoshitoshi'],
  ])('301 from the spelling %s to %s', async (variant, canonical) => {
    const res = await get(`/resource/${encodeURIComponent(variant)}`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`${BASE}resource/${canonical}`);
  });

  it('301 keeps the route: data with its extension, and pages', async () => {
    expect((await get(`/data/${encodeURIComponent('Chŏng_Pal')}.ttl`)).headers.get('location')).toBe(`${BASE}data/Jeong_Bal.ttl`);
    expect((await get('/page/Won_Kyun')).headers.get('location')).toBe(`${BASE}page/Won_Gyun`);
  });

  it.each([
    ['/resource/Nobody'],
    ['/data/Nobody.ttl'],
    ['/data/Nobody'],
    ['/page/Nobody'],
    ['/data/Busan.xyz'],
    ['/ontology.xyz'],
    ['/void.png'],
    ['/resource/%E0%A4%A'],
  ])('%s is a 4xx, not a 500', async (path) => {
    const res = await get(path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('404 for an unknown slug', async () => {
    expect((await get('/resource/Nobody')).status).toBe(404);
    expect((await get('/data/Nobody.ttl')).status).toBe(404);
    expect((await get('/page/Nobody')).status).toBe(404);
  });
});

// --- documents -------------------------------------------------------------------------------

const EXTS = ['ttl', 'jsonld', 'nt', 'nq', 'trig', 'rdf'] as const;

describe('GET /data/{Slug}.{ext}: every entity, every format, the same graph', () => {
  it('there are entities to describe', () => {
    expect(slugs.length).toBeGreaterThan(40);
    expect(slugs).toContain('Siege_of_Busanjin');
  });

  // Some fifty entities, seven representations each, parsed and compared: minutes on a loaded machine.
  it('each format parses, and all formats say the same, for every entity', { timeout: 180_000 }, async () => {
    for (const slug of slugs) {
      const parsed: Record<string, Quad[]> = {};
      for (const ext of EXTS) {
        const res = await get(`/data/${slug}.${ext}`);
        expect(res.status, `${slug}.${ext}`).toBe(200);
        parsed[ext] = await parse(ext, await res.text());
      }
      const expanded = await get(`/data/${slug}.jsonld`, accept(EXPANDED));
      const expandedQuads = await fromJsonLd(await expanded.text());
      const reference = parsed.ttl!;
      expect(reference.length, slug).toBeGreaterThan(0);
      for (const ext of ['jsonld', 'nt', 'rdf'] as const) expect(sameGraph(parsed[ext]!, reference), `${slug}.${ext} vs .ttl`).toBe(true);
      expect(sameGraph(expandedQuads, reference), `${slug} expanded JSON-LD vs .ttl`).toBe(true);
      expect(sameGraph(parsed.nq!, parsed.trig!), `${slug}.nq vs .trig`).toBe(true);
      expect(sameGraph(triples(parsed.nq!), reference), `${slug}.nq triples vs .ttl`).toBe(true);
      // A client that reads only the default graph misses nothing: it holds what the Turtle holds.
      const defaultGraph = (quads: Quad[]) => quads.filter((q) => q.graph.termType === 'DefaultGraph');
      expect(sameGraph(defaultGraph(parsed.nq!), reference), `${slug}.nq default graph vs .ttl`).toBe(true);
      expect(sameGraph(defaultGraph(parsed.trig!), reference), `${slug}.trig default graph vs .ttl`).toBe(true);
    }
  });

  it('the quad formats keep the claim graphs, and describe each claim', async () => {
    const quads = parseRdf(await (await get('/data/Jeong_Bal.nq')).text(), 'N-Quads');
    const claims = new Set(quads.filter((q) => q.graph.value.startsWith(`${BASE}claim/`)).map((q) => q.graph.value));
    expect(claims.size).toBeGreaterThan(3);
    for (const claim of claims) {
      expect(
        quads.some((q) => q.subject.value === claim && q.predicate.value === 'http://www.w3.org/ns/oa#hasSelector'),
        claim,
      ).toBe(true);
    }
  });

  it('a description holds the statements, what points at it, labels of neighbours, and provenance', async () => {
    const quads = parseRdf(await (await get('/data/Jeong_Bal.ttl')).text(), 'Turtle', BASE);
    const jb = `${BASE}resource/Jeong_Bal`;
    const has = (s: string | null, p: string, o?: string) =>
      quads.some((q) => (s === null || q.subject.value === s) && q.predicate.value === p && (o === undefined || q.object.value === o));
    expect(has(jb, 'http://www.w3.org/2000/01/rdf-schema#label', 'Chŏng Pal')).toBe(true);
    expect(has(jb, 'http://www.w3.org/2004/02/skos/core#altLabel', 'Joeng Bal')).toBe(true);
    // Pointing at it: the siege's commander.
    expect(has(`${BASE}resource/Siege_of_Busanjin`, `${BASE}ontology#commander`, jb)).toBe(true);
    // The label of what points at it.
    expect(has(`${BASE}resource/Siege_of_Busanjin`, 'http://www.w3.org/2000/01/rdf-schema#label', 'Siege of Busanjin')).toBe(true);
    // Provenance: quote, sentence (with its text), section.
    expect(has(null, 'http://www.w3.org/ns/oa#exact')).toBe(true);
    const sentence = quads.find((q) => q.predicate.value === `${BASE}ontology#sentence`)!.object.value;
    expect(has(sentence, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#value')).toBe(true);
    expect(has(null, 'http://www.w3.org/ns/prov#wasDerivedFrom')).toBe(true);
  });

  it('hash IRIs are described inside their parent document', async () => {
    const quads = parseRdf(await (await get('/data/Siege_of_Busanjin.ttl')).text(), 'Turtle', BASE);
    expect(
      quads.some(
        (q) => q.subject.value === `${BASE}resource/Siege_of_Busanjin#infobox-strength1` && q.predicate.value === `${BASE}ontology#value`,
      ),
    ).toBe(true);
  });

  it('headers: Content-Type with charset, Content-Location, Link alternates and canonical', async () => {
    const types: Record<string, RegExp> = {
      ttl: /^text\/turtle; charset=utf-8$/,
      nt: /^application\/n-triples; charset=utf-8$/,
      nq: /^application\/n-quads; charset=utf-8$/,
      trig: /^application\/trig; charset=utf-8$/,
      rdf: /^application\/rdf\+xml; charset=utf-8$/,
      jsonld: /^application\/ld\+json; profile="http:\/\/www.w3.org\/ns\/json-ld#compacted"$/,
    };
    for (const ext of EXTS) {
      const res = await get(`/data/Busan.${ext}`);
      expect(res.headers.get('content-type')).toMatch(types[ext]!);
      expect(res.headers.get('content-location')).toBe(`${BASE}data/Busan.${ext}`);
      const link = res.headers.get('link')!;
      // JSON-LD names one alternate, the HTML view (PyLD 2.0's loader fails on more than one).
      for (const other of EXTS.filter((e) => e !== ext)) {
        if (ext === 'jsonld') expect(link).not.toContain(`<${BASE}data/Busan.${other}>`);
        else expect(link).toContain(`<${BASE}data/Busan.${other}>; rel="alternate"`);
      }
      expect(link).toContain(`<${BASE}page/Busan>; rel="alternate"; type="text/html"`);
      if (ext === 'jsonld') expect(link.match(/rel="alternate"/g)).toHaveLength(1);
      expect(link).toContain(`<${BASE}data/Busan.${ext}>; rel="canonical"`);
    }
  });

  it('/data/{Slug} negotiates, with Vary: Accept and the Content-Location of what it chose', async () => {
    const res = await get('/data/Busan', accept('application/n-triples'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-location')).toBe(`${BASE}data/Busan.nt`);
    expect(res.headers.get('vary')).toMatch(/\bAccept\b/);
    expect((await get('/data/Busan')).headers.get('content-location')).toBe(`${BASE}data/Busan.ttl`);
    expect((await get('/data/Busan', accept('image/png'))).status).toBe(406);
  });

  it('JSON-LD is compacted with the published @context, or expanded when the profile asks', async () => {
    const compacted = (await (await get('/data/Busan.jsonld')).json()) as Record<string, unknown>;
    expect(compacted['@context']).toBe(`${BASE}context.jsonld`);
    // Processors ignore @base in a remote context: no identifier may be relative.
    const ids = [...JSON.stringify(compacted).matchAll(/"id":"([^"]*)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) expect(id, id).toMatch(/^(_:|[A-Za-z][\w+.-]*:)/);
    const res = await get('/data/Busan.jsonld', accept(EXPANDED));
    expect(res.headers.get('content-type')).toContain('json-ld#expanded');
    expect(Array.isArray(await res.json())).toBe(true);
    const ctx = await get('/context.jsonld');
    expect(ctx.headers.get('content-type')).toBe('application/ld+json');
    const published = ((await ctx.json()) as Record<string, Record<string, unknown>>)['@context'];
    expect(published).toBeTypeOf('object');
    // No @base: a remote context's is ignored (JSON-LD 1.1), so it could only mislead.
    expect(published).not.toHaveProperty('@base');
  });
});

describe('caching, HEAD, CORS, compression', () => {
  it('strong ETag per representation; 304 on If-None-Match and on If-Modified-Since', async () => {
    const first = await get('/data/Busan.ttl');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect((await get('/data/Busan.nt')).headers.get('etag')).not.toBe(etag);
    const again = await get('/data/Busan.ttl', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const lastModified = first.headers.get('last-modified')!;
    expect((await get('/data/Busan.ttl', { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
    expect((await get('/data/Busan.ttl', { headers: { 'if-none-match': '"something-else"' } })).status).toBe(200);
    expect(
      (await get('/data/Busan.ttl', { headers: { 'if-modified-since': new Date(Date.parse(lastModified) - 60_000).toUTCString() } }))
        .status,
    ).toBe(200);
    const page = await get('/page/Busan');
    expect((await get('/page/Busan', { headers: { 'if-none-match': page.headers.get('etag')! } })).status).toBe(304);
  });

  it('HEAD answers the headers of GET without a body', async () => {
    const getRes = await get('/data/Busan.ttl', { headers: { 'accept-encoding': 'identity' } });
    const head = await get('/data/Busan.ttl', { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(getRes.headers.get('etag'));
    expect(head.headers.get('content-length')).toBe(getRes.headers.get('content-length'));
    expect(await head.text()).toBe('');
    const redirect = await get('/resource/Busan', { method: 'HEAD' });
    expect(redirect.status).toBe(303);
  });

  it('CORS: any origin on data routes, and preflight', async () => {
    for (const path of ['/resource/Busan', '/data/Busan.ttl', '/ontology', '/void', '/context.jsonld', '/dumps/busanjin.nq']) {
      const res = await get(path, { headers: { origin: 'https://example.org' } });
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    const preflight = await get('/data/Busan', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://example.org',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'accept, if-none-match',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-none-match');
  });

  it('compresses when asked (gzip, br), with a strong ETag per content coding', async () => {
    const plain = await get('/data/Siege_of_Busanjin.nt', { headers: { 'accept-encoding': 'identity' } });
    const expected = parseRdf(await plain.text(), 'N-Triples');
    const etags = new Set([plain.headers.get('etag')]);
    for (const coding of ['gzip', 'br']) {
      const res = await get('/data/Siege_of_Busanjin.nt', { headers: { 'accept-encoding': coding } });
      expect(res.headers.get('content-encoding')).toBe(coding);
      expect(res.headers.get('vary')).toMatch(/Accept-Encoding/);
      etags.add(res.headers.get('etag'));
      expect(sameGraph(parseRdf(await res.text(), 'N-Triples'), expected), coding).toBe(true);
      const again = await get('/data/Siege_of_Busanjin.nt', {
        headers: { 'accept-encoding': coding, 'if-none-match': res.headers.get('etag')! },
      });
      expect(again.status).toBe(304);
    }
    expect(etags.size).toBe(3);
    // The routes express serves compress too.
    expect((await get('/void.nt', { headers: { 'accept-encoding': 'gzip' } })).headers.get('content-encoding')).toBe('gzip');
  });
});

describe('the ontology, VoID, dumps and source', () => {
  it('/ontology negotiates: Turtle by default, HTML for browsers, every format by extension', async () => {
    const ttl = await get('/ontology');
    expect(ttl.headers.get('content-type')).toMatch(/^text\/turtle/);
    const quads = parseRdf(await ttl.text(), 'Turtle', BASE);
    expect(quads.some((q) => q.subject.value === `${BASE}ontology#Siege` && q.object.value === 'http://www.w3.org/2002/07/owl#Class')).toBe(
      true,
    );
    const html = await get('/ontology', accept(BROWSER));
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('id="Siege"');
    for (const ext of EXTS) {
      const res = await get(`/ontology.${ext}`);
      expect(sameGraph(triples(await parse(ext, await res.text())), triples(quads)), ext).toBe(true);
    }
  });

  it('/void and /.well-known/void: counts, partitions, linkset, endpoint, dumps with sizes and checksums, licence', async () => {
    const quads = parseRdf(await (await get('/.well-known/void')).text(), 'Turtle', BASE);
    expect(sameGraph(quads, parseRdf(await (await get('/void', accept('text/turtle'))).text(), 'Turtle', BASE))).toBe(true);
    const V = 'http://rdfs.org/ns/void#';
    const ds = `${BASE}void#dataset`;
    const one = (s: string, p: string) => quads.find((q) => q.subject.value === s && q.predicate.value === p)?.object.value;
    const dump = parseRdf(await (await get('/dumps/busanjin.nq')).text(), 'N-Quads');
    // Each statement once, as /sparql's default graph counts it: a few are held by two graphs.
    expect(Number(one(ds, `${V}triples`))).toBe(new Set(dump.map((q) => tripleKey(q))).size);
    expect(Number(one(ds, `${V}triples`))).toBeLessThan(dump.length);
    expect(Number(one(ds, `${V}entities`))).toBeGreaterThanOrEqual(slugs.length);
    expect(one(ds, `${V}sparqlEndpoint`)).toBe(`${BASE}sparql`);
    expect(one(ds, 'http://purl.org/dc/terms/license')).toBe('https://creativecommons.org/licenses/by-sa/4.0/');
    expect(one(ds, 'http://purl.org/dc/terms/created')).toBeTruthy();
    expect(quads.filter((q) => q.predicate.value === `${V}classPartition`).length).toBeGreaterThan(5);
    expect(quads.filter((q) => q.predicate.value === `${V}propertyPartition`).length).toBeGreaterThan(10);
    const sameAs = dump.filter(
      (q) =>
        q.predicate.value === 'http://www.w3.org/2002/07/owl#sameAs' &&
        q.object.value.startsWith('http://www.wikidata.org/entity/') &&
        q.graph.value.startsWith(`${BASE}link/`),
    );
    expect(Number(one(`${BASE}void#linkset-sameAs`, `${V}triples`))).toBe(sameAs.length);
    for (const name of ['busanjin.nq', 'busanjin.trig', 'busanjin.jsonld']) {
      const url = `${BASE}dumps/${name}`;
      const body = Buffer.from(await (await get(`/dumps/${name}`)).arrayBuffer());
      expect(Number(one(url, 'http://www.w3.org/ns/dcat#byteSize')), name).toBe(body.length);
      const checksum = one(url, 'http://spdx.org/rdf/terms#checksum')!;
      expect(one(checksum, 'http://spdx.org/rdf/terms#checksumValue')).toBe(createHash('sha256').update(body).digest('hex'));
    }
  });

  it('the JSON-LD dump holds the N-Quads dump, every IRI in it absolute', async () => {
    const text = await (await get('/dumps/busanjin.jsonld')).text();
    // Read with no base: a relative IRI would be dropped, and the graphs would differ.
    const fromJson = await fromJsonLd(text);
    const nq = parseRdf(await (await get('/dumps/busanjin.nq')).text(), 'N-Quads');
    expect(fromJson.length).toBe(nq.length);
    expect(sameGraph(fromJson, nq)).toBe(true);
    const doc = JSON.parse(text) as { '@context'?: Record<string, unknown> };
    expect(doc['@context'] ?? {}).not.toHaveProperty('@base');
  });

  it('/source/siege-of-busanjin is the text the #char= sentence IRIs count into', async () => {
    const res = await get('/source/siege-of-busanjin');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = Array.from(await res.text());
    const quads = parseRdf(await (await get('/data/Jeong_Bal.ttl')).text(), 'Turtle', BASE);
    const sentences = quads.filter(
      (q) => q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#value' && q.subject.value.includes('#char='),
    );
    expect(sentences.length).toBeGreaterThan(0);
    for (const s of sentences) {
      const [start, end] = s.subject.value.split('#char=')[1]!.split(',').map(Number);
      expect(text.slice(start, end).join('')).toBe(s.object.value);
    }
  });
});

describe('rapper (raptor2-utils) parses what we serve', () => {
  const rapper = (body: string, syntax: string) =>
    execFileSync('rapper', ['-q', '-i', syntax, '-c', '-I', BASE, '-'], { input: body, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  it('every Turtle and RDF/XML document, the ontology and the VoID description', async () => {
    const paths = [...slugs.map((s) => `/data/${s}`), '/ontology', '/void'];
    for (const path of paths) {
      for (const [ext, syntax] of [
        ['ttl', 'turtle'],
        ['rdf', 'rdfxml'],
      ] as const) {
        const body = await (await get(`${path}.${ext}`)).text();
        expect(() => rapper(body, syntax), `${path}.${ext}`).not.toThrow();
      }
    }
  });
});
