// The router's policies, on a table of its own over node:http on port 0: matching, 405 with Allow,
// CORS on every reply and preflight, the trailing-slash twin, absolute-form targets, strict query
// strings, the body limit by declared length, the route's CSP and framing, operators-only routes,
// trusted proxies, and the one writer for errors.
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/http/errors.js';
import { jsonReply } from '../../src/http/reply.js';
import { createRouter, requestTarget, type RequestContext, type Route } from '../../src/http/router.js';
import type { Publication } from '../../src/publication/publication.js';

const echo = (ctx: RequestContext) =>
  jsonReply({ path: ctx.path, params: ctx.params, query: Object.fromEntries(ctx.query), client: ctx.client, body: ctx.body?.toString() });
const ROUTES: Route[] = [
  { name: 'item', path: '/item/:id', methods: ['GET'], handle: echo },
  { name: 'list', path: '/list/', methods: ['GET'], handle: echo },
  { name: 'post', path: '/post', methods: ['GET', 'POST'], handle: echo, maxBodyBytes: 10 },
  { name: 'page', path: '/page', methods: ['GET'], handle: echo, csp: "default-src 'self'", frameable: true },
  { name: 'private', path: '/private', methods: ['GET'], handle: echo, cors: false, operatorsOnly: true },
  {
    name: 'teapot',
    path: '/teapot',
    methods: ['GET'],
    handle: () => {
      throw new HttpError(418, 'short and stout');
    },
  },
  {
    name: 'fault',
    path: '/fault',
    methods: ['GET'],
    handle: () => {
      throw new Error('secret detail');
    },
  },
];

function serve(trustProxy?: string | number): Promise<Server> {
  const route = createRouter({
    routes: ROUTES,
    current: () => ({}) as Publication,
    securityHeaders: { 'Content-Security-Policy': "default-src 'none'", 'X-Frame-Options': 'SAMEORIGIN' },
    trustProxy,
    operatorToken: 'sesame',
    sendTimeoutMs: 5000,
    log: () => {},
  });
  return new Promise((resolve) => {
    const s = createServer(route).listen(0, '127.0.0.1', () => resolve(s));
  });
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}
function send(server: Server, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.once('error', reject);
    req.end(body);
  });
}

let server: Server;
let behindProxy: Server;
beforeAll(async () => {
  server = await serve();
  behindProxy = await serve(1);
});
afterAll(() => {
  server.close();
  behindProxy.close();
});

describe('the router', () => {
  it('matches named segments, decoded, and reads the query string', async () => {
    const res = await send(server, 'GET', '/item/Ch%C5%8Fng?a=1&a=2&b=x%20y');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ params: { id: 'Chŏng' }, query: { a: ['1', '2'], b: ['x y'] } });
  });

  it('answers HEAD as GET without a body', async () => {
    const res = await send(server, 'HEAD', '/item/x');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
  });

  it('405 with Allow for another method; 404 for no route', async () => {
    const res = await send(server, 'DELETE', '/item/x');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
    expect((await send(server, 'GET', '/nothing')).status).toBe(404);
  });

  it('opens every reply of an open route to other origins, errors included, and answers preflight', async () => {
    expect((await send(server, 'GET', '/item/x')).headers['access-control-allow-origin']).toBe('*');
    expect((await send(server, 'GET', '/teapot')).headers['access-control-allow-origin']).toBe('*');
    const pre = await send(server, 'OPTIONS', '/post', {
      origin: 'https://app.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, x-custom',
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-methods']).toBe('GET, POST, HEAD, OPTIONS');
    expect(pre.headers['access-control-allow-headers']).toBe('content-type, x-custom');
    expect(pre.headers['access-control-allow-origin']).toBe('*');
  });

  it('keeps a route that is not open same-origin', async () => {
    const res = await send(server, 'GET', '/private');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect((await send(server, 'OPTIONS', '/private')).status).toBe(405);
  });

  it('301 from a trailing-slash twin to the route, with the query string', async () => {
    const a = await send(server, 'GET', '/item/x/?q=1');
    expect(a.status).toBe(301);
    expect(a.headers.location).toBe('/item/x?q=1');
    const b = await send(server, 'GET', '/list');
    expect(b.status).toBe(301);
    expect(b.headers.location).toBe('/list/');
  });

  it('reads an absolute-form target as its path', async () => {
    expect(requestTarget('http://example.org/item/x?a=1')).toEqual({ path: '/item/x', queryString: 'a=1' });
    const res = await send(server, 'GET', 'http://example.org/item/x');
    expect(res.status).toBe(200);
  });

  it('400 for a query string or a path that does not decode', async () => {
    expect((await send(server, 'GET', '/item/x?a=%ff')).status).toBe(400);
    expect((await send(server, 'GET', '/item/%ff')).status).toBe(400);
  });

  it('refuses a body over the limit by its declared length, and closes the connection', async () => {
    const res = await send(server, 'POST', '/post', { 'content-type': 'text/plain', 'content-length': '1000000' }, 'x');
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
    const ok = await send(server, 'POST', '/post', { 'content-type': 'text/plain' }, 'hello');
    expect(JSON.parse(ok.body).body).toBe('hello');
  });

  it("sets the route's CSP, and lets a frameable route be framed", async () => {
    const page = await send(server, 'GET', '/page');
    expect(page.headers['content-security-policy']).toBe("default-src 'self'");
    expect(page.headers['x-frame-options']).toBeUndefined();
    const other = await send(server, 'GET', '/item/x');
    expect(other.headers['content-security-policy']).toBe("default-src 'none'");
    expect(other.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('lets operators in from the machine itself or with the token, and no one else', async () => {
    expect((await send(server, 'GET', '/private')).status).toBe(200);
    // Behind a trusted proxy the client is the address the proxy saw.
    expect((await send(behindProxy, 'GET', '/private', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await send(behindProxy, 'GET', '/private', { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer sesame' })).status).toBe(
      200,
    );
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const direct = JSON.parse((await send(server, 'GET', '/item/x', { 'x-forwarded-for': '203.0.113.9' })).body);
    expect(direct.client).toBe('127.0.0.1');
    const proxied = JSON.parse((await send(behindProxy, 'GET', '/item/x', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' })).body);
    expect(proxied.client).toBe('203.0.113.9');
  });

  it('writes a typed error as its status and message, and anything else as a bare 500', async () => {
    const teapot = await send(server, 'GET', '/teapot');
    expect([teapot.status, teapot.body]).toEqual([418, 'short and stout\n']);
    const fault = await send(server, 'GET', '/fault');
    expect(fault.status).toBe(500);
    expect(fault.body).not.toContain('secret');
  });
});
