// What the protocol layer needs to know about a query, found by parsing it (sparqljs), never by
// looking for keywords in its text: its form, whether it names its own dataset, whether it asks
// for SERVICE, and how to cap its rows.
import { LRUCache } from 'lru-cache';
import sparqljs from 'sparqljs';

export type QueryFormName = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export class QuerySyntaxError extends Error {
  override name = 'QuerySyntaxError';
}
export class UpdateRefused extends Error {
  override name = 'UpdateRefused';
}
export class UncappableQuery extends Error {
  override name = 'UncappableQuery';
}
/** The query parsed, but its expressions or patterns chain so deep that walking them would
 *  overflow the stack (a 120,000-term `||`): the client's query, refused like a syntax error. */
export class QueryTooComplex extends QuerySyntaxError {
  override name = 'QueryTooComplex';
}

export interface QueryAnalysis {
  /** The query as the store runs it: the declarations of its prologue that it can use, then its text. */
  text: string;
  form: QueryFormName;
  baseIri: string | undefined;
  /** The query has FROM or FROM NAMED. */
  hasDataset: boolean;
  /** The query calls SERVICE somewhere. */
  usesService: boolean;
  /** Two runs over the same data give the same answer: the query calls none of RAND, NOW, UUID,
   *  STRUUID and BNODE (what may keep an answer to reuse it, see result-cache.ts). */
  deterministic: boolean;
  /** SELECT only: the query text asking for `rows` rows at most, or undefined when its own LIMIT
   *  already keeps it within `rows`. */
  capped(rows: number): string | undefined;
  /** CONSTRUCT/DESCRIBE only: the query text that lets through only as many solutions as can
   *  make `triples` triples (so the engine never builds a graph past the cap), and a SELECT that
   *  has a row only when the query has more solutions than that. Undefined when the query's own
   *  LIMIT is already within it. */
  graphCap(triples: number): GraphCap | undefined;
}

export interface GraphCap {
  limited: string;
  more: string;
}

/** Prefixes declared for every query (as a SPARQL service may predeclare them): `text` is the
 *  same declarations as SPARQL, put before the query when it runs; `prefixes` is what the parser
 *  is given instead of that text, so a long prologue is not lexed again with every query. */
export interface Prologue {
  text: string;
  prefixes: Readonly<Record<string, string>>;
}

/** The prologue's text, on the query's own first line (so the query's line numbers stay its own).
 *  analyze() puts only the declarations a query can use there, the same way. */
export function withPrologue(query: string, prologue: Prologue): string {
  return `${prologue.text} ${query}`;
}

// A prepared-statement cache: the same text (with the same base and prologue) always has the same
// analysis, so a repeated query is parsed once. Bounded by entries and by the text it keeps (each
// entry keeps the query's text and, when it must be written back with a smaller LIMIT, those few
// texts; no parse tree). A refusal
// (syntax error, update) is kept too, so a repeated bad query is not parsed again either.
const CACHEABLE_CHARS = 64 * 1024;
const cache = new LRUCache<string, QueryAnalysis | Error>({
  max: 2048,
  maxSize: 16 * 1024 * 1024,
  sizeCalculation: (_value, key) => 3 * key.length + 256,
});

/** How many analyses the cache holds now (for tests and metrics). */
export function cachedAnalyses(): number {
  return cache.size;
}

/** `baseIri` resolves relative IRIs in a query without BASE (the protocol lets the service choose
 *  it); `prologue` is declared before the query (the query's own PREFIX declarations win). */
export function analyze(query: string, baseIri?: string, prologue?: Prologue): QueryAnalysis {
  if (query.length > CACHEABLE_CHARS) return guarded(query, baseIri, prologue);
  const key = `${baseIri ?? ''}\u0000${prologue?.text ?? ''}\u0000${query}`;
  let entry = cache.get(key);
  if (entry === undefined) {
    try {
      entry = guarded(query, baseIri, prologue);
    } catch (e) {
      if (!(e instanceof QuerySyntaxError || e instanceof UpdateRefused)) throw e;
      entry = e;
    }
    cache.set(key, entry);
  }
  if (entry instanceof Error) throw entry;
  return entry;
}

