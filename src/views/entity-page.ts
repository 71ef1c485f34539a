// The page of one entity, for people: its names, types, every statement with a footnote to the
// sentence it came from (or, for the curators' inferences, marked "inferred" with the reasoning and
// the claims it rests on), what points at it, its Wikidata links, the other formats, a prefilled
// SPARQL query, and (for the siege) the day as a timeline. Quantities read as numbers, in place.
import { isStatementGraph, type EntityDescription } from '../graph/descriptions.js';
import { type Minter, PREFIXES, oa, prov, rdf, rdfs, skos } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';
import { html, jsonScript, type Html } from './html.js';
import { formatList, layout, type Alternate } from './layout.js';
import type { Links } from './links.js';
import { quantityTexts } from './quantity.js';
import { timelineFigure, type TimelineEvent } from './timeline.js';

export interface EntityPageInput {
  description: EntityDescription;
  minter: Minter;
  links: Links;
  alternates: Alternate[];
  canonical: string;
  structuredData: object;
  timeline: TimelineEvent[];
}

interface Footnote {
  n: number;
  graph: string;
  quote?: string;
  sentence?: string;
  sentenceIri?: string;
  section?: string;
  note?: string;
  /** A curators' inference: no quote; the claims it was inferred from. */
  inferred: boolean;
  from: string[];
}

/** Reads the provenance quads of a description into numbered footnotes, one per graph cited. */
class Footnotes {
  private readonly byGraph = new Map<string, Footnote>();
  private readonly props = new Map<string, Quad[]>();

  constructor(quads: Quad[]) {
    for (const q of quads) this.props.set(q.subject.value, [...(this.props.get(q.subject.value) ?? []), q]);
  }

  private one(subject: string, predicate: string): Quad['object'] | undefined {
    return this.props.get(subject)?.find((q) => q.predicate.value === predicate)?.object;
  }

  cite(graph: string, m: Minter): Footnote {
    const known = this.byGraph.get(graph);
    if (known) return known;
    const selector = this.one(graph, oa('hasSelector'));
    const sentence = this.one(graph, m.term('sentence'));
    const section = this.one(graph, prov('wasDerivedFrom'));
    const evidence = this.one(graph, m.term('evidence'));
    const confidence = this.one(graph, m.term('confidence'));
    const comment = this.one(graph, rdfs('comment'));
    const inferred =
      this.props.get(graph)?.some((q) => q.predicate.value === rdf('type') && q.object.value === m.term('Inference')) ?? false;
    const reasoning = this.one(graph, m.term('reasoning'));
    const note = inferred
      ? `Inferred by the curators, not said by the article: ${reasoning?.value ?? ''}`
      : evidence
        ? `Evidence: ${evidence.value}${confidence ? ` (confidence: ${confidence.value})` : ''}`
        : comment?.value;
    const footnote: Footnote = {
      n: this.byGraph.size + 1,
      graph,
      quote: selector ? this.one(selector.value, oa('exact'))?.value : undefined,
      sentence: sentence ? this.one(sentence.value, rdf('value'))?.value : undefined,
      sentenceIri: sentence?.value,
      section: section && !inferred ? (this.one(section.value, rdfs('label'))?.value ?? section.value) : undefined,
      note,
      inferred,
      from: inferred
        ? (this.props.get(graph) ?? []).filter((q) => q.predicate.value === prov('wasDerivedFrom')).map((q) => q.object.value)
        : [],
    };
    this.byGraph.set(graph, footnote);
    return footnote;
  }

  all(): Footnote[] {
    return [...this.byGraph.values()];
  }
}

interface Statement {
  subject: string;
  predicate: string;
  object: Quad['object'];
  graphs: string[];
}

/** Groups quads into statements (one per triple), each with the graphs that state it. */
function statements(quads: Quad[]): Statement[] {
  const byTriple = new Map<string, Statement>();
  for (const q of quads) {
    const o = q.object;
    const key = `${q.subject.value} ${q.predicate.value} ${o.termType}:${o.value}:${o.termType === 'Literal' ? o.language + o.datatype.value : ''}`;
    const s = byTriple.get(key) ?? { subject: q.subject.value, predicate: q.predicate.value, object: o, graphs: [] };
    if (q.graph.value && !s.graphs.includes(q.graph.value)) s.graphs.push(q.graph.value);
    byTriple.set(key, s);
  }
  return [...byTriple.values()];
}

function value(o: Quad['object'], links: Links, name: (iri: string) => string = links.name): Html {
  if (o.termType === 'NamedNode') return html`<a href="${links.href(o.value)}">${name(o.value)}</a>`;
  if (o.termType === 'Literal') {
    const datatype = o.language ? '' : links.curie(o.datatype.value);
    return html`<span class="literal"${o.language ? html` lang="${o.language}"` : ''}>${o.value}</span>${datatype && datatype !== 'xsd:string' ? html` <span class="datatype">${datatype}</span>` : ''}`;
  }
  return html`<span class="blank">[…]</span>`;
}

