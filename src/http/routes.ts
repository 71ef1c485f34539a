// Every route of the server, in one table: its path, methods, handler and policies. CORS (open,
// preflight included) holds for every route unless one says otherwise; security headers, the
// strictest Content-Security-Policy, request ids, logs and metrics hold for all (router.ts).
import type { RequestHandler } from 'express';
import type { Config } from '../config.js';
import type { Metrics } from '../ops/metrics.js';
import { rateLimiter } from './rate-limit.js';
import type { StoreSource } from './routes/sparql.js';
import { context, dataReply } from './routes/data.js';
import { dump, dumpList } from './routes/dumps.js';
import { fragments } from './routes/fragments.js';
import { health } from './routes/health.js';
import { landing, stylesheet } from './routes/landing.js';
import { MINTED_KINDS, mintedData, mintedPage, mintedResource, shapes } from './routes/minted.js';
import { ontology } from './routes/ontology.js';
import { pageReply } from './routes/page.js';
import { flyout, preview, PREVIEW_CSP, propose, reconcile, suggest } from './routes/reconcile.js';
import { resourceReply } from './routes/resource.js';
import { search } from './routes/search.js';
import { favicon, robots, sitemap } from './routes/site-files.js';
import { SOURCE_PATH, source } from './routes/source.js';
import { sparqlAnswerer, sparqlAsset, sparqlEndpoint } from './routes/sparql.js';
import { voidDescription } from './routes/void.js';
import type { Route } from './router.js';
import { PAGE_CSP } from '../views/layout.js';
import { SPARQL_PAGE_CSP } from '../views/sparql-page.js';

export function routeTable(config: Config, metrics: Metrics, store: StoreSource): Route[] {
  const limit = (perMinute: number): RequestHandler | undefined =>
    perMinute > 0 ? rateLimiter({ limit: perMinute, windowMs: 60_000 }, metrics) : undefined;
  // A remote store can be written from outside this server: its answers are kept only for the
  // time the operator allows (SPARQL_REMOTE_CACHE_SECONDS, default 0: never).
  const keepRemote = config.remote ? config.remote.cacheSeconds : 0;
  const sparql = {
    ...config.sparql,
    baseUrl: config.baseUrl,
    cacheBytes: config.remote && !keepRemote ? 0 : config.sparql.cacheBytes,
    ...(config.remote ? { remote: true, cacheSeconds: keepRemote } : {}),
  };
  const sparqlLimit = limit(config.ops.sparqlPerMinute);
  const endpoint = sparqlEndpoint(sparql, sparqlAnswerer(store, sparql));
  const reconcileLimit = limit(config.ops.reconcilePerMinute);
  const reconcileBody = 1024 * 1024;
  const GET = ['GET'] as const;
  const GET_POST = ['GET', 'POST'] as const;

  return [
    { name: 'landing', path: '/', methods: GET, handle: landing, csp: PAGE_CSP },
    { name: 'resource', path: '/resource/:slug', methods: GET, handle: (c) => resourceReply(c.pub, c.params.slug!, c) },
    { name: 'data', path: '/data/:name', methods: GET, handle: (c) => dataReply(c.pub, c.params.name!, c) },
    { name: 'page', path: '/page/:slug', methods: GET, handle: (c) => pageReply(c.pub, c.params.slug!, c), csp: PAGE_CSP },
    // The other IRIs minted under the base: claims, Wikidata links and graphs, as entities are.
    ...MINTED_KINDS.flatMap((kind): Route[] => [
      { name: kind, path: `/${kind}/:name`, methods: GET, handle: mintedResource(kind) },
      { name: `${kind}-data`, path: `/data/${kind}/:name`, methods: GET, handle: mintedData(kind) },
      { name: `${kind}-page`, path: `/page/${kind}/:name`, methods: GET, handle: mintedPage(kind), csp: PAGE_CSP },
    ]),
    { name: 'shapes', path: '/shapes', methods: GET, handle: shapes, csp: PAGE_CSP },
    { name: 'shapes', path: '/shapes.:ext', methods: GET, handle: shapes, csp: PAGE_CSP },
    { name: 'ontology', path: '/ontology', methods: GET, handle: ontology, csp: PAGE_CSP },
    { name: 'ontology', path: '/ontology.:ext', methods: GET, handle: ontology, csp: PAGE_CSP },
    { name: 'context', path: '/context.jsonld', methods: GET, handle: context },
    { name: 'void', path: '/void', methods: GET, handle: voidDescription, csp: PAGE_CSP },
    { name: 'void', path: '/void.:ext', methods: GET, handle: voidDescription, csp: PAGE_CSP },
    { name: 'void', path: '/.well-known/void', methods: GET, handle: voidDescription, csp: PAGE_CSP },
    { name: 'source', path: SOURCE_PATH, methods: GET, handle: source },
    { name: 'source', path: `${SOURCE_PATH}.:ext`, methods: GET, handle: source },
    { name: 'dumps', path: '/dumps/', methods: GET, handle: dumpList, csp: PAGE_CSP },
    { name: 'dumps', path: '/dumps/:name', methods: GET, handle: dump },
    {
      name: 'sparql',
      path: '/sparql',
      methods: GET_POST,
      handle: endpoint,
      rateLimit: sparqlLimit,
      maxBodyBytes: config.sparql.maxBodyBytes,
      csp: SPARQL_PAGE_CSP,
    },
    {
      name: 'sparql',
      path: '/sparql/',
      methods: GET_POST,
      handle: endpoint,
      rateLimit: sparqlLimit,
      maxBodyBytes: config.sparql.maxBodyBytes,
      csp: SPARQL_PAGE_CSP,
    },
    { name: 'sparql-assets', path: '/sparql/assets/:name', methods: GET, handle: sparqlAsset },
    {
      name: 'fragments',
      path: '/fragments',
      methods: GET,
      handle: fragments,
      rateLimit: limit(config.ops.fragmentsPerMinute),
      csp: PAGE_CSP,
    },
    { name: 'search', path: '/search', methods: GET, handle: search, csp: PAGE_CSP },
    { name: 'reconcile', path: '/reconcile', methods: GET_POST, handle: reconcile, rateLimit: reconcileLimit, maxBodyBytes: reconcileBody },
    { name: 'reconcile', path: '/reconcile/suggest/:kind', methods: GET, handle: suggest, rateLimit: reconcileLimit },
    { name: 'reconcile', path: '/reconcile/flyout/entity', methods: GET, handle: flyout, rateLimit: reconcileLimit },
    {
      name: 'reconcile',
      path: '/reconcile/preview',
      methods: GET,
      handle: preview,
      rateLimit: reconcileLimit,
      csp: PREVIEW_CSP,
      frameable: true,
    },
    { name: 'reconcile', path: '/reconcile/propose_properties', methods: GET, handle: propose, rateLimit: reconcileLimit },
    { name: 'assets', path: '/assets/site.css', methods: GET, handle: stylesheet },
    { name: 'robots', path: '/robots.txt', methods: GET, handle: robots },
    { name: 'sitemap', path: '/sitemap.xml', methods: GET, handle: sitemap },
    { name: 'favicon', path: '/favicon.ico', methods: GET, handle: favicon },
    { name: 'health', path: '/healthz', methods: GET, handle: health, cors: false },
    {
      name: 'metrics',
      path: '/metrics',
      methods: GET,
      cors: false,
      operatorsOnly: true,
      handle: async () => {
        const { contentType, body } = await metrics.exposition();
        return { status: 200, headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' }, body: Buffer.from(body) };
      },
    },
  ];
}
