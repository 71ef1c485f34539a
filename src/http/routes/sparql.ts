// /sparql: the SPARQL 1.1 Protocol, read-only, bounded. The query's form is found by parsing it
// (sparqljs), never by looking for keywords in the text; the query runs in the store (for the
// embedded store, a worker pool with a time limit, a row cap and a bounded queue).
import type { IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { QueryAbortedError, type GraphStore } from '../../store/store.js';
import { contentType, formatByMediaType } from '../../rdf/formats.js';
import { serialize } from '../../rdf/serialize.js';
import { WDQS } from '../../wikidata/prefixes.js';
import { QuerySyntaxError, QueryTooComplex, UncappableQuery, UpdateRefused, type QueryAnalysis } from '../../query/analyze.js';
import { AnalysisAborted, Analyzer, QueryTooLong } from '../../sparql/analyze-off-thread.js';
import { GRAPH_TYPES, negotiate, RESULT_TYPES } from '../sparql-formats.js';
import { readProtocolRequest, type ProtocolRequest } from '../../sparql/request.js';
import { ResultCache } from '../../sparql/result-cache.js';
import { requestInfo } from '../../ops/logging.js';
import { DEFAULT_ENGINE_LIMITS, serviceDescription, type ServiceLimits } from '../../sparql/service-description.js';
import { representation, type Representation } from '../../rdf/representation.js';
import { badRequest, forbidden, HttpError, notFound } from '../errors.js';
import { representationReply, type Reply } from '../reply.js';
import type { RequestContext } from '../router.js';
import { SPARQL_PAGE_CSS, SPARQL_PAGE_SCRIPT, sparqlPage } from '../../views/sparql-page.js';

/** What /sparql reads per request: the store of the publication being served now. */
export interface StoreSource {
  readonly current: { readonly store: GraphStore };
}

export interface SparqlOptions extends ServiceLimits {
  /** The largest answer sent, in bytes: a larger one is refused, never held for a slow client. */
  maxResponseBytes: number;
  /** Public base IRI; the endpoint is `{baseUrl}sparql`. */
  baseUrl: string;
  /** Bytes of answers kept for repeated queries (see result-cache.ts); 0 keeps none. */
  cacheBytes: number;
}

/** The headers that say a result was cut at the row cap. */
export const TRUNCATED_HEADER = 'X-SPARQL-Truncated';
export const MAX_ROWS_HEADER = 'X-SPARQL-Max-Rows';
/** Whether the answer was kept from an earlier run of the same query: hit, miss or bypass. */
export const CACHE_HEADER = 'X-SPARQL-Cache';

const PAGE_OR_GRAPH_TYPES = ['text/html', ...GRAPH_TYPES];

const require = createRequire(import.meta.url);
// The query page's files, read once and kept with their compressed forms like any document.
const ASSET_SOURCES: Record<string, { file?: string; body?: string; type: string }> = {
  'yasgui.min.js': { file: require.resolve('@zazuko/yasgui/build/yasgui.min.js'), type: 'text/javascript; charset=utf-8' },
  'yasgui.min.css': { file: require.resolve('@zazuko/yasgui/build/yasgui.min.css'), type: 'text/css; charset=utf-8' },
  'sparql-page.js': { body: SPARQL_PAGE_SCRIPT, type: 'text/javascript; charset=utf-8' },
  'sparql-page.css': { body: SPARQL_PAGE_CSS, type: 'text/css; charset=utf-8' },
};
let assets: Map<string, Representation> | undefined;
const STARTED = new Date();

/** GET /sparql/assets/{name}: YASGUI and the page's own script and style, served by the app. */
export function sparqlAsset(ctx: RequestContext): Reply {
  assets ??= new Map(
    Object.entries(ASSET_SOURCES).map(([name, a]) => [name, representation(a.type, a.file ? readFileSync(a.file) : a.body!)]),
  );
  const rep = assets.get(ctx.params.name!);
  if (!rep) throw notFound(`No asset ${JSON.stringify(ctx.params.name)}`);
  return { ...representationReply(ctx, rep, { modified: STARTED, cacheControl: 'public, max-age=86400' }), compressible: true };
}

/** Answers a protocol request that carries a query: parse, negotiate, run (or take the kept
 *  answer), and reply. */
export type QueryAnswerer = (ctx: RequestContext, request: ProtocolRequest & { query: string }) => Promise<Reply>;

export function sparqlAnswerer(source: StoreSource, options: SparqlOptions): QueryAnswerer {
  const endpoint = `${options.baseUrl}sparql`;
  const answers = new ResultCache(options.cacheBytes);
  const analyzer = new Analyzer({
    maxQueryChars: options.maxQueryChars ?? DEFAULT_ENGINE_LIMITS.maxQueryChars,
    parseTimeoutMs: options.parseTimeoutMs ?? DEFAULT_ENGINE_LIMITS.parseTimeoutMs,
    queueSize: options.queueSize,
    ...(options.clientQueueSize !== undefined ? { clientQueueSize: options.clientQueueSize } : {}),
  });
  return async (ctx, request) => {
    const req = ctx.req;
    // A client that hangs up before its answer: its query leaves the queue, or is stopped (the
    // router aborts the signal); the pool shares its workers fairly between clients (the router
    // resolves the client behind a trusted proxy).
    // Wikidata's query service predeclares its prefixes; so do we, so its queries run unchanged.
    // The analysis is memoized by the query's text: a repeated query is not parsed again; a long
    // one is parsed off this thread.
    const analysis = await parse(analyzer, request.query, endpoint, options.maxRows, ctx.signal, ctx.client);
    const offered = analysis.form === 'SELECT' || analysis.form === 'ASK' ? RESULT_TYPES : GRAPH_TYPES;
    const type = negotiate(req, offered, request.format);
    const started = performance.now();
    const result = await run(answers, source.current.store, analysis.text, analysis, wantsFresh(req), {
      resultsFormat: type,
      defaultGraphUris: request.defaultGraphUris,
      namedGraphUris: request.namedGraphUris,
      maxRows: options.maxRows,
      timeoutMs: options.timeoutMs,
      // Relative IRIs in a query without BASE resolve against the endpoint's IRI.
      baseIri: endpoint,
      signal: ctx.signal,
      client: ctx.client,
    });
    // The query's own time goes into the request's log line.
    const info = requestInfo.get(ctx.res);
    if (info) {
      info.queryMs = Math.round((performance.now() - started) * 1000) / 1000;
      if (result.engineMs !== undefined) info.engineMs = Math.round(result.engineMs * 1000) / 1000;
      info.cache = result.cache;
    }
    const headers: Record<string, string> = { Vary: 'Accept', [CACHE_HEADER]: result.cache };
    if (result.truncated) {
      headers[TRUNCATED_HEADER] = 'true';
      headers[MAX_ROWS_HEADER] = String(options.maxRows);
    }
    const rdf = formatByMediaType(type);
    headers['Content-Type'] = rdf ? contentType(rdf) : type === 'application/sparql-results+json' ? type : `${type}; charset=utf-8`;
    const body = Buffer.from(result.body, 'utf8');
    if (body.length > options.maxResponseBytes) throw responseTooLarge(body.length, options.maxResponseBytes);
    return { status: 200, headers, body, compressible: true };
  };
}

/** GET and POST /sparql: a query is answered; without one, GET describes the service (the Service
 *  Description for RDF clients, the query page for browsers). A browser following a link to a query
 *  (`/sparql?query=…`) gets the query page with that query loaded and run, not a file to save. */
export function sparqlEndpoint(options: SparqlOptions, answer: QueryAnswerer): (ctx: RequestContext) => Promise<Reply> | Reply {
  const endpoint = `${options.baseUrl}sparql`;
  const description = serviceDescription(endpoint, options);
  return (ctx) => {
    const request = readProtocolRequest(ctx);
    if (request.query === undefined) return describe(ctx, request.format);
    if (ctx.method !== 'POST' && request.format === undefined && prefersPage(ctx.req)) return page(ctx, request.query);
    return answer(ctx, { ...request, query: request.query });
  };

  async function describe(ctx: RequestContext, format?: string): Promise<Reply> {
    const type =
      format === undefined && ctx.req.headers.accept?.includes('text/html')
        ? negotiate(ctx.req, PAGE_OR_GRAPH_TYPES)
        : negotiate(ctx.req, GRAPH_TYPES, format);
    if (type === 'text/html') return page(ctx);
    const rdf = formatByMediaType(type)!;
    return {
      status: 200,
      headers: { 'Content-Type': contentType(rdf), Vary: 'Accept' },
      body: Buffer.from(await serialize(description, rdf)),
      compressible: true,
    };
  }

  function page(ctx: RequestContext, query?: string): Reply {
    // Links relative to the page, so they hold behind a proxy that mounts the app under a path.
    const links = ctx.path.endsWith('/') ? { assets: 'assets', endpoint: '.' } : { assets: 'sparql/assets', endpoint: 'sparql' };
    return {
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8', Vary: 'Accept' },
      body: Buffer.from(sparqlPage(options.baseUrl, links, query)),
      compressible: true,
    };
  }
}

/** A browser's navigation asks for HTML by name; a SPARQL client never does. */
function prefersPage(req: Pick<IncomingMessage, 'headers'>): boolean {
  const accept = req.headers.accept;
  return accept !== undefined && /\btext\/html\b/.test(accept) && negotiate(req, PAGE_OR_RESULT_TYPES) === 'text/html';
}
const PAGE_OR_RESULT_TYPES = ['text/html', ...RESULT_TYPES];

function responseTooLarge(bytes: number, limit: number): HttpError {
  return new HttpError(
    507,
    `The answer is ${bytes} bytes, over this endpoint's limit of ${limit} bytes (SPARQL_MAX_RESPONSE_BYTES). Narrow the query, or page it with LIMIT and OFFSET.`,
  );
}

async function parse(
  analyzer: Analyzer,
  query: string,
  baseIri: string,
  maxRows: number,
  signal: AbortSignal,
  client: string,
): Promise<QueryAnalysis> {
  try {
    // The row caps the store will ask of the analysis: the cap, and one more row to tell if it goes over.
    const analysis = await analyzer.analyze(query, baseIri, WDQS, [maxRows, maxRows + 1], signal, client);
    if (analysis.usesService) throw forbidden('SERVICE is not allowed: this endpoint never fetches a URL a query names.');
    return analysis;
  } catch (e) {
    if (e instanceof QueryTooLong) throw new HttpError(413, e.message);
    if (e instanceof QueryTooComplex) throw badRequest(e.message);
    if (e instanceof QuerySyntaxError) throw badRequest(`Malformed query: ${e.message}`);
    if (e instanceof UpdateRefused) throw forbidden(e.message);
    if (e instanceof AnalysisAborted) throw new HttpError(499, e.message);
    throw e;
  }
}

async function run(
  answers: ResultCache,
  store: GraphStore,
  query: string,
  analysis: QueryAnalysis,
  fresh: boolean,
  options: Parameters<GraphStore['query']>[1],
) {
  try {
    return await answers.query(store, query, { ...options, analysis }, fresh);
  } catch (e) {
    if (e instanceof UncappableQuery) throw badRequest(`${e.message} (${options.maxRows} rows)`);
    // Nobody is left to read it; the status is for the log line (nginx's "client closed request").
    if (e instanceof QueryAbortedError) throw new HttpError(499, e.message);
    throw e;
  }
}

/** `Cache-Control: no-cache` (or the older `Pragma: no-cache`): the client wants the query
 *  evaluated now, not an answer kept from before. */
function wantsFresh(req: Pick<IncomingMessage, 'headers'>): boolean {
  const control = req.headers['cache-control'];
  return /\bno-(cache|store)\b/i.test(control ?? '') || (control === undefined && /\bno-cache\b/i.test(req.headers.pragma ?? ''));
}