export function entityPage(input: EntityPageInput): Html {
  const { description: d, minter: m, links: l } = input;
  const own = (s: string) => s === d.iri || s.startsWith(`${d.iri}#`);
  const stated = statements(d.quads.filter((q) => isStatementGraph(q.graph.value, m)));
  const notes = new Footnotes(d.quads.filter((q) => !isStatementGraph(q.graph.value, m)));
  const marks = (s: Statement) => {
    const cited = s.graphs.map((g) => notes.cite(g, m));
    // Said only by an inference of ours: marked so in place, not only in its footnote.
    const inferred = cited.length > 0 && cited.every((f) => f.inferred);
    return html`${cited.map((f) => html`<sup><a href="#fn-${f.n}" class="${f.inferred ? 'fn inferred' : 'fn'}">${f.n}</a></sup>`)}${inferred ? html` <span class="inferred">(inferred)</span>` : ''}`;
  };
  // A quantity reads as its number, what it counts and whom it is according to, not as its IRI.
  const quantities = quantityTexts(d.quads, m);
  const name = (iri: string) => quantities.get(iri) ?? l.name(iri);

  const mine = stated.filter((s) => s.subject === d.iri);
  const label = mine.find((s) => s.predicate === rdfs('label'))?.object.value ?? d.slug;
  const spellings = mine.filter((s) => s.predicate === skos('altLabel'));
  const types = mine.filter((s) => s.predicate === rdf('type'));
  const wikidata = mine.filter((s) => s.object.value.startsWith(PREFIXES.wd));
  const shown = new Set([rdfs('label'), skos('altLabel'), rdf('type')]);
  const rows = (list: Statement[]) =>
    list
      .filter((s) => !shown.has(s.predicate))
      .sort((a, b) => l.name(a.predicate).localeCompare(l.name(b.predicate)))
      .map(
        (s) =>
          html`<tr><th scope="row"><a href="${l.href(s.predicate)}">${l.name(s.predicate)}</a></th><td>${value(s.object, l, name)}${marks(s)}</td></tr>`,
      );

  const children = [...new Set(stated.map((s) => s.subject).filter((s) => own(s) && s !== d.iri))].sort();
  const incoming = stated.filter((s) => !own(s.subject) && s.object.termType === 'NamedNode' && own(s.object.value));
  const query = `SELECT ?graph ?property ?value WHERE {\n  GRAPH ?graph { <${d.iri}> ?property ?value }\n}\nORDER BY ?property`;
  const title = `${label}`;

  const body = html`<article class="entity" about="${d.iri}">
<h1>${label}</h1>
<p class="iri"><code>${d.iri}</code></p>
<p class="types">${types.map((t) => html`<a class="type" href="${l.href(t.object.value)}">${l.name(t.object.value)}</a>${marks(t)} `)}</p>
${spellings.length ? html`<p class="spellings">Also written: ${spellings.map((s, i) => html`${i ? ', ' : ''}<span lang="en">${s.object.value}</span>${marks(s)}`)}</p>` : ''}
${input.timeline.length ? timelineFigure(input.timeline, l, `The day of the ${label}`) : ''}
<section><h2>Statements</h2>
<table class="statements"><tbody>${rows(mine)}</tbody></table></section>
${children.map(
  (c) => html`<section class="child" id="${c.slice(c.indexOf('#') + 1)}"><h3>${name(c)} <code>#${c.slice(c.indexOf('#') + 1)}</code></h3>
<table class="statements"><tbody>${rows(stated.filter((s) => s.subject === c)).concat(stated.filter((s) => s.subject === c && s.predicate === rdf('type')).map((s) => html`<tr><th scope="row">type</th><td>${value(s.object, l)}${marks(s)}</td></tr>`))}</tbody></table></section>`,
)}
${
  incoming.length
    ? html`<section><h2>Referred to by</h2><table class="statements"><tbody>${incoming
        .sort((a, b) => l.name(a.subject).localeCompare(l.name(b.subject)))
        .map(
          (s) =>
            html`<tr><th scope="row"><a href="${l.href(s.subject)}">${l.name(s.subject)}</a></th><td><a href="${l.href(s.predicate)}">${l.name(s.predicate)}</a> ${own(s.object.value) && s.object.value !== d.iri ? value(s.object, l, name) : 'this'}${marks(s)}</td></tr>`,
        )}</tbody></table></section>`
    : ''
}
<section><h2>Wikidata</h2>${
    wikidata.length
      ? html`<ul>${wikidata.map((s) => html`<li><a href="${s.object.value}">${l.curie(s.object.value)}</a> (${l.name(s.predicate)})${marks(s)}</li>`)}</ul>`
      : html`<p>No Wikidata item with evidence yet.</p>`
  }</section>
<section><h2>Sources</h2><ol class="footnotes">${notes.all().map(
    (f) => html`<li id="fn-${f.n}">
${f.sentence ? html`<blockquote cite="${f.sentenceIri ?? ''}">${f.sentence}</blockquote>` : ''}
${f.quote && f.quote !== f.sentence ? html`<p class="quote">Quoted: “${f.quote}”</p>` : ''}
${f.inferred ? html`<p class="inferred">Inferred from: ${f.from.map((c, i) => html`${i ? ', ' : ''}<a href="${l.href(c)}"><code>claim:${c.slice(c.lastIndexOf('/') + 1)}</code></a>`)}</p>` : ''}
<p class="where">${f.section ? html`Section ${f.section} · ` : ''}${f.sentenceIri ? html`<a href="${l.href(f.sentenceIri)}">sentence</a> · ` : ''}${f.note ? html`${f.note} · ` : ''}<a class="graph" href="${l.href(f.graph)}"><code>${l.curie(f.graph)}</code></a></p>
</li>`,
  )}</ol></section>
<section><h2>This description in other formats</h2>${formatList(input.alternates)}
<p><a class="sparql" href="${l.path(`sparql?query=${encodeURIComponent(query)}`)}">Open in SPARQL</a></p></section>
</article>`;

  return layout({
    title,
    links: l,
    canonical: input.canonical,
    alternates: input.alternates,
    head: jsonScript(input.structuredData),
    body,
  });
}