/** The analysis of a SELECT this server wrote itself (no dataset, no SERVICE, its own LIMIT within
 *  any cap), so the query need not be parsed to be analysed. */
export function ownSelect(text: string): QueryAnalysis {
  return {
    text,
    form: 'SELECT',
    baseIri: undefined,
    hasDataset: false,
    usesService: false,
    deterministic: true,
    capped: () => undefined,
    graphCap: () => undefined,
  };
}

/** An analysis as plain data, to cross a thread: what capped() and graphCap() give for the row
 *  caps asked (found in the thread that parsed, so the receiver never parses the query). */
export interface TransferableAnalysis extends Omit<QueryAnalysis, 'capped' | 'graphCap'> {
  capped: [rows: number, text: string | null | 'uncappable'][];
  graphCap: [triples: number, cap: GraphCap | null | 'uncappable'][];
}

export function toTransferable(a: QueryAnalysis, rows: number[]): TransferableAnalysis {
  const attempt = <T>(f: () => T | undefined): T | null | 'uncappable' => {
    try {
      return f() ?? null;
    } catch (e) {
      if (e instanceof UncappableQuery) return 'uncappable';
      throw e;
    }
  };
  return {
    text: a.text,
    form: a.form,
    baseIri: a.baseIri,
    hasDataset: a.hasDataset,
    usesService: a.usesService,
    deterministic: a.deterministic,
    capped: rows.map((r) => [r, attempt(() => a.capped(r))]),
    graphCap: rows.map((r) => [r, attempt(() => a.graphCap(r))]),
  };
}

/** The analysis another thread made: capped() and graphCap() answer for the caps it was asked
 *  for; any other cap is refused as uncappable (the receiver never parses). */
export function fromTransferable(t: TransferableAnalysis): QueryAnalysis {
  const lookup = <T>(table: [number, T | null | 'uncappable'][], rows: number): T | undefined => {
    const found = table.find(([r]) => r === rows);
    if (!found || found[1] === 'uncappable')
      throw new UncappableQuery('This query cannot be rewritten to apply the row cap; give it a LIMIT within the cap');
    return found[1] ?? undefined;
  };
  return {
    text: t.text,
    form: t.form,
    baseIri: t.baseIri,
    hasDataset: t.hasDataset,
    usesService: t.usesService,
    deterministic: t.deterministic,
    capped: (rows) => lookup(t.capped, rows),
    graphCap: (triples) => lookup(t.graphCap, triples),
  };
}

/** fresh(), with a stack overflow anywhere in parsing or walking the query taken as the client's
 *  query being too deep, never as the server's fault. */
function guarded(query: string, baseIri: string | undefined, prologue: Prologue | undefined): QueryAnalysis {
  try {
    return fresh(query, baseIri, prologue);
  } catch (e) {
    if (e instanceof RangeError) throw tooDeep();
    throw e;
  }
}

const tooDeep = () =>
  new QueryTooComplex(
    'The query chains or nests its expressions or patterns too deeply to be analysed; split it, or use VALUES or IN for long lists of alternatives',
  );

/** The declarations of the prologue the query can use: a prefixed name is written `name:`, so a
 *  prefix whose `name:` is nowhere in the text is not used (the store parses every declaration it
 *  is sent, with every query). Text with a backslash-u escape may spell a name in escapes: it gets them all. */
function neededPart(query: string, prologue: Prologue): string {
  if (/\\[uU]/.test(query)) return prologue.text;
  return Object.entries(prologue.prefixes)
    .filter(([name]) => query.includes(`${name}:`))
    .map(([name, iri]) => `PREFIX ${name}: <${iri}>`)
    .join(' ');
}

function parseQuery(query: string, baseIri: string | undefined, prologue: Prologue | undefined): sparqljs.SparqlQuery {
  try {
    return new sparqljs.Parser({
      ...(baseIri ? { baseIRI: baseIri } : {}),
      ...(prologue ? { prefixes: { ...prologue.prefixes } } : {}),
    }).parse(query);
  } catch (e) {
    throw new QuerySyntaxError((e as Error).message);
  }
}

