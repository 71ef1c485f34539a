// The page of a claim (claim/…) or a Wikidata link (link/…): what it states, and why. A claim
// shows its quote, the sentence it lies in with the quoted span marked, the section, and its
// statements; a link shows its evidence and confidence and its statement.
import type { MintedDescription } from '../graph/minted.js';
import { type Minter, oa, prov, rdf, rdfs } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';
import { sentenceIri } from '../graph/provenance.js';
import type { SourceText } from '../graph/source.js';
import { html, type Html } from './html.js';
import { formatList, layout, type Alternate } from './layout.js';
import type { Links } from './links.js';
import { quoteInContext } from './quote-context.js';

export interface ClaimPageInput {
  description: MintedDescription;
  minter: Minter;
  links: Links;
  source: SourceText;
  alternates: Alternate[];
  canonical: string;
}

export function termHtml(o: Quad['object'], l: Links): Html {
  if (o.termType === 'NamedNode') return html`<a href="${l.href(o.value)}">${l.name(o.value)}</a>`;
  if (o.termType === 'Literal') {
    const datatype = o.language ? '' : l.curie(o.datatype.value);
    return html`<span class="literal"${o.language ? html` lang="${o.language}"` : ''}>${o.value}</span>${datatype && datatype !== 'xsd:string' ? html` <span class="datatype">${datatype}</span>` : ''}`;
  }
  return html`<span class="blank">[…]</span>`;
}

/** The default-graph facts of a description, by subject. */
export function factsBySubject(quads: Quad[]): (s: string, p: string) => Quad['object'] | undefined {
  const props = new Map<string, Quad[]>();
  for (const q of quads) {
    if (q.graph.termType !== 'DefaultGraph') continue;
    const list = props.get(q.subject.value);
    if (list) list.push(q);
    else props.set(q.subject.value, [q]);
  }
  return (s, p) => props.get(s)?.find((q) => q.predicate.value === p)?.object;
}

export function claimPage(input: ClaimPageInput): Html {
  const { description: d, minter: m, links: l } = input;
  const one = factsBySubject(d.quads);
  const statements = d.quads.filter((q) => q.graph.value === d.iri);
  const selector = one(d.iri, oa('hasSelector'));
  const exact = selector && one(selector.value, oa('exact'))?.value;
  const start = selector && Number(one(selector.value, oa('start'))?.value);
  const end = selector && Number(one(selector.value, oa('end'))?.value);
  const section = one(d.iri, prov('wasDerivedFrom'));
  const sentence = one(d.iri, m.term('sentence'));
  const evidence = one(d.iri, m.term('evidence'));
  const confidence = one(d.iri, m.term('confidence'));
  const comment = one(d.iri, rdfs('comment'));
  const type = one(d.iri, rdf('type'));
  const isLink = d.kind === 'link';
  const quoted =
    exact !== undefined && Number.isFinite(start) && Number.isFinite(end) && input.source.slice(start as number, end as number) === exact
      ? quoteInContext(input.source, start as number, end as number)
      : undefined;
  const article = m.source('siege-of-busanjin');
  const query = `SELECT ?subject ?property ?value WHERE {\n  GRAPH <${d.iri}> { ?subject ?property ?value }\n}`;

  const body = html`<article class="claim" about="${d.iri}">
<h1>${isLink ? 'Wikidata link' : 'Claim'} <code>${d.name}</code></h1>
<p class="iri"><code>${d.iri}</code>${type ? html` · ${termHtml(type, l)}` : ''}</p>
${exact !== undefined ? html`<section><h2>Quote</h2><blockquote class="quote">${exact}</blockquote></section>` : ''}
${
  quoted
    ? html`<section><h2>In the source text</h2>
<p class="in-source">${quoted.before}<mark>${quoted.quote}</mark>${quoted.after}</p>
<p class="where">${section ? html`Section <a href="${l.href(section.value)}">${one(section.value, rdfs('label'))?.value ?? l.curie(section.value)}</a> · ` : ''}characters ${start}–${end} of
<a href="${l.href(sentenceIri(article, { start: quoted.start, end: quoted.end }))}">the source text</a>${sentence ? html` · <a href="${l.href(sentence.value)}">sentence</a>` : ''}</p></section>`
    : ''
}
${evidence ? html`<section><h2>Evidence</h2><p>${evidence.value}${confidence ? html` (confidence: <strong>${confidence.value}</strong>)` : ''}</p></section>` : ''}
${comment ? html`<p>${comment.value}</p>` : ''}
<section><h2>Statements</h2>
<table class="statements triples"><thead><tr><th scope="col">Subject</th><th scope="col">Property</th><th scope="col">Value</th></tr></thead><tbody>${statements.map(
    (q) =>
      html`<tr><td>${termHtml(q.subject as Quad['object'], l)}</td><td><a href="${l.href(q.predicate.value)}">${l.name(q.predicate.value)}</a></td><td>${termHtml(q.object, l)}</td></tr>`,
  )}</tbody></table></section>
<section><h2>This description in other formats</h2>${formatList(input.alternates)}
<p><a class="sparql" href="${l.path(`sparql?query=${encodeURIComponent(query)}`)}">Open in SPARQL</a></p></section>
</article>`;
  return layout({
    title: `${isLink ? 'Link' : 'Claim'} ${d.name.slice(d.name.indexOf('/') + 1)}`,
    links: l,
    canonical: input.canonical,
    alternates: input.alternates,
    body,
  });
}
