// /sparql's query requests, answered by the listener before express: a GET or HEAD whose query
// string names `query` (or `update`, to refuse it), and every POST. What express would run for them
// runs here too, in the same order and with the same middleware: the per-client rate limit,
// compression, the body (size limit, gzip/deflate), then the protocol (routes/sparql.ts's
// answerer, shared with its router, so both keep one set of answers). What is left to express: the
// service description and the query page (GET without a query), the page's assets, and every other
// method (405). express's router would cost a query more than the protocol does (docs/BENCHMARKS.md,
// "SPARQL: what the HTTP layer adds").
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type RequestHandler } from 'express';
import { parseForm, readProtocolRequest, type ProtocolHttpRequest } from '../sparql/request.js';
import { sendError, type Logger } from './errors.js';
import type { NodeHandler } from './entity-documents.js';
import { bodyError, type QueryAnswerer } from './routes/sparql.js';

export interface SparqlQueriesOptions {
  answer: QueryAnswerer;
  /** The limiter express also runs for /sparql (one count per client across both). */
  limiter: RequestHandler;
  compress: RequestHandler;
  maxBodyBytes: number;
  log: Logger;
}

const ENDPOINT = /^\/sparql\/?$/;

export function sparqlQueries(options: SparqlQueriesOptions): NodeHandler {
  const readBody = express.raw({ type: () => true, limit: options.maxBodyBytes }) as unknown as Middleware;
  const limiter = options.limiter as unknown as Middleware;
  const compress = options.compress as unknown as Middleware;
  return (req, res) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (!ENDPOINT.test(path) || !carriesQuery(req.method, q < 0 ? '' : url.slice(q + 1))) return false;
    const method = req.method;
    const fail = (e: unknown) => sendError(e, method, path, res, options.log);
    const request = req as IncomingMessage & ProtocolHttpRequest;
    const respond = (err?: unknown) => {
      if (err) return fail(bodyError(err, options.maxBodyBytes));
      try {
        const protocol = readProtocolRequest(request);
        // A POST always carries a query once read (or was refused above); a GET was chosen for one.
        if (protocol.query === undefined) return fail(new Error('a query request without a query'));
        options.answer(request, res, { ...protocol, query: protocol.query }).catch(fail);
      } catch (e) {
        fail(e);
      }
    };
    limiter(req, res, (err) => {
      if (err) return fail(err);
      compress(req, res, (err2) => {
        if (err2) return fail(err2);
        if (method === 'POST') readBody(req, res, respond);
        else respond();
      });
    });
    return true;
  };
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** A POST (its body is read to know), or a GET/HEAD whose query string names `query` or `update`.
 *  A query string that does not decode is left to express, which refuses it for every route
 *  before anything else (src/http/query-string.ts). */
function carriesQuery(method: string | undefined, queryString: string): boolean {
  if (method !== 'POST' && method !== 'GET' && method !== 'HEAD') return false;
  if (!queryString) return method === 'POST';
  try {
    const params = parseForm(queryString, 'URL query string');
    return method === 'POST' || params.has('query') || params.has('update');
  } catch {
    return false;
  }
}
