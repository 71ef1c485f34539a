// /sparql's protocol, request by request, through the one request path production runs: each
// kind of request and the status, type and headers it gets.
import { request, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers/server.js';

const ENV = { SPARQL_MAX_BODY_BYTES: '20000', SPARQL_MAX_ROWS: '50' };
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer(ENV);
});
afterAll(async () => {
  await server?.close();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

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

const CASES: [string, string, string, Record<string, string>, (Buffer | string) | undefined, number, string?][] = [
  ['GET with a query', 'GET', `/sparql?query=${encodeURIComponent(ASK)}`, {}, undefined, 200, 'application/sparql-results+json'],
  ['HEAD with a query', 'HEAD', `/sparql?query=${encodeURIComponent(ASK)}`, {}, undefined, 200, 'application/sparql-results+json'],
  ['GET, trailing slash', 'GET', `/sparql/?query=${encodeURIComponent(ASK)}`, {}, undefined, 200, 'application/sparql-results+json'],
  [
    'GET, format parameter',
    'GET',
    `/sparql?query=${encodeURIComponent(ASK)}&format=xml`,
    {},
    undefined,
    200,
    'application/sparql-results+xml',
  ],
  [
    'POST form, XML by Accept',
    'POST',
    '/sparql',
    { ...FORM, accept: 'application/sparql-results+xml' },
    form({ query: ASK }),
    200,
    'application/sparql-results+xml',
  ],
  ['POST direct', 'POST', '/sparql', { 'content-type': 'application/sparql-query' }, ASK, 200, 'application/sparql-results+json'],
  [
    'POST direct, CONSTRUCT in Turtle',
    'POST',
    '/sparql',
    { 'content-type': 'application/sparql-query', accept: 'text/turtle' },
    'CONSTRUCT WHERE { ?s a ?t } LIMIT 3',
    200,
    'text/turtle',
  ],
  ['row cap', 'POST', '/sparql', FORM, form({ query: SELECT_ALL }), 200, 'application/sparql-results+json'],
  [
    'gzip-encoded body',
    'POST',
    '/sparql',
    { ...FORM, 'content-encoding': 'gzip' },
    gzipSync(form({ query: ASK })),
    200,
    'application/sparql-results+json',
  ],
  ['unknown body coding', 'POST', '/sparql', { ...FORM, 'content-encoding': 'x-unknown' }, form({ query: ASK }), 415],
  ['update by form', 'POST', '/sparql', FORM, form({ update: 'INSERT DATA { <a:b> <a:c> <a:d> }' }), 403],
  [
    'update by its media type',
    'POST',
    '/sparql',
    { 'content-type': 'application/sparql-update' },
    'INSERT DATA { <a:b> <a:c> <a:d> }',
    403,
  ],
  ['update in the URL', 'GET', `/sparql?update=${encodeURIComponent('CLEAR ALL')}`, {}, undefined, 403],
  ['wrong media type', 'POST', '/sparql', { 'content-type': 'text/plain' }, ASK, 415],
  ['no media type', 'POST', '/sparql', {}, ASK, 415],
  ['bad UTF-8', 'POST', '/sparql', { 'content-type': 'application/sparql-query' }, Buffer.from([0x41, 0x53, 0x4b, 0x20, 0xff, 0xfe]), 400],
  ['body over the limit', 'POST', '/sparql', { 'content-type': 'application/sparql-query' }, `ASK {} #${'x'.repeat(30_000)}`, 413],
  ['two queries', 'POST', `/sparql?query=${encodeURIComponent(ASK)}`, FORM, form({ query: ASK }), 400],
  ['malformed query', 'GET', `/sparql?query=${encodeURIComponent('SELECT WHERE {')}`, {}, undefined, 400],
  ['nothing acceptable', 'GET', `/sparql?query=${encodeURIComponent(ASK)}`, { accept: 'image/png' }, undefined, 406],
  [
    'SERVICE',
    'GET',
    `/sparql?query=${encodeURIComponent('SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }')}`,
    {},
    undefined,
    403,
  ],
  ['a bad escape in the URL', 'POST', '/sparql?x=%ff', FORM, form({ query: ASK }), 400],
  ['PUT', 'PUT', '/sparql', { 'content-type': 'application/sparql-query' }, ASK, 405],
];

describe('/sparql, one request at a time', () => {
  it.each(CASES)('%s', async (_name, method, path, headers, body, status, type) => {
    const res = await send(server.url, method, path, { ...FRESH, ...headers }, body);
    expect(res.status).toBe(status);
    if (type) expect(res.headers['content-type']).toContain(type);
    else expect(res.headers['content-type']).toMatch(/^text\/plain/);
    // Every answer, refusals included, is readable from other origins.
    expect(res.headers['access-control-allow-origin']).toBe('*');
    if (method === 'HEAD') expect(res.body.length).toBe(0);
    if (status === 405) expect(res.headers.allow).toBe('GET, POST');
  });

  it('says when the row cap cut the result', async () => {
    const res = await send(server.url, 'POST', '/sparql', { ...FRESH, ...FORM }, form({ query: SELECT_ALL }));
    expect(res.headers['x-sparql-truncated']).toBe('true');
    expect(res.headers['x-sparql-max-rows']).toBe('50');
  });

  it('compresses a large answer for a client that accepts gzip', async () => {
    const res = await send(server.url, 'POST', '/sparql', { ...FORM, 'accept-encoding': 'gzip' }, form({ query: SELECT_ALL }));
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    const json = JSON.parse(gunzipSync(res.body).toString('utf8')) as { results: { bindings: unknown[] } };
    expect(json.results.bindings).toHaveLength(50);
  });

  it('describes the service to RDF clients and shows browsers the query page', async () => {
    const description = await send(server.url, 'GET', '/sparql', { accept: 'text/turtle' });
    expect(description.status).toBe(200);
    expect(description.body.toString()).toContain('http://www.w3.org/ns/sparql-service-description#');
    const page = await send(server.url, 'GET', '/sparql', { accept: 'text/html' });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });
});
