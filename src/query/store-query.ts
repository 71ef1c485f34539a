// What a remote store is sent: the query as this server parsed and checked it, written again from
// the parse tree (sparqljs's Generator), never the client's text.
//
// Why written again rather than passed on: a store reads the text with its own parser, and every
// difference between that parser and sparqljs is a way round a check made on sparqljs's reading
// (Virtuoso takes `define` pragmas, its own `bif:`/`sql:` functions under names sparqljs reads as
// something else, comments and escapes where its lexer and ours may disagree). Written from the
// tree, the text holds nothing the check did not see: no comments, no pragmas, no prefixes (every
// IRI in full), strings escaped by one writer; what the store runs is what was checked. The cost
// is one parse and one write per distinct query, kept for its repeats (measured in
// docs/BENCHMARKS.md, "Fronting a store").
//
// The check is an allow-list: SPARQL 1.1's own operators and aggregates, XSD casts, and the few
// extension functions listed in the Service Description. Any other function IRI is refused, in
// any position (projection, BIND, FILTER, ORDER BY, GROUP BY, HAVING, aggregate), and so is any
// IRI in Virtuoso's function namespaces (`bif:`, `sql:`) wherever it stands: Virtuoso gives
// `bif:contains` meaning as a predicate too.
import { LRUCache } from 'lru-cache';
import sparqljs from 'sparqljs';
import type { QueryAnalysis } from './analyze.js';

