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

/** SERVICE may hide in any group, optional, union, minus, filter's EXISTS or subquery. */
function containsService(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsService);
  if (!node || typeof node !== 'object') return false;
  if ((node as { type?: unknown }).type === 'service') return true;
  return Object.values(node).some((v) => typeof v === 'object' && containsService(v));
}
