// Property-based: random bytes in paths and query strings, random Accept headers and random
// bodies at every route of the real app. Whatever comes in, no 5xx (a 503 from the SPARQL time
// limit or a restarted query engine is allowed on /sparql only), no stack trace, and the server
// is alive afterwards. Bounded: a fixed number of runs per route group, each request with a deadline.
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers/server.js';

const RUNS = 200;
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({
    LOG_LEVEL: 'silent',
    SPARQL_TIMEOUT_MS: '2000',
    SPARQL_WORKERS: '2',
    SPARQL_QUEUE: '64',
    SPARQL_MAX_ROWS: '100',
    // Rate limits off: the fuzzer is one client sending hundreds of requests a second.
    RATE_LIMIT_SPARQL: '0',
    RATE_LIMIT_RECONCILE: '0',
  });
});
afterAll(async () => {
  await server?.close();
});

interface Raw {
  status: number;
  body: string;
}

function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Raw> {
  const { hostname, port } = new URL(server.url);
  const framed = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: framed, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer to ${method} ${path.slice(0, 100)}`)));
    req.end(body);
  });
}

/** Bytes as they may appear in a request target: some raw, the rest percent-encoded, and now and
 *  then a bare or broken escape. */
const SAFE = new Set([..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?%"]);
const pathBytes = fc
  .array(
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .integer({ min: 0, max: 255 })
          .map((b) =>
            SAFE.has(String.fromCharCode(b)) && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
          ),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '%',
          '%E0%A4%A',
          '%zz',
          '..',
          '../',
          '%2F',
          '%2E%2E%2F',
          '%00',
          '%C0%AF',
          '%FF',
          '//',
          '?',
          '#',
          '&',
          '=',
          '.ttl',
          '.jsonld',
          '.html',
        ),
      },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

/** Accept headers: real media ranges, parameters and garbage in any order (only bytes a header may hold). */
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 30 });
const accept = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'text/html',
        'application/xhtml+xml',
        'text/turtle',
        'application/ld+json',
        'application/n-triples',
        'application/rdf+xml',
        'application/sparql-results+json',
        'text/csv',
        '*/*',
        'text/*',
        'image/png',
        ';q=0',
        ';q=0.5',
        ';q=1.5',
        ';q=abc',
        ';q=',
        ';profile="http://www.w3.org/ns/json-ld#compacted"',
        ';charset=utf-8',
        ',',
        ', ',
        ';',
        '/',
        '"',
        '*',
      ),
      printable,
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const HEADER_OK = /^[\t\x20-\x7e]*$/;

/** A request's Accept, or none. */
const headers = fc
  .option(accept, { nil: undefined })
  .map((a): Record<string, string> => (a !== undefined && HEADER_OK.test(a) ? { accept: a } : {}));

function check(method: string, path: string, res: Raw) {
  const sparql = path.startsWith('/sparql');
  const ok = res.status < 500 || (sparql && res.status === 503);
  if (!ok) throw new Error(`${method} ${path} → ${res.status}: ${res.body.slice(0, 300)}`);
  if (/\n\s+at [\w.<>]+ \(|\.[jt]s:\d+:\d+|node_modules/.test(res.body)) throw new Error(`${method} ${path}: a stack trace in the body`);
}

const GROUPS: Record<string, string[]> = {
  entities: ['/resource/', '/data/', '/page/', '/data/Siege_of_Busanjin', '/resource/Busan'],
  minted: [
    '/claim/',
    '/link/',
    '/graph/',
    '/data/claim/',
    '/data/link/imjin',
    '/page/claim/',
    '/page/graph/',
    '/claim/imjin-war',
    '/shapes',
    '/source/siege-of-busanjin',
  ],
  documents: ['/', '/ontology', '/context.jsonld', '/void', '/.well-known/', '/source/', '/healthz', '/dumps/', '/sparql/assets/'],
  sparql: ['/sparql?query=', '/sparql?', '/sparql?query=SELECT%20*%20WHERE%20%7B%20', '/sparql?format='],
  fragments: ['/fragments?subject=', '/fragments?predicate=', '/fragments?object=', '/fragments?page=', '/fragments?'],
  search: ['/search?q=', '/search?limit=', '/search?'],
  reconcile: [
    '/reconcile?queries=',
    '/reconcile?extend=',
    '/reconcile/suggest/',
    '/reconcile/flyout/entity?id=',
    '/reconcile/preview?id=',
    '/reconcile/propose_properties?type=',
  ],
};

async function alive() {
  const res = await fetch(`${server.url}healthz`, { signal: AbortSignal.timeout(10_000) });
  expect(res.status).toBe(200);
}

describe('random requests at every route', () => {
  for (const [group, prefixes] of Object.entries(GROUPS)) {
    it(`${group}: no 5xx for random paths, query strings and Accept headers`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...prefixes),
          pathBytes,
          headers,
          fc.constantFrom('GET', 'HEAD'),
          async (prefix, tail, h, method) => {
            const path = prefix + tail;
            check(method, path, await send(method, path, h));
          },
        ),
        { numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
      );
      await alive();
    }, 90_000);
  }

  it('POST bodies of random bytes and random types to /sparql and /reconcile: no 5xx', async () => {
    const type = fc.constantFrom(
      'application/sparql-query',
      'application/x-www-form-urlencoded',
      'application/json',
      'text/plain',
      'application/sparql-update',
      'application/json; charset=utf-16',
      'multipart/form-data',
      '',
    );
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b)),
      fc.string({ maxLength: 200 }).map((s) => Buffer.from(`query=${encodeURIComponent(s)}`)),
      fc.json({ maxDepth: 6 }).map((s) => Buffer.from(s)),
      fc.string({ maxLength: 200 }).map((s) => Buffer.from(`SELECT * WHERE { ${s} }`)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/sparql', '/reconcile'), type, body, headers, async (path, t, b, h) => {
        check('POST', path, await send('POST', path, t ? { ...h, 'content-type': t } : h, b));
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
    );
    await alive();
  }, 90_000);

  it('random SPARQL-ish text by GET: no 5xx beyond the time limit', async () => {
    const token = fc.constantFrom(
      'SELECT',
      'ASK',
      'CONSTRUCT',
      'DESCRIBE',
      'WHERE',
      '{',
      '}',
      '(',
      ')',
      '?s',
      '?p',
      '?o',
      '*',
      '.',
      ';',
      ',',
      'FILTER',
      'OPTIONAL',
      'UNION',
      'MINUS',
      'GRAPH',
      'BIND',
      'AS',
      'VALUES',
      'LIMIT',
      'OFFSET',
      'ORDER BY',
      'GROUP BY',
      'COUNT(*)',
      '"x"',
      '1',
      'a',
      '<http://localhost:8080/resource/Busan>',
      'regex(?o, "a+")',
      'SERVICE',
      'INSERT DATA',
      'PREFIX x: <y>',
      'x:z',
      '#',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 25 }), headers, async (tokens, h) => {
        const path = `/sparql?query=${encodeURIComponent(tokens.join(' '))}`;
        check('GET', path, await send('GET', path, h));
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
    );
    await alive();
  }, 90_000);
});
