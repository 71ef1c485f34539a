// The policies the route table declares once, seen from outside: every read route open to other
// origins (preflight included), the reconciliation preview framable, a browser following a link to
// a query getting the query page, a SPARQL format parameter that does not fit the query form left
// to Accept, one spelling per resource, and the files crawlers ask for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { BASE, startTestServer } from '../helpers/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(new URL(path, server.url), { method, headers, redirect: 'manual' });
const ORIGIN = { origin: 'https://app.example' };
const CONSTRUCT = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3';

const READ_ROUTES = [
  '/',
  '/resource/Busan',
  '/data/Busan.ttl',
  '/page/Busan',
  '/ontology',
  '/context.jsonld',
  '/void',
  '/.well-known/void',
  '/source/siege-of-busanjin',
  '/dumps/',
  '/dumps/SHA256SUMS',
  `/sparql?query=${encodeURIComponent('ASK {}')}`,
  '/sparql',
  '/fragments?predicate=http%3A%2F%2Fwww.w3.org%2F2000%2F01%2Frdf-schema%23label',
  '/search?q=busan',
  '/reconcile',
  '/reconcile/suggest/entity?prefix=bus',
  '/robots.txt',
  '/sitemap.xml',
];

describe('cross-origin reads', () => {
  it.each(READ_ROUTES)('%s answers another origin, and its preflight', async (path) => {
    const res = await get(path, { ...ORIGIN, accept: '*/*' });
    expect(res.status).toBeLessThan(400);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const pre = await get(
      path,
      { ...ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept, cache-control' },
      'OPTIONS',
    );
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/\bGET\b/);
    expect(pre.headers.get('access-control-allow-headers')).toBe('accept, cache-control');
  });

  it('lets a page read the SPARQL headers that say a result was cut', async () => {
    const res = await get(`/sparql?query=${encodeURIComponent('ASK {}')}`, ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/X-SPARQL-Truncated/);
  });

  it('POST /sparql from another origin: preflight for application/sparql-query, then the answer', async () => {
    const pre = await get(
      '/sparql',
      { ...ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      'OPTIONS',
    );
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/\bPOST\b/);
    const res = await fetch(new URL('/sparql', server.url), {
      method: 'POST',
      headers: { ...ORIGIN, 'content-type': 'application/sparql-query' },
      body: 'ASK {}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('keeps /healthz and /metrics to the same origin', async () => {
    expect((await get('/healthz', ORIGIN)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await get('/metrics', ORIGIN)).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the reconciliation preview in a frame', () => {
  it('may be framed by any origin, with its inline styles', async () => {
    const res = await get(`/reconcile/preview?id=${encodeURIComponent(`${BASE}resource/Busan`)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBeNull();
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/frame-ancestors \*/);
    expect(csp).toMatch(/style-src 'unsafe-inline'/);
    expect(csp).not.toMatch(/script-src/);
    // Every other page still refuses to be framed.
    expect((await get('/page/Busan')).headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });
});

describe('SPARQL for browsers and for SPARQLWrapper', () => {
  it('a browser following a link to a query gets the query page with that query to run', async () => {
    const res = await get(`/sparql?query=${encodeURIComponent(CONSTRUCT)}`, {
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-disposition')).toBeNull();
    const html = await res.text();
    const config = JSON.parse(/<script type="application\/json" id="sparql-config">([^<]*)<\/script>/.exec(html)![1]!) as {
      query?: string;
    };
    expect(config.query).toBe(CONSTRUCT);
  });

  it("SPARQLWrapper's default CONSTRUCT (format=xml, Accept RDF/XML) is answered in RDF/XML", async () => {
    const res = await get(`/sparql?query=${encodeURIComponent(CONSTRUCT)}&format=xml&output=xml&results=xml`, {
      accept: 'application/rdf+xml',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/rdf\+xml/);
  });

  it('format=json on a CONSTRUCT gives JSON-LD; on a SELECT, SPARQL JSON', async () => {
    expect((await get(`/sparql?query=${encodeURIComponent(CONSTRUCT)}&format=json`)).headers.get('content-type')).toMatch(
      /^application\/ld\+json/,
    );
    expect((await get(`/sparql?query=${encodeURIComponent('SELECT * {} LIMIT 1')}&output=json`)).headers.get('content-type')).toBe(
      'application/sparql-results+json',
    );
  });
});

describe('one spelling per resource, and the files crawlers ask for', () => {
  it('301 from a trailing slash to the resource, and from /dumps to /dumps/', async () => {
    const a = await get('/page/Busan/');
    expect(a.status).toBe(301);
    expect(a.headers.get('location')).toBe('/page/Busan');
    expect((await get('/dumps')).headers.get('location')).toBe('/dumps/');
  });

  it('robots.txt keeps crawlers off the query services and names the sitemap', async () => {
    const text = await (await get('/robots.txt')).text();
    expect(text).toMatch(/Disallow: \/sparql/);
    expect(text).toContain(`Sitemap: ${BASE}sitemap.xml`);
  });

  it('sitemap.xml lists every entity page, and the pages of the claims, links and graphs, each of which answers', async () => {
    const xml = await (await get('/sitemap.xml')).text();
    expect(xml).toContain(`<loc>${BASE}page/Siege_of_Busanjin</loc>`);
    expect(xml).toContain(`<loc>${BASE}page/Jeong_Bal</loc>`);
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    for (const kind of ['claim', 'link', 'graph'])
      expect(
        locs.some((l) => l.startsWith(`${BASE}page/${kind}/`)),
        kind,
      ).toBe(true);
    for (const loc of locs.filter((l) => /\/page\/(claim|link|graph)\//.test(l))) {
      const res = await get(loc.slice(BASE.length - 1), { accept: 'text/html' });
      expect(res.status, loc).toBe(200);
      await res.arrayBuffer();
    }
  });

  it('a favicon', async () => {
    const res = await get('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
  });
});
