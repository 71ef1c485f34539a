// The IRIs minted under the base besides entities and ontology terms: claims (claim/…), Wikidata
// links (link/…), the build's graphs (graph/…) and the SHACL shapes graph (shapes). Each names a
// named graph that every document and dump cites, so each has a description of its own, served as
// a document like an entity's (DESIGN.md: "Every IRI minted under the base dereferences").
//
// A claim's or link's description: its statements, both in its named graph (N-Quads, TriG) and in
// the default graph (so every format carries them); what the data says of it (selector with quote
// and offsets, evidence, confidence); the sentence, section and article it points at; the labels
// and types of what its statements name. A graph's description: what the data says of it, or a
// built-in one for the graphs the build writes without one, and its size.
import { isStatementGraph } from './descriptions.js';
import { graphNames } from './graph-names.js';
import { type Minter, PREFIXES, dct, oa, rdf, rdfs, schema, xsd } from '../rdf/namespaces.js';
import { defaultGraph, en, iri, literal, quad, type Quad } from '../rdf/terms.js';

export type MintedKind = 'claim' | 'link' | 'graph';

export interface MintedDescription {
  /** The IRI's path under the base: "claim/siege-name", "link/Busan", "graph/curation", "shapes". */
  name: string;
  iri: string;
  kind: MintedKind;
  quads: Quad[];
}

/** What the build's graphs are, for those the data files do not describe. */
const BUILT_GRAPHS: Record<string, { label: string; comment: string }> = {
  provenance: {
    label: 'Provenance',
    comment:
      'What the data files and the build say about each claim, link and graph: the selector (quote and code-point offsets) of each claim, the sentence and section it lies in, the evidence and confidence of each Wikidata link, and the descriptions of the graphs.',
  },
  source: {
    label: "The source article's sections and sentences",
    comment:
      'The sections and sentences of the article, each with its text and code-point offsets; a sentence is an RFC 5147 fragment (#char=start,end) of the source text.',
  },
  derived: {
    label: 'Derived by the build',
    comment:
      'What the build derives from the claims: the order of the events of the day (bo:follows, bo:followedBy) from their bo:sequence.',
  },
  shapes: {
    label: 'SHACL shapes',
    comment: 'The shapes the build validates the graph against; a graph that violates one is never published.',
  },
};

const SOURCE_FACTS = [rdf('type'), rdf('value'), rdfs('label'), dct('title'), dct('isPartOf'), schema('position'), oa('start'), oa('end')];

const asTriple = (q: Quad): Quad => quad(q.subject, q.predicate, q.object, defaultGraph());

export class MintedIndex {
  /** Every minted name, sorted. */
  readonly names: string[];
  private readonly known: Set<string>;
  /** The statements of each claim and link (the other graphs are only counted: they can be large). */
  private readonly byGraph = new Map<string, Quad[]>();
  private readonly sizes = new Map<string, number>();
  private readonly described = new Map<string, Quad[]>();
  private readonly sources = new Map<string, Quad[]>();
  private readonly namesOf = new Map<string, Quad[]>();
  private readonly g: ReturnType<typeof graphNames>;

  constructor(
    quads: Quad[],
    private readonly m: Minter,
  ) {
    this.g = graphNames(m);
    const push = (map: Map<string, Quad[]>, key: string, q: Quad) => {
      const list = map.get(key);
      if (list) list.push(q);
      else map.set(key, [q]);
    };
    const names = new Set<string>();
    for (const q of quads) {
      const graph = q.graph.value;
      const name = this.nameOf(graph);
      if (name) {
        names.add(name);
        this.sizes.set(graph, (this.sizes.get(graph) ?? 0) + 1);
        if (this.kindOf(name) !== 'graph') push(this.byGraph, graph, q);
      }
      if (graph === this.g.provenance) {
        push(this.described, q.subject.value, q);
        const described = this.nameOf(q.subject.value);
        if (described) names.add(described);
      } else if (graph === this.g.source) push(this.sources, q.subject.value, q);
      if (isStatementGraph(graph, m) && (q.predicate.value === rdfs('label') || q.predicate.value === rdf('type'))) {
        push(this.namesOf, q.subject.value, q);
      }
    }
    this.names = [...names].sort();
    this.known = new Set(this.names);
  }

  has(name: string): boolean {
    return this.known.has(name);
  }

  /** The minted name of an IRI ("claim/x"), or undefined for one this index does not describe. */
  nameOf(value: string): string | undefined {
    if (!value.startsWith(this.m.base)) return undefined;
    const name = value.slice(this.m.base.length);
    if (name === 'shapes') return name;
    return /^(claim|link|graph)\/[^/#?]+$/.test(name) ? name : undefined;
  }

  kindOf(name: string): MintedKind {
    return name.startsWith('claim/') ? 'claim' : name.startsWith('link/') ? 'link' : 'graph';
  }

  describe(name: string): MintedDescription {
    const subject = this.m.base + name;
    const kind = this.kindOf(name);
    const out: Quad[] = [];
    const statements = kind === 'graph' ? [] : (this.byGraph.get(subject) ?? []);
    out.push(...statements, ...statements.map(asTriple));

    // What the data says of it, blank nodes (the selector) followed.
    const provenance = new Set<Quad>();
    const closure = (s: string) => {
      for (const q of this.described.get(s) ?? []) {
        if (provenance.has(q)) continue;
        provenance.add(q);
        if (q.object.termType === 'BlankNode') closure(q.object.value);
      }
    };
    closure(subject);
    out.push(...[...provenance].map(asTriple));

    if (kind === 'graph') {
      const local = name.slice(name.indexOf('/') + 1);
      const builtIn = BUILT_GRAPHS[local];
      // What the data does not say of a graph the build writes, the built-in description does.
      const says = (p: string) => [...provenance].some((q) => q.subject.value === subject && q.predicate.value === p);
      if (builtIn && !says(rdfs('label'))) out.push(quad(iri(subject), iri(rdfs('label')), en(builtIn.label)));
      if (builtIn && !says(rdfs('comment'))) out.push(quad(iri(subject), iri(rdfs('comment')), en(builtIn.comment)));
      const size = this.sizes.get(subject) ?? 0;
      out.push(quad(iri(subject), iri(`${PREFIXES.void}triples`), literal(String(size), iri(xsd('integer')))));
      return { name, iri: subject, kind, quads: out };
    }

    // The sentence, section and article it points at, with their text and place.
    for (const q of provenance) {
      if (q.object.termType !== 'NamedNode') continue;
      const cited = q.object.value;
      for (const f of this.sources.get(cited) ?? []) if (SOURCE_FACTS.includes(f.predicate.value)) out.push(asTriple(f));
      for (const f of this.described.get(cited) ?? [])
        if (f.predicate.value === rdfs('label') || f.predicate.value === dct('title')) out.push(asTriple(f));
    }
    // The labels and types of what its statements name.
    const named = new Set<string>();
    for (const q of statements) for (const t of [q.subject, q.object]) if (t.termType === 'NamedNode') named.add(t.value);
    for (const n of named) out.push(...(this.namesOf.get(n) ?? []).map(asTriple));
    return { name, iri: subject, kind, quads: dedupe(out) };
  }
}

function dedupe(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const o = q.object;
    const key = `${q.graph.value} ${q.subject.termType}:${q.subject.value} ${q.predicate.value} ${o.termType}:${o.value}@${o.termType === 'Literal' ? `${o.language}^^${o.datatype.value}` : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
