// The ontology for people: each term at the anchor of its hash IRI ({BASE}ontology#Term), with
// its label, comment, kind, domain and range, and what it matches in other vocabularies.
import { type Minter, owl, rdf, rdfs, skos } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';
import { html, type Html } from './html.js';
import { formatList, layout, type Alternate } from './layout.js';
import type { Links } from './links.js';

const KINDS: [string, string][] = [
  [owl('Class'), 'Classes'],
  [owl('ObjectProperty'), 'Object properties'],
  [owl('DatatypeProperty'), 'Datatype properties'],
  [owl('NamedIndividual'), 'Individuals'],
];
const RELATIONS = [
  rdfs('subClassOf'),
  rdfs('subPropertyOf'),
  rdfs('domain'),
  rdfs('range'),
  owl('equivalentClass'),
  owl('equivalentProperty'),
  owl('inverseOf'),
  skos('exactMatch'),
  skos('closeMatch'),
  owl('sameAs'),
];

export function ontologyPage(ontology: Quad[], m: Minter, l: Links, alternates: Alternate[]): Html {
  const ns = m.term('');
  const about = new Map<string, Quad[]>();
  for (const q of ontology) about.set(q.subject.value, [...(about.get(q.subject.value) ?? []), q]);
  const text = (s: string, p: string) => about.get(s)?.find((q) => q.predicate.value === p)?.object.value;
  const terms = [...about.keys()].filter((s) => s.startsWith(ns) && s.length > ns.length).sort();
  const kindOf = (t: string) =>
    about
      .get(t)!
      .filter((q) => q.predicate.value === rdf('type'))
      .map((q) => q.object.value);
  const term = (t: string) => {
    const local = t.slice(ns.length);
    return html`<section class="term" id="${local}">
<h3><a href="#${local}">${local}</a> <span class="label">${text(t, rdfs('label')) ?? ''}</span></h3>
<p class="iri"><code>${t}</code></p>
${text(t, rdfs('comment')) ? html`<p>${text(t, rdfs('comment'))}</p>` : ''}
<dl>${RELATIONS.map((p) => {
      const objects = about.get(t)!.filter((q) => q.predicate.value === p && q.object.termType === 'NamedNode');
      return objects.length
        ? html`<dt>${l.curie(p)}</dt><dd>${objects.map((q, i) => html`${i ? ', ' : ''}<a href="${l.href(q.object.value)}">${l.curie(q.object.value)}</a>`)}</dd>`
        : '';
    })}</dl>
</section>`;
  };
  const grouped = KINDS.map(([kind, title]) => [title, terms.filter((t) => kindOf(t).includes(kind))] as const);
  const other = terms.filter((t) => !KINDS.some(([k]) => kindOf(t).includes(k)));
  const body = html`<h1>${text(m.ontology, rdfs('label')) ?? 'Ontology'}</h1>
<p class="iri"><code>${m.ontology}</code> · prefix <code>bo:</code> <code>${ns}</code></p>
<p>${text(m.ontology, rdfs('comment')) ?? ''}</p>
<nav class="toc">${grouped.filter(([, ts]) => ts.length).map(([title, ts]) => html`<p><strong>${title}:</strong> ${ts.map((t, i) => html`${i ? ' · ' : ''}<a href="#${t.slice(ns.length)}">${t.slice(ns.length)}</a>`)}</p>`)}</nav>
<h2>Formats</h2>${formatList(alternates)}
${grouped.filter(([, ts]) => ts.length).map(([title, ts]) => html`<h2>${title}</h2>${ts.map(term)}`)}
${other.length ? html`<h2>Other terms</h2>${other.map(term)}` : ''}`;
  return layout({ title: 'Ontology', links: l, canonical: m.ontology, alternates, body });
}
