// GET /search?q=…&limit=N: entities by name, folded for case, diacritics and romanization,
// ranked, typed (DESIGN.md's contract). The index is made at publish, so this only reads it.
import { Router, type Request, type Response } from 'express';
import type { Site } from '../../publication.js';
import { badRequest, methodNotAllowed } from '../errors.js';

export const SEARCH_DEFAULT_LIMIT = 10;
export const SEARCH_MAX_LIMIT = 100;
const MAX_QUERY_LENGTH = 200;

export function searchRoutes(site: Site): Router {
  const router = Router();
  router.all('/search', (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(['GET']);
    const q = single(req.query.q, 'q');
    if (q === undefined || !q.trim()) throw badRequest('Missing query: give ?q=a name, e.g. /search?q=Chong%20Pal');
    if ([...q].length > MAX_QUERY_LENGTH) throw badRequest(`q is longer than ${MAX_QUERY_LENGTH} characters`);
    const limit = parseLimit(single(req.query.limit, 'limit'));
    const results = site.current.search.search(q, { limit }).map(({ iri, label, types, score }) => ({ iri, label, types, score }));
    sendJson(res.set('Cache-Control', 'no-cache'), { query: q, results });
  });
  return router;
}

/** A query string whose percent-escapes do not decode to UTF-8 is a 400: express's parser would
 *  silently keep or replace the bad bytes, and the route would answer for text nobody sent. */
function single(v: unknown, name: string): string | undefined {
  if (Array.isArray(v)) throw badRequest(`Give ${name} once`);
  return typeof v === 'string' ? v : undefined;
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return SEARCH_DEFAULT_LIMIT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > SEARCH_MAX_LIMIT) {
    throw badRequest(`limit must be an integer from 1 to ${SEARCH_MAX_LIMIT} (got ${JSON.stringify(raw)})`);
  }
  return n;
}

/** JSON with <, > and & escaped, so an echoed query can never become markup if a client sniffs. */
export function sendJson(res: Response, body: unknown, status = 200): void {
  const text = JSON.stringify(body).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  res.status(status).type('application/json; charset=utf-8').set('X-Content-Type-Options', 'nosniff').send(text);
}
