// The HTML view of a Triple Pattern Fragment: the search form (the same controls as the RDF's
// hydra:search), the matching triples with links to their own fragments, and the paging links.
import type { Quad, Term } from '../rdf/terms.js';
import type { Fragment, FragmentLinks, Pattern } from '../sparql/fragments.js';
import { PAGE_SIZE } from '../sparql/fragments.js';
import { escapeHtml as esc } from './html.js';

/** A term in the explicit representation, as the form and the links carry it. */
export function explicit(t: Term): string {
  if (t.termType !== 'Literal') return t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
  const lexical = JSON.stringify(t.value);
  if (t.language) return `${lexical}@${t.language}`;
  return t.datatype.value === 'http://www.w3.org/2001/XMLSchema#string' ? lexical : `${lexical}^^<${t.datatype.value}>`;
}

/** `stylesheet` is the pages' one stylesheet, relative to the page. */
export function fragmentPage(
  f: Fragment,
  pattern: Pattern,
  links: FragmentLinks,
  linkTo: (position: keyof Pattern, t: Term) => string,
  stylesheet = 'assets/site.css',
): string {
  const value = (p: keyof Pattern) => (pattern[p] ? esc(explicit(pattern[p]!)) : '');
  const cell = (p: keyof Pattern, t: Term) =>
    t.termType === 'BlankNode' ? `<td>${esc(explicit(t))}</td>` : `<td><a href="${esc(linkTo(p, t))}">${esc(explicit(t))}</a></td>`;
  const row = (q: Quad) => `<tr>${cell('subject', q.subject)}${cell('predicate', q.predicate)}${cell('object', q.object)}</tr>`;
  const first = (f.page - 1) * PAGE_SIZE + 1;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Triple Pattern Fragment</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${esc(stylesheet)}"></head>
<body>
<main>
<h1>Triple Pattern Fragments</h1>
<form method="get" action="${esc(links.collection)}">
<label>subject <input name="subject" value="${value('subject')}" size="50"></label><br>
<label>predicate <input name="predicate" value="${value('predicate')}" size="50"></label><br>
<label>object <input name="object" value="${value('object')}" size="50"></label><br>
<button>Find matching triples</button>
</form>
<p>${f.total} matching triple${f.total === 1 ? '' : 's'}${f.triples.length ? `; ${first} to ${first + f.triples.length - 1} below` : ''}.</p>
<table><thead><tr><th>subject</th><th>predicate</th><th>object</th></tr></thead>
<tbody>
${f.triples.map(row).join('\n')}
</tbody></table>
<nav>${f.page > 1 ? `<a rel="prev" href="${esc(links.pageUrl(f.page - 1))}">previous</a> ` : ''}${f.hasNext ? `<a rel="next" href="${esc(links.pageUrl(f.page + 1))}">next</a>` : ''}</nav>
</main>
</body>
</html>
`;
}