function fresh(query: string, baseIri: string | undefined, prologue: Prologue | undefined): QueryAnalysis {
  // sparqljs's parser, and every walk over what it gives, recurse: thousands of nested groups
  // would take minutes on the main thread and then overflow the stack. Refused before parsing.
  const depth = nestingDepth(query);
  if (depth > MAX_NESTING) {
    throw new QuerySyntaxError(`The query nests groups, expressions or paths ${depth} deep; at most ${MAX_NESTING} levels are accepted`);
  }
  const parsed = parseQuery(query, baseIri, prologue);
  if (parsed.type === 'update') throw new UpdateRefused('This endpoint is read-only: SPARQL Update is not accepted.');
  // A chain of operators (`1 || 1 || …`) is a tree as deep as it is long, with no bracket to
  // count: oxigraph recurses over it and overflows its stack past a few thousand levels.
  const deep = treeDepth(parsed);
  if (deep > MAX_TREE_DEPTH) {
    throw new QueryTooComplex(
      `The query chains its expressions or patterns ${deep} levels deep; at most ${MAX_TREE_DEPTH} are accepted. Use IN or VALUES for long lists of alternatives`,
    );
  }
  const q = parsed;
  const declared = prologue ? neededPart(query, prologue) : '';
  const text = declared ? `${declared} ${query}` : query;
  const form = q.queryType;
  const limit = (q as sparqljs.SelectQuery).limit;
  const offset = (q as sparqljs.SelectQuery).offset ?? 0;
  const hasValues = Boolean(q.values);
  const hasWhere = Boolean(q.where?.length);
  const templateSize = Math.max(1, (q as sparqljs.ConstructQuery).template?.length ?? 1);
  // Only what capping needs is kept, not the parse tree: a query that must be written back with a
  // smaller LIMIT (rare: its own LIMIT is over the cap, or it ends with VALUES) is parsed again.
  const rewritten = new Map<number, string>();
  const graphCaps = new Map<number, GraphCap | undefined>();
  /** The query parsed again and written back changed (every IRI in full: it needs no prologue). */
  const rewrite = (change: (parsed: sparqljs.SparqlQuery) => sparqljs.SparqlQuery): string => {
    try {
      return new sparqljs.Generator().stringify(change(parseQuery(query, baseIri, prologue)));
    } catch (e) {
      if (e instanceof RangeError) throw tooDeep();
      // Never run a query uncapped: say how to keep it within the cap instead.
      throw new UncappableQuery('This query cannot be rewritten to apply the row cap; give it a LIMIT within the cap');
    }
  };
  return {
    text,
    baseIri,
    form,
    hasDataset: Boolean(q.from && (q.from.default.length || q.from.named.length)),
    usesService: containsService(q.where ?? []) || containsService(q.values ?? []),
    deterministic: !callsVolatile(q),
    capped(rows) {
      if (form !== 'SELECT') return undefined;
      if (limit !== undefined && limit <= rows) return undefined;
      // A query with no LIMIT and no trailing VALUES ends with its solution modifiers, so a LIMIT
      // clause can be appended to its text (on a new line, after any trailing comment). Otherwise
      // the parsed query is written back with the smaller LIMIT (every IRI written in full, so
      // it needs no prologue).
      if (limit === undefined && !hasValues) return `${text}\nLIMIT ${rows}`;
      let out = rewritten.get(rows);
      if (out === undefined) {
        out = rewrite((parsed) => ({ ...parsed, limit: rows }));
        if (rewritten.size < 4) rewritten.set(rows, out);
      }
      return out;
    },
    graphCap(triples) {
      // Without WHERE (DESCRIBE <iri>) there is no solution to limit: the description is the data's.
      if ((form !== 'CONSTRUCT' && form !== 'DESCRIBE') || !hasWhere) return undefined;
      if (graphCaps.has(triples)) return graphCaps.get(triples);
      // Each solution makes at most one triple per template triple (a DESCRIBE: one resource), so
      // this many solutions make the cap and one more, and no more than that and a template.
      const solutions = Math.ceil((triples + 1) / templateSize);
      let cap: GraphCap | undefined;
      if (limit === undefined || limit > solutions) {
        const limited =
          limit === undefined && !hasValues ? `${text}\nLIMIT ${solutions}` : rewrite((parsed) => ({ ...parsed, limit: solutions }));
        // A row past the solutions let through: the same WHERE, as a SELECT of its variables.
        const more = rewrite((parsed) => {
          const { template: _template, ...rest } = parsed as sparqljs.ConstructQuery & { group?: sparqljs.Grouping[] };
          const variables = rest.group?.length
            ? rest.group
                .map((g) => g.expression)
                .filter((e): e is sparqljs.VariableTerm => (e as { termType?: string }).termType === 'Variable')
            : [new sparqljs.Wildcard()];
          return { ...rest, queryType: 'SELECT', variables, limit: 1, offset: offset + solutions } as unknown as sparqljs.SelectQuery;
        });
        cap = { limited, more };
      }
      if (graphCaps.size < 4) graphCaps.set(triples, cap);
      return cap;
    },
  };
}