/** The query asks for something a store must not be sent (HTTP 403: the message says what). */
export class QueryRefused extends Error {
  override name = 'QueryRefused';
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** SPARQL 1.1, 17.5: the XPath constructor functions every SPARQL engine casts with. */
export const XSD_CASTS: readonly string[] = ['boolean', 'double', 'float', 'decimal', 'integer', 'dateTime', 'string'].map((t) => XSD + t);

/** Functions beyond SPARQL 1.1 that a store is sent (both stores evaluate them alike): listed in
 *  the Service Description as sd:extensionFunction. */
export const EXTENSION_FUNCTIONS: readonly string[] = ['date', 'time'].map((t) => XSD + t);

const ALLOWED_FUNCTIONS = new Set([...XSD_CASTS, ...EXTENSION_FUNCTIONS]);

/** SPARQL 1.1's operators and built-in functions as sparqljs names them (lower case). */
const OPERATORS = new Set([
  '||',
  '&&',
  '=',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '!',
  'uplus',
  'uminus',
  'in',
  'notin',
  'exists',
  'notexists',
  'str',
  'lang',
  'langmatches',
  'datatype',
  'bound',
  'iri',
  'uri',
  'bnode',
  'rand',
  'abs',
  'ceil',
  'floor',
  'round',
  'concat',
  'substr',
  'strlen',
  'replace',
  'ucase',
  'lcase',
  'encode_for_uri',
  'contains',
  'strstarts',
  'strends',
  'strbefore',
  'strafter',
  'year',
  'month',
  'day',
  'hours',
  'minutes',
  'seconds',
  'timezone',
  'tz',
  'now',
  'uuid',
  'struuid',
  'md5',
  'sha1',
  'sha256',
  'sha384',
  'sha512',
  'coalesce',
  'if',
  'strlang',
  'strdt',
  'sameterm',
  'isiri',
  'isuri',
  'isblank',
  'isliteral',
  'isnumeric',
  'regex',
]);
const AGGREGATES = new Set(['count', 'sum', 'min', 'max', 'avg', 'sample', 'group_concat']);

/** Virtuoso's built-in function namespaces: `bif:` and `sql:` (predeclared there), and the IRIs they stand for. */
const STORE_FUNCTION_IRI = /^(bif|sql):|^http:\/\/www\.openlinksw\.com\/schemas\/(bif|sql)#/i;
/** An IRI the Generator can write between < and > as it is (SPARQL's IRIREF excludes the control characters). */
// eslint-disable-next-line no-control-regex
const IRIREF_CHARS = /^[^<>"{}|^`\\\u0000-\u0020]*$/;
/** Control characters a string literal has no business holding (a C store may end the text at a NUL). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const BNODE_LABEL = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Every function IRI called anywhere in a parsed query (for tests and the Service Description). */
export function calledFunctions(tree: unknown): string[] {
  const out: string[] = [];
  walk(tree, (n) => {
    if (n.type === 'functionCall') out.push((n.function as { value: string }).value);
  });
  return out;
}

/** Throws QueryRefused at the first thing a store must not be sent. */
export function checkForStore(tree: sparqljs.SparqlQuery): void {
  if (tree.type === 'update') throw new QueryRefused('This endpoint is read-only: SPARQL Update is not accepted.');
  walk(tree, (n) => {
    switch (n.type) {
      case 'functionCall': {
        const fn = (n.function as { value: string }).value;
        if (!ALLOWED_FUNCTIONS.has(fn))
          throw new QueryRefused(
            `The function <${fn}> is not allowed: queries may call SPARQL 1.1's functions, XSD casts and the extension functions listed in the service description (GET /sparql).`,
          );
        // Only an aggregate takes DISTINCT, and none of the allowed functions is one.
        if (n.distinct) throw new QueryRefused(`<${fn}> is not an aggregate: DISTINCT is not allowed in its call.`);
        return;
      }
      case 'operation':
        if (!OPERATORS.has(String(n.operator).toLowerCase()))
          throw new QueryRefused(`The operator ${String(n.operator)} is not SPARQL 1.1's and is not allowed.`);
        return;
      case 'aggregate':
        if (!AGGREGATES.has(String(n.aggregation).toLowerCase()))
          throw new QueryRefused(`The aggregate ${String(n.aggregation)} is not allowed.`);
        return;
      case 'service':
        throw new QueryRefused('SERVICE is not allowed: this endpoint never fetches a URL a query names.');
    }
    switch (n.termType) {
      case 'NamedNode': {
        const value = String(n.value);
        if (STORE_FUNCTION_IRI.test(value))
          throw new QueryRefused(`<${value}> names one of the store's own functions, which queries may not use.`);
        if (!IRIREF_CHARS.test(value)) throw new QueryRefused(`The IRI ${JSON.stringify(value)} holds characters an IRI cannot.`);
        return;
      }
      case 'Literal':
        if (CONTROL.test(String(n.value))) throw new QueryRefused('A string in the query holds control characters, which are not allowed.');
        return;
      case 'BlankNode':
        if (!BNODE_LABEL.test(String(n.value))) throw new QueryRefused(`The blank node label ${JSON.stringify(n.value)} is not allowed.`);
    }
  });
}

type Node = { type?: unknown; termType?: unknown; [k: string]: unknown };

/** Visits every object of a parse tree (its plain objects, arrays and terms). The tree's depth is
 *  bounded before parsing (analyze.ts, MAX_NESTING), so recursion is safe. */
function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  visit(node as Node);
  for (const v of Object.values(node)) if (v && typeof v === 'object') walk(v, visit);
}

/** The text a store runs: the tree written again, no prologue, no comments, every IRI in full,
 *  on one line (Virtuoso's error messages count lines; a client never sees them anyway). */
function write(tree: sparqljs.SparqlQuery): string {
  return new sparqljs.Generator({ indent: '', newline: ' ' } as never).stringify({
    ...tree,
    prefixes: {},
    base: undefined,
  } as sparqljs.SparqlQuery);
}

interface Checked {
  /** The text with the query's own LIMIT, and with LIMIT lowered to each cap asked so far. */
  texts: Map<number, string>;
  limit: number | undefined;
}

// Per distinct query (text and base): its checked, written texts, or its refusal. Bounded like
// analyze.ts's cache, by entries and by the text kept.
const cache = new LRUCache<string, Checked | QueryRefused>({
  max: 2048,
  maxSize: 32 * 1024 * 1024,
  sizeCalculation: (value, key) =>
    2 * key.length + (value instanceof Error ? 256 : [...value.texts.values()].reduce((n, t) => n + 2 * t.length, 256)),
});

const UNCAPPED = -1;

/** The text to send a store for this analysed query; with `rows`, a SELECT asks for at most that
 *  many (its own LIMIT when lower). Throws QueryRefused for what no store is sent. */
export function storeText(analysis: Pick<QueryAnalysis, 'text' | 'baseIri' | 'form'>, rows?: number): string {
  const key = `${analysis.baseIri ?? ''}\u0000${analysis.text}`;
  let entry = cache.get(key);
  const cap = rows === undefined || analysis.form !== 'SELECT' ? UNCAPPED : rows;
  if (entry instanceof QueryRefused) throw entry;
  const known = entry?.texts.get(entry.limit !== undefined && cap !== UNCAPPED && entry.limit <= cap ? UNCAPPED : cap);
  if (known !== undefined) return known;
  const tree = parse(analysis.text, analysis.baseIri);
  try {
    checkForStore(tree);
  } catch (e) {
    if (e instanceof QueryRefused) cache.set(key, e);
    throw e;
  }
  const limit = (tree as sparqljs.SelectQuery).limit;
  if (!entry) entry = { texts: new Map(), limit };
  const capped = cap !== UNCAPPED && (limit === undefined || limit > cap);
  const text = write(capped ? ({ ...tree, limit: cap } as sparqljs.SelectQuery) : tree);
  // A few caps at most are ever asked (the endpoint's, the fragments' page): more are not kept.
  if (entry.texts.size < 4) entry.texts.set(capped ? cap : UNCAPPED, text);
  cache.set(key, entry);
  return text;
}

function parse(text: string, baseIri: string | undefined): sparqljs.SparqlQuery {
  try {
    return new sparqljs.Parser(baseIri ? { baseIRI: baseIri } : {}).parse(text);
  } catch (e) {
    // analyze() parsed this text already; a server-written query that does not parse is a fault.
    throw new Error(`a query analysed before does not parse again: ${(e as Error).message}`, { cause: e });
  }
}
