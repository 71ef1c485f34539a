// What the protocol layer needs to know about a query, found by parsing it (sparqljs), never by
// looking for keywords in its text: its form, whether it names its own dataset, whether it asks
// for SERVICE, and how to cap its rows.
import sparqljs from 'sparqljs';
import type { QueryFormName } from '../store/worker-protocol.js';

export class QuerySyntaxError extends Error {
  override name = 'QuerySyntaxError';
}
export class UpdateRefused extends Error {
  override name = 'UpdateRefused';
}
export class UncappableQuery extends Error {
  override name = 'UncappableQuery';
}

export interface QueryAnalysis {
  form: QueryFormName;
  baseIri: string | undefined;
  /** The query has FROM or FROM NAMED. */
  hasDataset: boolean;
  /** The query calls SERVICE somewhere. */
  usesService: boolean;
  /** SELECT only: the query text asking for `rows` rows at most, or undefined when its own LIMIT
   *  already keeps it within `rows`. */
  capped(rows: number): string | undefined;
}

/** `baseIri` resolves relative IRIs in a query without BASE (the protocol lets the service choose it). */
export function analyze(query: string, baseIri?: string): QueryAnalysis {
  // sparqljs's parser, and every walk over what it gives, recurse: thousands of nested groups
  // would take minutes on the main thread and then overflow the stack. Refused before parsing.
  const depth = nestingDepth(query);
  if (depth > MAX_NESTING) {
    throw new QuerySyntaxError(`The query nests groups, expressions or paths ${depth} deep; at most ${MAX_NESTING} levels are accepted`);
  }
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = new sparqljs.Parser(baseIri ? { baseIRI: baseIri } : {}).parse(query);
  } catch (e) {
    throw new QuerySyntaxError((e as Error).message);
  }
  if (parsed.type === 'update') throw new UpdateRefused('This endpoint is read-only: SPARQL Update is not accepted.');
  const q = parsed;
  return {
    baseIri,
    form: q.queryType,
    hasDataset: Boolean(q.from && (q.from.default.length || q.from.named.length)),
    usesService: containsService(q.where ?? []) || containsService((q as { values?: unknown }).values ?? []),
    capped(rows) {
      if (q.queryType !== 'SELECT') return undefined;
      if (q.limit !== undefined && q.limit <= rows) return undefined;
      // A query with no LIMIT and no trailing VALUES ends with its solution modifiers, so a LIMIT
      // clause can be appended to its text (on a new line, after any trailing comment). Otherwise
      // the parsed query is written back with the smaller LIMIT.
      if (q.limit === undefined && !q.values) return `${query}\nLIMIT ${rows}`;
      try {
        return new sparqljs.Generator().stringify({ ...q, limit: rows });
      } catch {
        // Never run a query uncapped: say how to keep it within the cap instead.
        throw new UncappableQuery('This query cannot be rewritten to apply the row cap; give it a LIMIT within the cap');
      }
    },
  };
}

/** Deeper than any query a person writes; shallow enough for every recursive walk of it. */
export const MAX_NESTING = 128;

/** The deepest nesting of `{`, `(` and `[` in a query's text, outside strings, IRIs and comments. */
export function nestingDepth(query: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (c === '{' || c === '(' || c === '[') {
      if (++depth > max) max = depth;
    } else if (c === '}' || c === ')' || c === ']') {
      if (depth > 0) depth--;
    } else if (c === '#') {
      const end = query.indexOf('\n', i);
      i = end < 0 ? query.length : end;
    } else if (c === '"' || c === "'") {
      i = stringEnd(query, i);
    } else if (c === '<') {
      IRIREF.lastIndex = i;
      const m = IRIREF.exec(query);
      if (m) i += m[0].length - 1;
    }
  }
  return max;
}

const IRIREF = /<[^<>"{}|^`\\\u0000-\u0020]*>/y;

/** The index of the last character of the string literal opening at `start` (or the text's end). */
function stringEnd(query: string, start: number): number {
  const quote = query[start]!;
  const long = query.startsWith(quote.repeat(3), start);
  const close = long ? quote.repeat(3) : quote;
  for (let i = start + close.length; i < query.length; i++) {
    if (query[i] === '\\') { i++; continue; }
    if (!long && (query[i] === '\n' || query[i] === '\r')) return i;
    if (query.startsWith(close, i)) return i + close.length - 1;
  }
  return query.length;
}

/** SERVICE may hide in any group, optional, union, minus, filter's EXISTS or subquery. */
function containsService(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsService);
  if (!node || typeof node !== 'object') return false;
  if ((node as { type?: unknown }).type === 'service') return true;
  return Object.values(node).some((v) => typeof v === 'object' && containsService(v));
}
