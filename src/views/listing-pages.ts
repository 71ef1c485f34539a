// Pages for browsers at two routes whose answer is JSON for programs: /dumps/ (the dumps, their
// sizes and checksums) and /search (a form, and the entities found).
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import type { Links } from './links.js';

export interface DumpRow {
  name: string;
  url: string;
  mediaType: string;
  bytes: number;
  sha256: string;
}

export function dumpsPage(rows: DumpRow[], l: Links): Html {
  const body = html`<h1>Dumps</h1>
<p>The whole dataset, every named graph kept (the claims, the Wikidata links, the provenance), made once per build.
Its description, with the same sizes and checksums, is the <a href="${l.path('void')}">VoID/DCAT description</a>;
this list is also JSON, for programs (ask for <code>application/json</code>).</p>
<table class="statements dumps"><thead><tr><th scope="col">File, media type and SHA-256</th><th scope="col">Bytes</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td><a href="${l.path(`dumps/${r.name}`)}">${r.name}</a> <code>${r.mediaType}</code><br><code class="checksum">${r.sha256}</code></td><td>${r.bytes.toLocaleString('en')}</td></tr>`)}</tbody></table>`;
  return layout({ title: 'Dumps', links: l, canonical: rows[0] ? new URL('.', rows[0].url).href : undefined, body });
}

export interface SearchHit {
  iri: string;
  label: string;
  types: string[];
  score: number;
}

export function searchPage(query: string | undefined, results: SearchHit[], l: Links): Html {
  const body = html`<h1>Search</h1>
<form class="search" action="${l.path('search')}" method="get" role="search">
<label for="q">Name</label> <input id="q" name="q" type="search" value="${query ?? ''}" placeholder="Chong Pal, Busan, Konishi…" required>
<button type="submit">Search</button>
</form>
<p>Case, diacritics and romanization do not count: <em>Jeong Bal</em> finds Chŏng Pal. This answer is JSON for programs (ask for <code>application/json</code>).</p>
${
  query === undefined
    ? ''
    : results.length
      ? html`<ol class="results">${results.map((r) => html`<li><a href="${l.href(r.iri)}">${r.label}</a> ${r.types.map((t) => html`<span class="type">${l.name(t)}</span> `)}</li>`)}</ol>`
      : html`<p>Nothing found for “${query}”.</p>`
}`;
  return layout({ title: query ? `Search: ${query}` : 'Search', links: l, body });
}
