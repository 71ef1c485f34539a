// Triple Pattern Fragments over any GraphStore: a pattern's matching triples (distinct, over the
// merge of the graphs: a remote store's union default graph may repeat a statement that two graphs
// hold, the embedded store's does not), one page at a time, with the count and the Hydra controls
// a TPF client needs to find the next page and to build other patterns.
import { LRUCache } from 'lru-cache';
import { Parser } from 'n3';
import { PREFIXES } from '../rdf/namespaces.js';
import { blankNode, defaultGraph, int, iri, literal, namedNode, quad, type Quad, type Term } from '../rdf/terms.js';
import type { GraphStore } from '../store/store.js';
import { ownSelect } from '../query/analyze.js';

export const PAGE_SIZE = 100;
const VARS = ['subject', 'predicate', 'object'] as const;
export type Position = (typeof VARS)[number];
export type Pattern = Record<Position, Term | undefined>;

export class PatternError extends Error {
  override name = 'PatternError';
}

/** A parameter in the explicit representation: empty or ?var is a variable, "…"@lang or
 *  "…"^^<dt> a literal (parsed by n3), anything else an absolute IRI (with or without <>). */
export function parseTerm(value: string | undefined, position: Position): Term | undefined {
  if (value === undefined || value === '' || value.startsWith('?')) return undefined;
  if (value.startsWith('"')) {
    if (position !== 'object') throw new PatternError(`A ${position} cannot be a literal`);
    try {
      const [q] = new Parser({ format: 'N-Triples' }).parse(`<urn:s> <urn:p> ${value.replace(/\^\^([^<\s][^\s]*)$/, '^^<$1>')} .`);
      return q!.object;
    } catch {
      throw new PatternError(`Not a literal in the explicit representation: ${value}`);
    }
  }
  if (value.startsWith('_:')) throw new PatternError(`A blank node cannot be part of a pattern: ${value}`);
  const text = value.startsWith('<') && value.endsWith('>') ? value.slice(1, -1) : value;
  if (!/^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i.test(text)) throw new PatternError(`The ${position} is not an absolute IRI: ${value}`);
  return namedNode(text);
}

/** A term in SPARQL syntax (the pattern's constants are IRIs and literals only). */
function sparqlTerm(t: Term): string {
  if (t.termType === 'NamedNode') return `<${t.value}>`;
  if (t.termType !== 'Literal') throw new PatternError(`unsupported term ${t.termType}`);
  const lexical = JSON.stringify(t.value);
  if (t.language) return `${lexical}@${t.language}`;
  return `${lexical}^^<${t.datatype.value}>`;
}

export interface Fragment {
  triples: Quad[];
  total: number;
  page: number;
  hasNext: boolean;
}

/** The SPARQL query for one page of a pattern and, unless it is known, the pattern's count,
 *  answered together: one query, so one round trip to the store and one place in its queue (two
 *  queries per page took two, and a page whose second query was refused left its first to run
 *  for nobody). */
export function fragmentQuery(pattern: Pattern, page: number, withCount = true): string {
  const vars = VARS.filter((p) => !pattern[p]).map((p) => `?${p}`);
  const where = `{ ${patternKey(pattern)} }`;
  const projection = vars.length ? `DISTINCT ${vars.join(' ')}` : '*';
  // A stable order, so pages do not overlap or skip.
  const rows = `SELECT ${projection} WHERE ${where}${vars.length ? ` ORDER BY ${vars.join(' ')}` : ''} LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`;
  if (!withCount) return rows;
  const count = `SELECT (COUNT(*) AS ?${COUNT}) WHERE { SELECT ${projection} WHERE ${where} }`;
  // The count's row is the one that binds ?n; at most PAGE_SIZE rows of triples come with it.
  return `SELECT * WHERE { { ${count} } UNION { ${rows} } } LIMIT ${PAGE_SIZE + 1}`;
}

/** The count's variable: not one of the pattern's. */
const COUNT = 'n';

/** The pattern as a SPARQL triple pattern (its variables named after their positions). */
function patternKey(pattern: Pattern): string {
  return VARS.map((p) => (pattern[p] ? sparqlTerm(pattern[p]!) : `?${p}`)).join(' ');
}

// A pattern's count is the same on each of its pages. A store whose data changes only with its
// `version` (the embedded pool: replace() moves it on) lets the counts be kept until it changes;
// any other store (a remote endpoint, loaded from outside) is asked the count with every page.
const COUNTS = new WeakMap<GraphStore, { version: number; counts: LRUCache<string, number> }>();

