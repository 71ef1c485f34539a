// /sparql: the SPARQL 1.1 Protocol, read-only, bounded. The query's form is found by parsing it
// (sparqljs), never by looking for keywords in the text; the query runs in the store (for the
// embedded store, a worker pool with a time limit, a row cap and a bounded queue).
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { QueryAbortedError, type GraphStore } from '../../store/store.js';
import { contentType, formatByMediaType } from '../../rdf/formats.js';
import { serialize } from '../../rdf/serialize.js';
import { WDQS } from '../../wikidata/prefixes.js';
import { QuerySyntaxError, QueryTooComplex, UncappableQuery, UpdateRefused, type QueryAnalysis } from '../../sparql/analyze.js';
import { AnalysisAborted, Analyzer, QueryTooLong } from '../../sparql/analyze-off-thread.js';
import { GRAPH_TYPES, negotiate, RESULT_TYPES } from '../../sparql/negotiate.js';
import { readProtocolRequest, type ProtocolHttpRequest, type ProtocolRequest } from '../../sparql/request.js';
import { ResultCache } from '../../sparql/result-cache.js';
import { storeErrorToHttp } from '../store-errors.js';
import { requestInfo } from '../../ops/logging.js';
import { DEFAULT_ENGINE_LIMITS, serviceDescription, type ServiceLimits } from '../../sparql/service-description.js';
import { badRequest, forbidden, HttpError, methodNotAllowed, payloadTooLarge, serviceUnavailable } from '../errors.js';
import { SPARQL_PAGE_CSP, SPARQL_PAGE_CSS, SPARQL_PAGE_SCRIPT, sparqlPage } from '../views/sparql-page.js';

/** What /sparql reads per request: the store of the publication being served now. */
export interface StoreSource {
  readonly current: { readonly store: GraphStore };
}

