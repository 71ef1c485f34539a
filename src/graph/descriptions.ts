// Each entity's description: what the entity document at
// /data/{Slug} says, in every RDF format. The description holds
//   - the entity's statements and those of its hash IRIs (quantities described inside it),
//   - the statements that point at it,
//   - the labels and types of what those statements link to,
//   - the provenance of every graph it quotes: the claim's selector (quote, offsets), its sentence
//     (with the sentence's text) and section; the evidence of a Wikidata link.
// Statements keep their named graphs, so N-Quads and TriG carry the claims; triple formats drop them.
// The default graph of a quad format holds every triple the Turtle holds (see quadDocument).
import { graphNames } from './graph-names.js';
import { type Minter, dct, rdf, rdfs } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';
import { slugOf } from './slugs.js';
import { RDF_FORMATS, contentType, type RdfFormat } from '../rdf/formats.js';
import { representation, type Representation } from '../rdf/representation.js';
import { asTriples, serialize } from '../rdf/serialize.js';

export interface EntityDescription {
  slug: string;
  iri: string;
  quads: Quad[];
}

/** The keys of the RDF representations of a document: one per format, and expanded JSON-LD. */
export type RdfKey = RdfFormat['ext'] | 'jsonld-expanded';

export const EXPANDED_PROFILE = 'http://www.w3.org/ns/json-ld#expanded';
export const COMPACTED_PROFILE = 'http://www.w3.org/ns/json-ld#compacted';

/**
 * The graphs that hold what the data says: claims, Wikidata links, the curators' additions and
 * what the build derived. Other graphs are about those (provenance, source) or are views of them
 * (the Wikidata view), and are not statements of an entity.
 */
export function isStatementGraph(graph: string, m: Minter): boolean {
  return (
    graph.startsWith(m.claim('')) || graph.startsWith(`${m.base}link/`) || graph === m.graph('curation') || graph === m.graph('derived')
  );
}

/** Indexes the statement graphs by subject and by object, and the provenance and source graphs by
 *  subject, once per publication: describing one entity then reads only its neighbourhood. */
export class StatementIndex {
  readonly bySubject = new Map<string, Quad[]>();
  readonly byObject = new Map<string, Quad[]>();
  readonly described = new Map<string, Quad[]>();
  readonly sources = new Map<string, Quad[]>();
  /** IRI without its fragment → the subjects it covers (itself and its hash IRIs). */
  readonly subjectsOf = new Map<string, Set<string>>();

  constructor(quads: Quad[], m: Minter) {
    const g = graphNames(m);
    const push = (map: Map<string, Quad[]>, key: string, q: Quad) => {
      const list = map.get(key);
      if (list) list.push(q);
      else map.set(key, [q]);
    };
    for (const q of quads) {
      if (q.graph.value === g.provenance) push(this.described, q.subject.value, q);
      else if (q.graph.value === g.source) push(this.sources, q.subject.value, q);
      else if (isStatementGraph(q.graph.value, m)) {
        const s = q.subject.value;
        if (!this.bySubject.has(s)) {
          const hash = s.indexOf('#');
          const whole = hash < 0 ? s : s.slice(0, hash);
          const set = this.subjectsOf.get(whole);
          if (set) set.add(s);
          else this.subjectsOf.set(whole, new Set([s]));
        }
        push(this.bySubject, s, q);
        if (q.object.termType === 'NamedNode') push(this.byObject, q.object.value, q);
      }
    }
  }

  /** The slugs of every entity: the IRIs under resource/ that are subjects of a statement, sorted. */
  slugs(m: Minter): string[] {
    return [...new Set([...this.bySubject.keys()].map((s) => slugOf(s, m)).filter((s): s is string => !!s))].sort();
  }
}

