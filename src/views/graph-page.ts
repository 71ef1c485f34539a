// The page of a named graph (graph/…, shapes): what it is, where it comes from, how many
// statements it holds, and a query that lists them.
import type { MintedDescription } from '../graph/minted.js';
import { PREFIXES, rdf, rdfs } from '../rdf/namespaces.js';
import { html, type Html } from './html.js';
import { factsBySubject, termHtml } from './claim-page.js';
import { formatList, layout, type Alternate } from './layout.js';
import type { Links } from './links.js';

export interface GraphPageInput {
  description: MintedDescription;
  links: Links;
  alternates: Alternate[];
  canonical: string;
}

export function graphPage(input: GraphPageInput): Html {
  const { description: d, links: l } = input;
  const one = factsBySubject(d.quads);
  const label = one(d.iri, rdfs('label'))?.value ?? d.name;
  const comment = one(d.iri, rdfs('comment'))?.value;
  const triples = one(d.iri, `${PREFIXES.void}triples`)?.value;
  const shown = new Set([rdfs('label'), rdfs('comment'), `${PREFIXES.void}triples`]);
  const other = d.quads
    .filter((q) => q.subject.value === d.iri && q.graph.termType === 'DefaultGraph' && !shown.has(q.predicate.value))
    .sort((a, b) =>
      a.predicate.value === rdf('type') ? -1 : b.predicate.value === rdf('type') ? 1 : a.predicate.value.localeCompare(b.predicate.value),
    );
  const query = `SELECT ?subject ?property ?value WHERE {\n  GRAPH <${d.iri}> { ?subject ?property ?value }\n}\nLIMIT 500`;
  const body = html`<article class="graph" about="${d.iri}">
<h1>${label}</h1>
<p class="iri"><code>${d.iri}</code> · a named graph</p>
${comment ? html`<p>${comment}</p>` : ''}
${triples ? html`<p>It holds ${Number(triples).toLocaleString('en')} statements.</p>` : ''}
${other.length ? html`<table class="statements"><tbody>${other.map((q) => html`<tr><th scope="row"><a href="${l.href(q.predicate.value)}">${l.name(q.predicate.value)}</a></th><td>${termHtml(q.object, l)}</td></tr>`)}</tbody></table>` : ''}
<section><h2>Its statements</h2><p><a class="sparql" href="${l.path(`sparql?query=${encodeURIComponent(query)}`)}">List them with SPARQL</a>, or download the
<a href="${l.path('dumps/')}">dumps</a> (N-Quads and TriG keep the graph names).</p></section>
<section><h2>This description in other formats</h2>${formatList(input.alternates)}</section>
</article>`;
  return layout({ title: label, links: l, canonical: input.canonical, alternates: input.alternates, body });
}