/** Deeper than any query a person writes; shallow enough for every recursive walk of it. */
export const MAX_NESTING = 128;

/** Levels of the parse tree: brackets nested MAX_NESTING deep make a few hundred; the engine
 *  overflowed its stack on a chain of 3,000 `||` (and answered 2,000), and on 3,000 UNION
 *  branches, OPTIONALs, BINDs or triple patterns in one group (it answered 1,000 UNION branches). */
export const MAX_TREE_DEPTH = 1000;

/** Lists the parse tree keeps flat that the engine's algebra nests one level an item: the
 *  branches of a UNION and the parts of a group or of WHERE (a left-deep chain of joins, left joins and
 *  extensions), the triple patterns of a BGP. */
const CHAINED = new Set(['where', 'patterns', 'triples']);

/** The depth of a parse tree in objects (other arrays do not count), with a stack of its own; an
 *  item of a CHAINED list counts as deep as the list is long. */
function treeDepth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    const here = Array.isArray(node) ? depth : depth + 1;
    if (here > max) max = here;
    if (Array.isArray(node)) {
      for (const v of node) if (v && typeof v === 'object') stack.push([v, here]);
      continue;
    }
    for (const [key, v] of Object.entries(node)) {
      if (!v || typeof v !== 'object') continue;
      if (CHAINED.has(key) && Array.isArray(v)) {
        if (here + v.length > max) max = here + v.length;
        for (const item of v) if (item && typeof item === 'object') stack.push([item, here + v.length]);
      } else stack.push([v, here]);
    }
  }
  return max;
}

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

// SPARQL's IRIREF excludes the control characters, so the pattern names them.
// eslint-disable-next-line no-control-regex
const IRIREF = /<[^<>"{}|^`\\\u0000-\u0020]*>/y;

/** The index of the last character of the string literal opening at `start` (or the text's end). */
function stringEnd(query: string, start: number): number {
  const quote = query[start]!;
  const long = query.startsWith(quote.repeat(3), start);
  const close = long ? quote.repeat(3) : quote;
  for (let i = start + close.length; i < query.length; i++) {
    if (query[i] === '\\') {
      i++;
      continue;
    }
    if (!long && (query[i] === '\n' || query[i] === '\r')) return i;
    if (query.startsWith(close, i)) return i + close.length - 1;
  }
  return query.length;
}

/** The functions whose value changes from one run to the next (SPARQL 1.1, 17.4). */
const VOLATILE = new Set(['rand', 'now', 'uuid', 'struuid', 'bnode']);

/** A call may sit in any expression: projection, BIND, FILTER, ORDER BY, HAVING, GROUP BY, template. */
const callsVolatile = (node: unknown) =>
  someNode(node, (n) => n.type === 'operation' && typeof n.operator === 'string' && VOLATILE.has(n.operator.toLowerCase()));

/** SERVICE may hide in any group, optional, union, minus, filter's EXISTS or subquery. */
const containsService = (node: unknown) => someNode(node, (n) => n.type === 'service');

/** Whether any object in a parse tree (sparqljs's plain objects and arrays) satisfies `test`. */
function someNode(root: unknown, test: (n: { type?: unknown; operator?: unknown }) => boolean): boolean {
  // With a stack of its own: a chain of 100,000 `||` is a tree that deep.
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    if (test(node)) return true;
    for (const v of Object.values(node)) if (v && typeof v === 'object') stack.push(v);
  }
  return false;
}