/** The slugs of every entity: the IRIs under resource/ that are subjects of a statement. */
/** One entity's description, read from the index. */
export function describe(iri: string, index: StatementIndex): EntityDescription {
  const own = (s: string) => s === iri || s.startsWith(`${iri}#`);
  const out = new Set<Quad>();
  const add = (qs: Quad[] | undefined) => qs?.forEach((q) => out.add(q));

  const children = [...(index.subjectsOf.get(iri) ?? [])];
  for (const s of children) add(index.bySubject.get(s));
  for (const s of children) add(index.byObject.get(s)?.filter((q) => !own(q.subject.value)));

  const neighbours = new Set<string>();
  for (const q of out) {
    for (const t of [q.subject, q.object]) if (t.termType === 'NamedNode' && !own(t.value)) neighbours.add(t.value);
  }
  for (const n of neighbours) {
    add(index.bySubject.get(n)?.filter((q) => q.predicate.value === rdfs('label') || q.predicate.value === rdf('type')));
  }

  // Provenance of every graph quoted above, then the sentences and sections it points at.
  const graphs = new Set([...out].map((q) => q.graph.value).filter(Boolean));
  const provenance = new Set<Quad>();
  const closure = (subject: string) => {
    for (const q of index.described.get(subject) ?? []) {
      if (provenance.has(q)) continue;
      provenance.add(q);
      if (q.object.termType === 'BlankNode') closure(q.object.value);
    }
  };
  graphs.forEach(closure);
  const cited = new Set<string>();
  for (const q of provenance) if (q.object.termType === 'NamedNode' && index.sources.has(q.object.value)) cited.add(q.object.value);
  const sourceFacts = [rdf('type'), rdf('value'), rdfs('label'), dct('isPartOf')];
  for (const s of cited) {
    for (const q of index.sources.get(s)!) if (sourceFacts.includes(q.predicate.value)) provenance.add(q);
  }
  return { slug: iri.slice(iri.lastIndexOf('/') + 1), iri, quads: [...out, ...provenance] };
}

export interface SerializeContext {
  minter: Minter;
  /** The published @context, used to compact JSON-LD. */
  context: object;
  /** Where the @context is published; compacted documents refer to it instead of inlining it. */
  contextUrl: string;
}

/** Turtle/TriG prefixes for documents under this base. */
export function documentPrefixes(m: Minter): Record<string, string> {
  return { '': m.resource(''), bo: m.term(''), claim: m.claim(''), link: `${m.base}link/`, src: `${m.source('')}` };
}

/** The keys of every RDF representation: one per format of the table, and expanded JSON-LD. */
export const RDF_KEYS: RdfKey[] = [...RDF_FORMATS.map((f) => f.ext as RdfKey), 'jsonld-expanded'];

/** One RDF representation of a set of quads. */
export async function rdfRepresentation(quads: Quad[], key: RdfKey, ctx: SerializeContext): Promise<Representation> {
  const jsonld = RDF_FORMATS.find((f) => f.ext === 'jsonld')!;
  if (key === 'jsonld-expanded')
    return representation(`${jsonld.mediaType}; profile="${EXPANDED_PROFILE}"`, await serialize(quads, jsonld));
  const format = RDF_FORMATS.find((f) => f.ext === key)!;
  const body = await serialize(format.quads ? quadDocument(quads) : quads, format, {
    prefixes: documentPrefixes(ctx.minter),
    context: ctx.context,
    contextUrl: ctx.contextUrl,
  });
  return representation(key === 'jsonld' ? `${format.mediaType}; profile="${COMPACTED_PROFILE}"` : contentType(format), body);
}

/**
 * What a quad-format document (N-Quads, TriG) holds: every triple of the Turtle document in the
 * default graph, and the named graphs beside it. Clients that query only the default graph (a
 * link-traversal engine that prefers N-Quads, a triple store loading the document) would otherwise
 * find nothing, every statement being in a claim graph; the named graphs add the provenance.
 */
export function quadDocument(quads: Quad[]): Quad[] {
  return [...asTriples(quads), ...quads.filter((q) => q.graph.termType !== 'DefaultGraph')];
}

/** Every RDF representation of one set of quads. */
export async function rdfRepresentations(quads: Quad[], ctx: SerializeContext): Promise<Map<RdfKey, Representation>> {
  const out = new Map<RdfKey, Representation>();
  for (const key of RDF_KEYS) out.set(key, await rdfRepresentation(quads, key, ctx));
  return out;
}