export interface SparqlOptions extends ServiceLimits {
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
const ASSETS: Record<string, { file?: string; body?: string; type: string }> = {
  'yasgui.min.js': { file: require.resolve('@zazuko/yasgui/build/yasgui.min.js'), type: 'text/javascript; charset=utf-8' },
  'yasgui.min.css': { file: require.resolve('@zazuko/yasgui/build/yasgui.min.css'), type: 'text/css; charset=utf-8' },
  'sparql-page.js': { body: SPARQL_PAGE_SCRIPT, type: 'text/javascript; charset=utf-8' },
  'sparql-page.css': { body: SPARQL_PAGE_CSS, type: 'text/css; charset=utf-8' },
};

/** Answers a protocol request that carries a query: parse, negotiate, run (or take the kept
 *  answer), write. Written on node's own request and response, so that the listener can answer
 *  query requests before express (src/http/sparql-queries.ts) with the same code as this router. */
export type QueryAnswerer = (req: ProtocolHttpRequest, res: ServerResponse, request: ProtocolRequest & { query: string }) => Promise<void>;

export function sparqlAnswerer(source: StoreSource, options: SparqlOptions): QueryAnswerer {
  const endpoint = `${options.baseUrl}sparql`;
  const answers = new ResultCache(options.cacheBytes);
  const analyzer = new Analyzer({
    maxQueryChars: options.maxQueryChars ?? DEFAULT_ENGINE_LIMITS.maxQueryChars,
    parseTimeoutMs: options.parseTimeoutMs ?? DEFAULT_ENGINE_LIMITS.parseTimeoutMs,
    queueSize: options.queueSize,
  });
  // Whose query it is, so the pool shares its workers fairly. The address of the connection for
  // now; behind a trusted proxy the HTTP layer will resolve the client's own.
  const clientOf = (req: ProtocolHttpRequest) => (req as Partial<Pick<IncomingMessage, 'socket'>>).socket?.remoteAddress ?? 'unknown';
  return async (req, res, request) => {
    res.setHeader('Vary', 'Accept');
    // A client that hangs up before its answer: its query leaves the queue, or is stopped.
    const gone = new AbortController();
    const onClose = () => { if (!res.writableFinished) gone.abort(); };
    res.once('close', onClose);
    // Wikidata's query service predeclares its prefixes; so do we, so its queries run unchanged.
    // The analysis is memoized by the query's text: a repeated query is not parsed again; a long
    // one is parsed off this thread.
    const analysis = await parse(analyzer, request.query, endpoint, options.maxRows, gone.signal);
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
      signal: gone.signal,
      client: clientOf(req),
    });
    // The query's own time goes into the request's log line.
    const info = requestInfo.get(res);
    if (info) {
      info.queryMs = Math.round((performance.now() - started) * 1000) / 1000;
      if (result.engineMs !== undefined) info.engineMs = Math.round(result.engineMs * 1000) / 1000;
      info.cache = result.cache;
    }
    res.setHeader(CACHE_HEADER, result.cache);
    if (result.truncated) {
      res.setHeader(TRUNCATED_HEADER, 'true');
      res.setHeader(MAX_ROWS_HEADER, String(options.maxRows));
    }
    const rdf = formatByMediaType(type);
    res.setHeader('Content-Type', rdf ? contentType(rdf) : type === 'application/sparql-results+json' ? type : `${type}; charset=utf-8`);
    const body = Buffer.from(result.body, 'utf8');
    res.setHeader('Content-Length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

export function sparqlRoutes(source: StoreSource, options: SparqlOptions, answer: QueryAnswerer = sparqlAnswerer(source, options)): Router {
  const router = Router();
  const endpoint = `${options.baseUrl}sparql`;
  const description = serviceDescription(endpoint, options);
  const body = express.raw({ type: () => true, limit: options.maxBodyBytes });
  const readBody = (req: Request, res: Response, next: NextFunction) =>
    req.method !== 'POST' ? next() : body(req, res, (err?: unknown) => next(bodyError(err, options.maxBodyBytes)));

  router.get('/sparql/assets/:name', (req, res, next) => {
    const asset = ASSETS[req.params.name];
    if (!asset) return next();
    res.set('Cache-Control', 'public, max-age=86400').type(asset.type);
    if (asset.file) return res.sendFile(asset.file);
    res.send(asset.body);
  });

  router.all('/sparql', readBody, async (req, res, next) => {
    try {
      if (req.method !== 'GET' && req.method !== 'POST' && req.method !== 'HEAD') throw methodNotAllowed(['GET', 'POST']);
      const request = readProtocolRequest(req);
      res.set('Vary', 'Accept');
      if (request.query === undefined) return await describe(req, res, request.format);
      await answer(req, res, { ...request, query: request.query });
    } catch (e) {
      next(e);
    }
  });

  async function describe(req: Request, res: Response, format?: string) {
    const type = format === undefined && req.headers.accept?.includes('text/html')
      ? negotiate(req, PAGE_OR_GRAPH_TYPES)
      : negotiate(req, GRAPH_TYPES, format);
    if (type === 'text/html') {
      res.set('Content-Security-Policy', SPARQL_PAGE_CSP).type('text/html; charset=utf-8');
      // Links relative to the page, so they hold behind a proxy that mounts the app under a path.
      const links = req.path.endsWith('/') ? { assets: 'assets', endpoint: '.' } : { assets: 'sparql/assets', endpoint: 'sparql' };
      return res.send(sparqlPage(options.baseUrl, links));
    }
    const rdf = formatByMediaType(type)!;
    res.set('Content-Type', contentType(rdf)).send(await serialize(description, rdf));
  }

  return router;
}

async function parse(analyzer: Analyzer, query: string, baseIri: string, maxRows: number, signal: AbortSignal): Promise<QueryAnalysis> {
  try {
    // The row caps the store will ask of the analysis: the cap, and one more row to tell if it goes over.
    const analysis = await analyzer.analyze(query, baseIri, WDQS, [maxRows, maxRows + 1], signal);
    if (analysis.usesService) throw forbidden('SERVICE is not allowed: this endpoint never fetches a URL a query names.');
    return analysis;
  } catch (e) {
    if (e instanceof QueryTooLong) throw new HttpError(413, e.message);
    if (e instanceof QueryTooComplex) throw badRequest(e.message);
    if (e instanceof QuerySyntaxError) throw badRequest(`Malformed query: ${e.message}`);
    if (e instanceof UpdateRefused) throw forbidden(e.message);
    if (e instanceof AnalysisAborted) throw new HttpError(499, e.message);
    throw storeErrorToHttp(e);
  }
}

async function run(answers: ResultCache, store: GraphStore, query: string, analysis: QueryAnalysis, fresh: boolean, options: Parameters<GraphStore['query']>[1]) {
  try {
    return await answers.query(store, query, { ...options, analysis }, fresh);
  } catch (e) {
    if (e instanceof UncappableQuery) throw badRequest(`${e.message} (${options.maxRows} rows)`);
    // Nobody is left to read it; the status is for the log line (nginx's "client closed request").
    if (e instanceof QueryAbortedError) throw new HttpError(499, e.message);
    throw storeErrorToHttp(e);
  }
}

/** `Cache-Control: no-cache` (or the older `Pragma: no-cache`): the client wants the query
 *  evaluated now, not an answer kept from before. */
function wantsFresh(req: Pick<IncomingMessage, 'headers'>): boolean {
  const control = req.headers['cache-control'];
  return /\bno-(cache|store)\b/i.test(control ?? '') || (control === undefined && /\bno-cache\b/i.test(req.headers.pragma ?? ''));
}

/** The body parser's errors, as messages a client can act on. */
export function bodyError(err: unknown, limit: number): unknown {
  if (!err) return undefined;
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large') return payloadTooLarge(limit);
  if (type === 'encoding.unsupported') return new HttpError(415, 'Unsupported Content-Encoding: send the body uncompressed, gzip or deflate');
  if (type === 'request.aborted') return badRequest('The request body was cut short');
  return err;
}
