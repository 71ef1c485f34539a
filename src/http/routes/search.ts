// GET /search?q=…&limit=N: entities by name, folded for case, diacritics and romanization,
// ranked, typed (DESIGN.md's contract). The index is made at publish, so this only reads it.
import { badRequest } from '../errors.js';
import { htmlReply, jsonReply, type Reply } from '../reply.js';
import type { RequestContext } from '../router.js';
import { searchPage } from '../../views/listing-pages.js';
import { wantsHtml } from './dumps.js';

export const SEARCH_DEFAULT_LIMIT = 10;
export const SEARCH_MAX_LIMIT = 100;
const MAX_QUERY_LENGTH = 200;

export function search(ctx: RequestContext): Reply {
  const q = single(ctx, 'q');
  const html = wantsHtml(ctx);
  // A browser without a query gets the form; a program gets told what to send.
  if (html && (q === undefined || !q.trim()))
    return htmlReply(searchPage(undefined, [], ctx.pub.documents.links).toString(), { 'Cache-Control': 'no-cache', Vary: 'Accept' });
  if (q === undefined || !q.trim()) throw badRequest('Missing query: give ?q=a name, e.g. /search?q=Chong%20Pal');
  if ([...q].length > MAX_QUERY_LENGTH) throw badRequest(`q is longer than ${MAX_QUERY_LENGTH} characters`);
  const limit = parseLimit(single(ctx, 'limit'));
  const results = ctx.pub.search.search(q, { limit }).map(({ iri, label, types, score }) => ({ iri, label, types, score }));
  if (html) return htmlReply(searchPage(q, results, ctx.pub.documents.links).toString(), { 'Cache-Control': 'no-cache', Vary: 'Accept' });
  return jsonReply({ query: q, results }, { 'Cache-Control': 'no-cache', Vary: 'Accept' });
}

export function single(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.query.get(name);
  if (v && v.length > 1) throw badRequest(`Give ${name} once`);
  return v?.[0];
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return SEARCH_DEFAULT_LIMIT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > SEARCH_MAX_LIMIT) {
    throw badRequest(`limit must be an integer from 1 to ${SEARCH_MAX_LIMIT} (got ${JSON.stringify(raw)})`);
  }
  return n;
}
