// The query page for browsers at GET /sparql: YASGUI (served by this app from its npm package,
// no CDN) with example queries about the article. Everything it runs is a file from this origin,
// so the Content-Security-Policy can forbid inline scripts.
import { WIKIDATA_EXAMPLES } from '../wikidata/examples.js';
import { PREFIXES } from '../rdf/namespaces.js';
import { escapeHtml as esc } from './html.js';

export interface ExampleQuery {
  title: string;
  query: string;
}

export function exampleQueries(base: string): ExampleQuery[] {
  const prologue = (...names: (keyof typeof PREFIXES)[]) =>
    [`PREFIX bo: <${base}ontology#>`, `PREFIX : <${base}resource/>`, ...names.map((n) => `PREFIX ${n}: <${PREFIXES[n]}>`)].join('\n');
  return [
    ...ourExamples(prologue),
    // Written as on query.wikidata.org, with no PREFIX lines: the endpoint predeclares WDQS's prefixes.
    ...WIKIDATA_EXAMPLES.map((e) => ({ title: `In Wikidata's vocabulary: ${e.title}`, query: e.query })),
  ];
}

function ourExamples(prologue: (...names: (keyof typeof PREFIXES)[]) => string): ExampleQuery[] {
  return [
    {
      title: 'Who commanded whom',
      query: `${prologue('rdfs')}\n\nSELECT ?force ?forceLabel ?commander ?commanderLabel WHERE {\n  ?force bo:commander ?commander .\n  OPTIONAL { ?force rdfs:label ?forceLabel FILTER(lang(?forceLabel) = "en") }\n  OPTIONAL { ?commander rdfs:label ?commanderLabel FILTER(lang(?commanderLabel) = "en") }\n}\nORDER BY ?forceLabel`,
    },
    {
      title: 'The timeline of the siege: the order the article gives, and nothing more',
      query: `${prologue('rdfs')}\n\n# bo:sequence orders the telling; bo:followedBy and bo:concurrentWith are the order the article gives.\nSELECT ?event ?label ?date ?timeOfDay ?next ?meanwhile WHERE {\n  ?event a bo:Event ; bo:sequence ?told ; rdfs:label ?label .\n  OPTIONAL { ?event bo:date ?date }\n  OPTIONAL { ?event bo:timeOfDay ?timeOfDay }\n  OPTIONAL { ?event bo:followedBy ?next }\n  OPTIONAL { ?event bo:concurrentWith ?meanwhile }\n}\nORDER BY ?told`,
    },
    {
      title: 'Casualties, with their sources',
      query: `${prologue('rdfs', 'oa')}\n\n# Each reported figure, the side it counts, and the sentence of the article it comes from.\nSELECT ?battle ?kind ?side ?value ?raw ?quote WHERE {\n  VALUES ?kind { bo:killed bo:casualties }\n  GRAPH ?claim { ?battle ?kind ?figure . }\n  OPTIONAL { ?figure bo:side ?side }\n  OPTIONAL { ?figure bo:value ?value }\n  OPTIONAL { ?figure bo:rawValue ?raw }\n  OPTIONAL { ?claim oa:hasSelector/oa:exact ?quote }\n}`,
    },
    {
      title: 'Links to Wikidata',
      query: `${prologue('rdfs', 'owl')}\n\nSELECT ?entity ?label ?wikidata WHERE {\n  ?entity owl:sameAs ?wikidata .\n  FILTER(STRSTARTS(STR(?wikidata), "${PREFIXES.wd}"))\n  OPTIONAL { ?entity rdfs:label ?label FILTER(lang(?label) = "en") }\n}\nORDER BY ?label`,
    },
  ];
}

/** `links.assets` is where YASGUI's files and the page script are, `links.endpoint` the endpoint,
 *  both relative to the page. */
/** `query`, when given, is loaded and run as the page opens (a link to /sparql?query=…). */
export function sparqlPage(base: string, links: { assets: string; endpoint: string }, query?: string): string {
  const { assets } = links;
  const examples = exampleQueries(base);
  // JSON in a data block is not executed, so the CSP needs no 'unsafe-inline' for it; "<" is
  // escaped so no query text can close the element.
  const data = JSON.stringify({ endpoint: links.endpoint, examples, ...(query !== undefined ? { query } : {}) }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SPARQL query: the Siege of Busanjin</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${assets}/yasgui.min.css">
<link rel="stylesheet" href="${assets}/sparql-page.css">
<link rel="alternate" type="text/turtle" href="${esc(links.endpoint)}" title="Service Description">
</head>
<body>
<header>
<h1>SPARQL 1.1 query</h1>
<p>Read-only SPARQL 1.1 endpoint over the knowledge graph of the Siege of Busanjin (1592). The default graph is the union of all graphs; each statement from the article sits in a named graph with its source sentence.
Ask for <code>text/turtle</code> at this address for the Service Description, with the limits.</p>
<nav aria-label="Example queries"><h2>Examples</h2><ul>
${examples.map((e, i) => `<li><button type="button" data-example="${i}">${esc(e.title)}</button></li>`).join('\n')}
</ul></nav>
</header>
<main id="yasgui"></main>
<noscript><form method="get" action="${esc(links.endpoint)}"><label>Query<br><textarea name="query" rows="12" cols="80">${esc(query ?? examples[0]!.query)}</textarea></label><br>
<label>Format <select name="format"><option>json</option><option>xml</option><option>csv</option><option>tsv</option></select></label> <button>Run</button></form></noscript>
<script type="application/json" id="sparql-config">${data}</script>
<script src="${assets}/yasgui.min.js"></script>
<script src="${assets}/sparql-page.js"></script>
</body>
</html>
`;
}

/** The page's own script: starts YASGUI on this endpoint and loads an example on request. */
export const SPARQL_PAGE_SCRIPT = `'use strict';
(function () {
  var config = JSON.parse(document.getElementById('sparql-config').textContent);
  var endpoint = new URL(config.endpoint, document.baseURI).href;
  var yasgui = new Yasgui(document.getElementById('yasgui'), {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: 'busanjin-sparql',
  });
  var tab = yasgui.getTab();
  if (typeof config.query === 'string') {
    var linked = yasgui.addTab(true, { name: 'Linked query' });
    linked.setQuery(config.query);
    linked.query();
  } else if (!tab.getQuery() || /SELECT \\* WHERE \\{\\s*\\?sub \\?pred \\?obj/.test(tab.getQuery())) tab.setQuery(config.examples[0].query);
  document.querySelectorAll('[data-example]').forEach(function (button) {
    button.addEventListener('click', function () {
      var example = config.examples[Number(button.getAttribute('data-example'))];
      var t = yasgui.addTab(true, { name: example.title });
      t.setQuery(example.query);
    });
  });
})();
`;

export const SPARQL_PAGE_CSS = `body { font-family: system-ui, sans-serif; margin: 0 1rem; }
header p { max-width: 60rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
nav h2 { font-size: 1rem; margin-bottom: .25rem; }
`;

/** Scripts and styles from this origin only; YASGUI sets style attributes, hence 'unsafe-inline'
 *  for styles (never for scripts); queries go to this origin only. */
export const SPARQL_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