function knownCounts(store: GraphStore): LRUCache<string, number> | undefined {
  const { version } = store;
  if (version === undefined) return undefined;
  let entry = COUNTS.get(store);
  if (!entry || entry.version !== version) {
    entry = { version, counts: new LRUCache({ max: 4096, maxSize: 4 * 1024 * 1024, sizeCalculation: (_n, key) => key.length + 16 }) };
    COUNTS.set(store, entry);
  }
  return entry.counts;
}

export async function fragment(store: GraphStore, pattern: Pattern, page: number): Promise<Fragment> {
  // Taken before the query: a count the store gives while its data changes goes to the old version.
  const counts = knownCounts(store);
  const key = patternKey(pattern);
  const known = counts?.get(key);
  const query = fragmentQuery(pattern, page, known === undefined);
  // This server wrote the query: it need not be parsed to be analysed.
  const result = await store.query(query, {
    resultsFormat: 'application/sparql-results+json',
    maxRows: PAGE_SIZE + 1,
    analysis: ownSelect(query),
  });
  const json = JSON.parse(result.body) as { results: { bindings: Binding[] } };
  let total = known ?? 0;
  const triples: Quad[] = [];
  for (const b of json.results.bindings) {
    if (b[COUNT]) {
      total = Number(b[COUNT].value);
      counts?.set(key, total);
      continue;
    }
    const term = (p: Position) => pattern[p] ?? fromJson(b[p]!);
    triples.push(
      quad(term('subject') as Quad['subject'], term('predicate') as Quad['predicate'], term('object') as Quad['object'], defaultGraph()),
    );
  }
  return { triples, total, page, hasNext: page * PAGE_SIZE < total };
}

type Binding = Record<string, { type: string; value: string; 'xml:lang'?: string; datatype?: string }>;

function fromJson(v: Binding[string]): Term {
  if (v.type === 'uri') return namedNode(v.value);
  if (v.type === 'bnode') return blankNode(v.value);
  if (v['xml:lang']) return literal(v.value, v['xml:lang']);
  return literal(v.value, namedNode(v.datatype ?? `${PREFIXES.xsd}string`));
}

export interface FragmentLinks {
  /** The IRI of this page: exactly the URL asked for, so a TPF client recognizes it. */
  self: string;
  /** The fragments resource without parameters. */
  collection: string;
  pageUrl(page: number): string;
}

/** The count and the controls, in the graph `{self}#metadata` (quad formats keep them apart from the data). */
export function metadata(f: Fragment, links: FragmentLinks): Quad[] {
  const graph = iri(`${links.self}#metadata`);
  const h = (l: string) => iri(PREFIXES.hydra + l);
  const v = (l: string) => iri(PREFIXES.void + l);
  const rdfType = iri(`${PREFIXES.rdf}type`);
  const dataset = iri(`${links.collection}#dataset`);
  const self = iri(links.self);
  const search = blankNode('search');
  const out: [Quad['subject'], Quad['predicate'], Quad['object']][] = [
    [graph, iri(`${PREFIXES.foaf}primaryTopic`), self],
    [dataset, rdfType, v('Dataset')],
    [dataset, rdfType, h('Collection')],
    [dataset, v('subset'), self],
    [dataset, h('search'), search],
    [search, h('template'), literal(`${links.collection}{?subject,predicate,object}`)],
    [search, h('variableRepresentation'), h('ExplicitRepresentation')],
    [self, rdfType, h('PartialCollectionView')],
    [self, v('triples'), int(f.total)],
    [self, h('totalItems'), int(f.total)],
    [self, h('itemsPerPage'), int(PAGE_SIZE)],
    [self, h('first'), iri(links.pageUrl(1))],
  ];
  for (const p of VARS) {
    const mapping = blankNode(`mapping-${p}`);
    out.push([search, h('mapping'), mapping], [mapping, h('variable'), literal(p)], [mapping, h('property'), iri(PREFIXES.rdf + p)]);
  }
  if (f.page > 1) out.push([self, h('previous'), iri(links.pageUrl(f.page - 1))]);
  if (f.hasNext) out.push([self, h('next'), iri(links.pageUrl(f.page + 1))]);
  return out.map(([s, p, o]) => quad(s, p, o, graph));
}
