// The page shell every HTML view shares: head (stylesheet served by the app, alternates,
// canonical), navigation, footer with the licence. No script runs on these pages.
import { Html, html } from './html.js';
import type { Links } from './links.js';

export interface Alternate {
  href: string;
  type: string;
  label: string;
}

export interface LayoutOptions {
  title: string;
  links: Links;
  canonical?: string;
  alternates?: Alternate[];
  /** Extra elements for <head>, e.g. the embedded JSON-LD. */
  head?: Html;
  body: Html;
}

/** Pages have no inline script or style: everything they load comes from this app. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function layout(o: LayoutOptions): Html {
  const l = o.links;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} — Siege of Busanjin linked data</title>
<link rel="stylesheet" href="${l.path('assets/site.css')}">
${o.canonical ? html`<link rel="canonical" href="${o.canonical}">` : ''}
${(o.alternates ?? []).map((a) => html`<link rel="alternate" type="${a.type}" href="${a.href}">\n`)}
${o.head ?? ''}
</head>
<body>
<header class="site"><nav>
<a href="${l.path('')}" class="home">Siege of Busanjin</a>
<a href="${l.path('ontology')}">Ontology</a>
<a href="${l.path('sparql')}">SPARQL</a>
<a href="${l.path('void')}">VoID</a>
<a href="${l.path('dumps/')}">Dumps</a>
</nav></header>
<main>
${o.body}
</main>
<footer class="site">
<p>Data derived from the English Wikipedia article <a href="https://en.wikipedia.org/wiki/Siege_of_Busanjin">Siege of Busanjin</a>
(Wikipedia contributors), licensed <a rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0</a>.
The <a href="${l.path('source/siege-of-busanjin')}">source text</a> is served as it was quoted.</p>
</footer>
</body>
</html>
`;
}

/** Links to the other formats of a document, as a list for the page body. */
export function formatList(alternates: Alternate[]): Html {
  return html`<ul class="formats">${alternates.map((a) => html`<li><a href="${a.href}" type="${a.type}">${a.label}</a></li>`)}</ul>`;
}
