// The five SPARQL queries of the SPARQL issue, in the article's ontology, so the same text runs at
// the article graph and at the synthetic graph, against our /sparql and Virtuoso's.
import { Parser } from 'n3';
import type { Target } from './cannon.js';

export interface BenchQuery {
  name: string;
  query: string;
  accept: string;
}

const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';

/** `entity`: the IRI the single-entity CONSTRUCT describes; `word`: the CONTAINS needle. */
export function benchQueries(base: string, entity: string, word: string): BenchQuery[] {
  const prefixes = `PREFIX bo: <${base}ontology#> PREFIX rdfs: <${RDFS}> PREFIX skos: <${SKOS}>\n`;
  const select = 'application/sparql-results+json';
  return [
    {
      name: 'CONSTRUCT one entity',
      accept: 'text/turtle',
      query: `${prefixes}CONSTRUCT { <${entity}> ?p ?o } WHERE { <${entity}> ?p ?o }`,
    },
    {
      name: 'join + FILTER',
      accept: select,
      query: `${prefixes}SELECT ?event ?whole ?n WHERE { ?event bo:partOf ?whole . ?event bo:sequence ?n . FILTER(?n > 2) }`,
    },
    {
      name: 'COUNT … GROUP BY',
      accept: select,
      query: `${prefixes}SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type . ?s rdfs:label ?label } GROUP BY ?type`,
    },
    {
      name: 'OPTIONAL + ORDER BY + LIMIT',
      accept: select,
      query: `${prefixes}SELECT ?person ?label ?alt WHERE { ?person a bo:Person . ?person rdfs:label ?label OPTIONAL { ?person skos:altLabel ?alt } } ORDER BY ?label LIMIT 20`,
    },
    {
      name: 'CONTAINS',
      accept: select,
      query: `${prefixes}SELECT ?s ?label WHERE { ?s rdfs:label ?label . FILTER(CONTAINS(LCASE(STR(?label)), "${word}")) }`,
    },
  ];
}

/** A form-encoded POST of the query, as a SPARQL 1.1 protocol client sends it. */
export function sparqlTarget(endpoint: string, q: BenchQuery): Target {
  return {
    url: endpoint,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: q.accept },
    body: new URLSearchParams({ query: q.query }).toString(),
  };
}

/** Sends the query once and counts what came back (rows, or triples): both stores must agree. */
export async function answerSize(endpoint: string, q: BenchQuery): Promise<number> {
  const t = sparqlTarget(endpoint, q);
  const res = await fetch(t.url, { method: 'POST', headers: t.headers!, body: t.body!, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${endpoint} answered ${res.status} to "${q.name}": ${text.slice(0, 300)}`);
  if (q.accept === 'text/turtle') return new Parser({ format: 'Turtle' }).parse(text).length;
  return (JSON.parse(text) as { results: { bindings: unknown[] } }).results.bindings.length;
}
