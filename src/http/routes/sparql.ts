// /sparql: the SPARQL 1.1 Protocol, read-only. The query's form is found by parsing it
// (sparqljs), never by looking for keywords in the text.
import express, { Router, type Request } from 'express';
import Negotiator from 'negotiator';
import sparqljs from 'sparqljs';
import type { Site } from '../../publication.js';
import { badRequest, forbidden, methodNotAllowed, notAcceptable, unsupportedMediaType } from '../errors.js';

const RESULT_TYPES = ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values'];
const GRAPH_TYPES = ['text/turtle', 'application/n-triples', 'application/n-quads', 'application/trig', 'application/ld+json', 'application/rdf+xml'];

export interface SparqlLimits {
  maxBodyBytes: number;
}

export function sparqlRoutes(site: Site, limits: SparqlLimits): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: limits.maxBodyBytes });
  const direct = express.text({ type: 'application/sparql-query', limit: limits.maxBodyBytes });

  router.all('/sparql', form, direct, async (req, res, next) => {
    try {
      if (req.method !== 'GET' && req.method !== 'POST' && req.method !== 'HEAD') throw methodNotAllowed(['GET', 'POST']);
      const { query, defaultGraphUris, namedGraphUris } = readRequest(req);
      const form = queryForm(query);
      const offered = form === 'SELECT' || form === 'ASK' ? RESULT_TYPES : GRAPH_TYPES;
      const type = new Negotiator(req).mediaType(offered) ?? (acceptsAnything(req) ? offered[0] : undefined);
      if (!type) throw notAcceptable(offered);
      const result = await site.current.store.query(query, { resultsFormat: type, defaultGraphUris, namedGraphUris });
      res.set('Vary', 'Accept').type(`${type}; charset=utf-8`).send(result.body);
    } catch (e) {
      next(e);
    }
  });
  return router;
}

function acceptsAnything(req: Request): boolean {
  return !req.headers.accept || req.headers.accept.trim() === '';
}

function readRequest(req: Request) {
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
  if (req.method === 'POST') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'application/sparql-update' || (req.body && typeof req.body === 'object' && 'update' in req.body)) {
      throw forbidden('This endpoint is read-only: SPARQL Update is not accepted.');
    }
    if (type === 'application/sparql-query') {
      return { query: String(req.body ?? ''), defaultGraphUris: list(req.query['default-graph-uri']), namedGraphUris: list(req.query['named-graph-uri']) };
    }
    if (type !== 'application/x-www-form-urlencoded') {
      throw unsupportedMediaType('POST a query as application/sparql-query or application/x-www-form-urlencoded');
    }
    const body = req.body as Record<string, unknown>;
    return { query: one(body.query), defaultGraphUris: list(body['default-graph-uri']), namedGraphUris: list(body['named-graph-uri']) };
  }
  if ('update' in req.query) throw forbidden('This endpoint is read-only: SPARQL Update is not accepted.');
  return { query: one(req.query.query), defaultGraphUris: list(req.query['default-graph-uri']), namedGraphUris: list(req.query['named-graph-uri']) };
}

function one(v: unknown): string {
  if (Array.isArray(v)) throw badRequest('Exactly one query parameter is allowed');
  if (typeof v !== 'string' || !v.trim()) throw badRequest('Missing query parameter');
  return v;
}

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export function queryForm(query: string): QueryForm {
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = new sparqljs.Parser().parse(query);
  } catch (e) {
    throw badRequest(`Malformed query: ${(e as Error).message}`);
  }
  if (parsed.type === 'update') throw forbidden('This endpoint is read-only: SPARQL Update is not accepted.');
  return parsed.queryType;
}
