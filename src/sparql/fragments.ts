// Triple Pattern Fragments over any GraphStore: a pattern's matching triples (distinct, over the
// union of the graphs), one page at a time, with the count and the Hydra controls a TPF client
// needs to find the next page and to build other patterns.
import { Parser } from 'n3';
import { PREFIXES } from '../graph/namespaces.js';
import { blankNode, defaultGraph, int, iri, literal, namedNode, quad, type Quad, type Term } from '../graph/rdf-terms.js';
import type { GraphStore } from '../store/store.js';

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

export async function fragment(store: GraphStore, pattern: Pattern, page: number): Promise<Fragment> {
  const slot = (p: Position) => (pattern[p] ? sparqlTerm(pattern[p]!) : `?${p}`);
  const vars = VARS.filter((p) => !pattern[p]).map((p) => `?${p}`);
  const where = `{ ${slot('subject')} ${slot('predicate')} ${slot('object')} }`;
  const projection = vars.length ? `DISTINCT ${vars.join(' ')}` : '*';
  const countQuery = `SELECT (COUNT(*) AS ?n) WHERE { SELECT ${projection} WHERE ${where} }`;
  // A stable order, so pages do not overlap or skip.
  const pageQuery = `SELECT ${projection} WHERE ${where}${vars.length ? ` ORDER BY ${vars.join(' ')}` : ''} LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`;
  const [count, rows] = await Promise.all([select(store, countQuery), select(store, pageQuery)]);
  const total = Number(count[0]?.n?.value ?? 0);
  const triples = rows.map((row) => quad(
    (pattern.subject ?? row.subject) as Quad['subject'],
    (pattern.predicate ?? row.predicate) as Quad['predicate'],
    (pattern.object ?? row.object) as Quad['object'],
    defaultGraph(),
  ));
  return { triples, total, page, hasNext: page * PAGE_SIZE < total };
}

type Binding = Record<string, { type: string; value: string; 'xml:lang'?: string; datatype?: string }>;

async function select(store: GraphStore, query: string): Promise<Record<string, Term>[]> {
  const result = await store.query(query, { resultsFormat: 'application/sparql-results+json', maxRows: PAGE_SIZE });
  const json = JSON.parse(result.body) as { results: { bindings: Binding[] } };
  return json.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, fromJson(v)])));
}

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
