// The VoID/DCAT description for people: what the dataset is, its licence and source, its counts,
// the linksets to Wikidata, the SPARQL endpoint and the dumps. The landing page's navigation links
// /void; a browser gets this page there instead of a Turtle file to download.
import { type Minter, PREFIXES, dct, foaf } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';
import { voidIris } from '../graph/void.js';
import { html, type Html } from './html.js';
import { formatList, layout, type Alternate } from './layout.js';
import type { Links } from './links.js';

export interface VoidPageInput {
  quads: Quad[];
  minter: Minter;
  links: Links;
  alternates: Alternate[];
}

const v = (local: string) => PREFIXES.void + local;
const dcat = (local: string) => PREFIXES.dcat + local;
const COUNTS: [string, string][] = [
  ['triples', 'Statements (quads, every graph)'],
  ['entities', 'Entities'],
  ['distinctSubjects', 'Distinct subjects'],
  ['distinctObjects', 'Distinct objects'],
  ['classes', 'Classes'],
  ['properties', 'Properties'],
];

export function voidPage(input: VoidPageInput): Html {
  const { quads, minter: m, links: l } = input;
  const ids = voidIris(m);
  const all = (s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);
  const one = (s: string, p: string) => all(s, p)[0];
  const ds = ids.dataset;
  const link = (iri: string, text?: string) => html`<a href="${l.href(iri)}">${text ?? l.name(iri)}</a>`;
  const linksets = all(ds, v('subset')).map((ls) => ls.value);
  const dumps = all(ds, dcat('distribution')).map((d) => d.value);
  const classes = all(ds, v('classPartition'))
    .map((p) => ({ cls: one(p.value, v('class'))?.value ?? '', n: one(p.value, v('entities'))?.value ?? '' }))
    .sort((a, b) => Number(b.n) - Number(a.n));

  const body = html`<article class="void" about="${ds}">
<h1>${one(ds, dct('title'))?.value ?? 'Dataset'}</h1>
<p class="iri"><code>${ds}</code> · described by <code>${ids.document}</code></p>
<p>${one(ds, dct('description'))?.value ?? ''}</p>
<table class="statements"><tbody>
<tr><th scope="row">Licence</th><td>${all(ds, dct('license')).map((o) => html`<a rel="license" href="${o.value}">${o.value === 'https://creativecommons.org/licenses/by-sa/4.0/' ? 'CC BY-SA 4.0' : o.value}</a> `)}</td></tr>
<tr><th scope="row">Rights</th><td>${one(ds, dct('rights'))?.value ?? ''}</td></tr>
<tr><th scope="row">Source</th><td>${all(ds, dct('source')).map((o, i) => html`${i ? ' · ' : ''}${link(o.value, o.value.startsWith(m.base) ? 'the source text' : o.value)}`)}</td></tr>
<tr><th scope="row">Example resource</th><td>${all(ds, v('exampleResource')).map((o) => link(o.value))}</td></tr>
<tr><th scope="row">Vocabulary</th><td>${all(ds, v('vocabulary')).map((o) => link(o.value, 'the ontology'))}</td></tr>
<tr><th scope="row">SPARQL endpoint</th><td>${all(ds, v('sparqlEndpoint')).map((o) => link(o.value, o.value))}</td></tr>
<tr><th scope="row">Modified</th><td>${one(ds, dct('modified'))?.value ?? ''}</td></tr>
</tbody></table>
<section><h2>Counts</h2><table class="statements"><tbody>${COUNTS.map(([local, label]) => {
    const n = one(ds, v(local))?.value;
    return n ? html`<tr><th scope="row">${label}</th><td>${Number(n).toLocaleString('en')}</td></tr>` : '';
  })}</tbody></table></section>
${linksets.length ? html`<section><h2>Links to Wikidata</h2><ul>${linksets.map((ls) => html`<li>${Number(one(ls, v('triples'))?.value ?? 0).toLocaleString('en')} links by <code>${l.curie(one(ls, v('linkPredicate'))?.value ?? '')}</code> to ${link(one(ls, v('objectsTarget'))?.value ? (one(one(ls, v('objectsTarget'))!.value, foaf('homepage'))?.value ?? 'https://www.wikidata.org/') : 'https://www.wikidata.org/', 'Wikidata')}</li>`)}</ul></section>` : ''}
<section><h2>Dumps</h2><ul>${dumps.map((d) => html`<li><a href="${l.href(d)}">${one(d, dct('title'))?.value ?? d}</a> (${Number(one(d, dcat('byteSize'))?.value ?? 0).toLocaleString('en')} bytes${one(d, dcat('mediaType')) ? html`, ${one(d, dcat('mediaType'))!.value.replace(/^.*media-types\//, '')}` : ''})</li>`)}</ul>
<p>Checksums: <a href="${l.path('dumps/SHA256SUMS')}">SHA256SUMS</a> · the list as JSON or a page: <a href="${l.path('dumps/')}">dumps/</a></p></section>
${classes.length ? html`<section><h2>Entities by class</h2><table class="statements"><tbody>${classes.map((c) => html`<tr><th scope="row">${link(c.cls, l.curie(c.cls))}</th><td>${c.n}</td></tr>`)}</tbody></table></section>` : ''}
<section><h2>This description in other formats</h2>${formatList(input.alternates)}</section>
</article>`;
  return layout({ title: 'Dataset description (VoID)', links: l, canonical: ids.document, alternates: input.alternates, body });
}
