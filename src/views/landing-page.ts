// The landing page: what the dataset is, its entities by type, example queries, and where the
// data can be downloaded or queried.
import { type Minter, rdf } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';
import type { Dump } from '../graph/dumps.js';
import { slugOf } from '../graph/slugs.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import type { Links } from './links.js';

export interface LandingInput {
  minter: Minter;
  links: Links;
  /** Statement quads (claims, links, curation): the entities and their types. */
  quads: Quad[];
  slugs: string[];
  primaryTopic: string;
  dumps: Dump[];
  triples: number;
}

export function exampleQueries(m: Minter): { title: string; query: string }[] {
  const bo = m.term('');
  return [
    {
      title: 'The events of the siege, what the article says came next, and what ran at the same time',
      query: `PREFIX bo: <${bo}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n# bo:sequence is where the article tells of an event; bo:followedBy is its order, where it gives one.\nSELECT ?event ?label ?time ?next ?meanwhile WHERE {\n  ?event bo:partOf|bo:contextOf <${m.resource('Siege_of_Busanjin')}> ; bo:sequence ?told ; rdfs:label ?label .\n  OPTIONAL { ?event bo:timeOfDay ?time }\n  OPTIONAL { ?event bo:followedBy ?next }\n  OPTIONAL { ?event bo:concurrentWith ?meanwhile }\n}\nORDER BY ?told`,
    },
    {
      title: 'What the curators inferred, apart from what the article says: each inference, its reasoning and its sources',
      query: `PREFIX bo: <${bo}>\nPREFIX prov: <http://www.w3.org/ns/prov#>\nSELECT ?inference ?s ?p ?o ?reasoning (GROUP_CONCAT(STR(?claim); separator=" ") AS ?from) WHERE {\n  ?inference a bo:Inference ; bo:reasoning ?reasoning ; prov:wasDerivedFrom ?claim .\n  GRAPH ?inference { ?s ?p ?o }\n}\nGROUP BY ?inference ?s ?p ?o ?reasoning`,
    },
    {
      title: 'Every person, with every spelling of the name',
      query: `PREFIX bo: <${bo}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nSELECT ?person ?label (GROUP_CONCAT(?alt; separator=" / ") AS ?spellings) WHERE {\n  ?person a bo:Person ; rdfs:label ?label .\n  OPTIONAL { ?person skos:altLabel ?alt }\n}\nGROUP BY ?person ?label`,
    },
    {
      title: 'Where a statement came from: the sentence behind each claim about Chŏng Pal',
      query: `PREFIX bo: <${bo}>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nSELECT ?claim ?property ?value ?sentence WHERE {\n  GRAPH ?claim { <${m.resource('Jeong_Bal')}> ?property ?value }\n  ?claim bo:sentence ?s . ?s rdf:value ?sentence .\n}`,
    },
  ];
}

/** A page lists this many entities of a type at most: a large dataset is searched, not scrolled. */
const LISTED_PER_TYPE = 500;

function sortedByName(iris: string[], l: Links): string[] {
  const named = iris.map((iri) => ({ iri, name: l.name(iri) }));
  const collator = new Intl.Collator('en');
  return named.sort((a, b) => collator.compare(a.name, b.name)).map((n) => n.iri);
}

export function landingPage(input: LandingInput): Html {
  const { links: l, minter: m } = input;
  const typesOf = new Map<string, Set<string>>();
  for (const q of input.quads) {
    if (q.predicate.value !== rdf('type') || !slugOf(q.subject.value, m)) continue;
    typesOf.set(q.subject.value, (typesOf.get(q.subject.value) ?? new Set()).add(q.object.value));
  }
  const byType = new Map<string, string[]>();
  for (const slug of input.slugs) {
    const iri = m.resource(slug);
    // Kinds of entity are the ontology's own classes; the modelling devices (skos:Concept for a
    // weapon or a religion, owl:NegativePropertyAssertion for "with the exception of Matsura") are not.
    const type = [...(typesOf.get(iri) ?? [])].filter((t) => t.startsWith(m.term(''))).sort()[0] ?? 'other';
    const list = byType.get(type);
    if (list) list.push(iri);
    else byType.set(type, [iri]);
  }
  const groups = [...byType].sort(([a], [b]) => l.name(a).localeCompare(l.name(b)));
  const body = html`<h1>The Siege of Busanjin, 24 May 1592, as linked data</h1>
<p class="lead">One Wikipedia article turned into a knowledge graph: ${input.slugs.length} entities and ${input.triples} statements,
each traced to the sentence of the article it came from, linked to Wikidata where there is evidence.
Start with <a href="${l.href(input.primaryTopic)}">${l.name(input.primaryTopic)}</a>, the day drawn as a timeline.</p>
<section><h2>Entities</h2>${groups.map(
    ([type, iris]) => html`<h3>${type === 'other' ? 'Other' : l.name(type)}</h3>
<ul class="entities">${sortedByName(iris, l)
      .slice(0, LISTED_PER_TYPE)
      .map((i) => html`<li><a href="${l.href(i)}">${l.name(i)}</a></li>`)}</ul>
${iris.length > LISTED_PER_TYPE ? html`<p>… and ${(iris.length - LISTED_PER_TYPE).toLocaleString('en')} more: find them by name with /search?q=… or with the <a href="${l.path('sparql')}">SPARQL endpoint</a>.</p>` : ''}`,
  )}</section>
<section><h2>Example queries</h2><ul>${exampleQueries(m).map((e) => html`<li><a href="${l.path(`sparql?query=${encodeURIComponent(e.query)}`)}">${e.title}</a></li>`)}</ul></section>
<section><h2>Data</h2><ul>
<li>Every entity URI dereferences: <code>${m.resource('Busan')}</code> answers 303 to its page or its data (Turtle, JSON-LD, N-Triples, N-Quads, TriG, RDF/XML) by the Accept header.</li>
<li><a href="${l.path('ontology')}">The ontology</a> · <a href="${l.path('void')}">VoID/DCAT description</a> · <a href="${l.path('context.jsonld')}">JSON-LD context</a> · <a href="${l.path('sparql')}">SPARQL endpoint</a></li>
<li>Dumps: ${input.dumps.map((d, i) => html`${i ? ' · ' : ''}<a href="${l.path(`dumps/${d.name}`)}">${d.name}</a> (${d.body.length.toLocaleString('en')} bytes)`)}</li>
</ul></section>`;
  return layout({ title: 'Home', links: l, canonical: m.base, body });
}
