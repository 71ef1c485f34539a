// The listener answers /sparql's query requests before express (src/http/sparql-queries.ts); the
// router in routes/sparql.ts answers them when mounted alone (as the conformance runner does).
// Both must answer every request alike: the same request table goes to the real server and to an
// express app holding only the router and what app.ts puts before it (over the same store), and
// status, headers and bytes compare.
import compression from 'compression';
import express from 'express';
import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/http/errors.js';
import { strictQueryString } from '../../src/http/query-string.js';
import { shouldCompress } from '../../src/http/send.js';
import { sparqlRoutes } from '../../src/http/routes/sparql.js';
import { loadConfig } from '../../src/config.js';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers/server.js';

const ENV = { SPARQL_MAX_BODY_BYTES: '20000', SPARQL_MAX_ROWS: '50' };
let server: RunningServer;
let routerOnly: Server;
beforeAll(async () => {
  server = await startTestServer(ENV);
  const config = loadConfig({ BASE_URL: 'http://localhost:8080/', ...ENV });
  const app = express();
  app.use(strictQueryString);
  app.use(compression({ filter: shouldCompress }));
  app.use(sparqlRoutes(server.site, { ...config.sparql, baseUrl: config.baseUrl }));
  app.use(errorHandler(() => {}));
  routerOnly = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
});
afterAll(async () => {
  await new Promise<void>((resolve) => routerOnly?.close(() => resolve()));
  await server?.close();
});

interface Answer { status: number; headers: IncomingHttpHeaders; body: Buffer }

function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.once('error', reject);
    req.end(body);
  });
}

const ASK = 'ASK { ?s ?p ?o }';
const SELECT_ALL = 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }';
const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
// Evaluated anew on both sides: each side keeps answers of its own.
const FRESH = { 'cache-control': 'no-cache' };

const CASES: [string, string, string, Record<string, string>, (Buffer | string)?][] = [
  ['GET with a query', 'GET', `/sparql?query=${encodeURIComponent(ASK)}`, {}],
  ['HEAD with a query', 'HEAD', `/sparql?query=${encodeURIComponent(ASK)}`, {}],
  ['GET, trailing slash', 'GET', `/sparql/?query=${encodeURIComponent(ASK)}`, {}],
  ['GET, format parameter', 'GET', `/sparql?query=${encodeURIComponent(ASK)}&format=xml`, {}],
  ['POST form, XML by Accept', 'POST', '/sparql', { ...FORM, accept: 'application/sparql-results+xml' }, form({ query: ASK })],
  ['POST direct', 'POST', '/sparql', { 'content-type': 'application/sparql-query' }, ASK],
  ['POST direct, CONSTRUCT in Turtle', 'POST', '/sparql', { 'content-type': 'application/sparql-query', accept: 'text/turtle' }, 'CONSTRUCT WHERE { ?s a ?t } LIMIT 3'],
  ['row cap', 'POST', '/sparql', FORM, form({ query: SELECT_ALL })],
  ['gzip-encoded body', 'POST', '/sparql', { ...FORM, 'content-encoding': 'gzip' }, gzipSync(form({ query: ASK }))],
  ['unknown body coding', 'POST', '/sparql', { ...FORM, 'content-encoding': 'x-unknown' }, form({ query: ASK })],
  ['update by form', 'POST', '/sparql', FORM, form({ update: 'INSERT DATA { <a:b> <a:c> <a:d> }' })],
  ['update by its media type', 'POST', '/sparql', { 'content-type': 'application/sparql-update' }, 'INSERT DATA { <a:b> <a:c> <a:d> }'],
  ['update in the URL', 'GET', `/sparql?update=${encodeURIComponent('CLEAR ALL')}`, {}],
  ['wrong media type', 'POST', '/sparql', { 'content-type': 'text/plain' }, ASK],
  ['no media type', 'POST', '/sparql', {}, ASK],
  ['bad UTF-8', 'POST', '/sparql', { 'content-type': 'application/sparql-query' }, Buffer.from([0x41, 0x53, 0x4b, 0x20, 0xff, 0xfe])],
  ['body over the limit', 'POST', '/sparql', { 'content-type': 'application/sparql-query' }, `ASK {} #${'x'.repeat(30_000)}`],
  ['two queries', 'POST', `/sparql?query=${encodeURIComponent(ASK)}`, FORM, form({ query: ASK })],
  ['malformed query', 'GET', `/sparql?query=${encodeURIComponent('SELECT WHERE {')}`, {}],
  ['nothing acceptable', 'GET', `/sparql?query=${encodeURIComponent(ASK)}`, { accept: 'image/png' }],
  ['SERVICE', 'GET', `/sparql?query=${encodeURIComponent('SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }')}`, {}],
  ['a bad escape in the URL', 'POST', '/sparql?x=%ff', FORM, form({ query: ASK })],
  ['PUT', 'PUT', '/sparql', { 'content-type': 'application/sparql-query' }, ASK],
];

const COMPARED = ['content-type', 'content-length', 'content-encoding', 'vary', 'allow', 'retry-after', 'x-sparql-truncated', 'x-sparql-max-rows', 'x-sparql-cache'];

describe('/sparql before express and in its router', () => {
  it.each(CASES)('%s: the same answer', async (_name, method, path, headers, body) => {
    const [fast, routed] = [await send(server.url, method, path, { ...FRESH, ...headers }, body), await send(`http://127.0.0.1:${(routerOnly.address() as AddressInfo).port}/`, method, path, { ...FRESH, ...headers }, body)];
    expect(fast.status).toBe(routed.status);
    for (const h of COMPARED) expect([h, fast.headers[h]]).toEqual([h, routed.headers[h]]);
    expect(fast.body.toString('utf8')).toBe(routed.body.toString('utf8'));
    if (method === 'HEAD') expect(fast.body.length).toBe(0);
  });

  it('compresses a large answer for a client that accepts gzip, as express does', async () => {
    const res = await send(server.url, 'POST', '/sparql', { ...FORM, 'accept-encoding': 'gzip' }, form({ query: SELECT_ALL }));
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    const json = JSON.parse(gunzipSync(res.body).toString('utf8')) as { results: { bindings: unknown[] } };
    expect(json.results.bindings).toHaveLength(50);
  });

  it('leaves the service description and the query page to express', async () => {
    const description = await send(server.url, 'GET', '/sparql', { accept: 'text/turtle' });
    expect(description.status).toBe(200);
    expect(description.body.toString()).toContain('http://www.w3.org/ns/sparql-service-description#');
    const page = await send(server.url, 'GET', '/sparql', { accept: 'text/html' });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });
});
