// Example queries in Wikidata's own vocabulary, for the query page and the README. Each runs
// unchanged on query.wikidata.org and here (where the view graph answers it); the tests run them all.
// Only identifiers from the evidence list appear (a test checks this file too).
import { withWdqsPrefixes } from './prefixes.js';

export interface ExampleQuery {
  id: string;
  title: string;
  query: string;
}

export const WIKIDATA_EXAMPLES: readonly ExampleQuery[] = [
  {
    id: 'participants',
    title: 'Participants in the Siege of Busan (wd:Q497046)',
    query: 'SELECT ?p WHERE { wd:Q497046 wdt:P710 ?p }',
  },
  {
    id: 'participants-labelled',
    title: 'Participants, with their labels',
    query: `SELECT ?p ?label WHERE {
  wd:Q497046 wdt:P710 ?p .
  ?p rdfs:label ?label . FILTER(LANG(?label) = "en")
}`,
  },
  {
    id: 'battles-of-the-imjin-war',
    title: 'Battles that are part of the Imjin War (wd:Q576338), with their dates',
    query: `SELECT ?battle ?date WHERE {
  ?battle wdt:P31/wdt:P279* ?class ; wdt:P361 wd:Q576338 .
  VALUES ?class { wd:Q178561 wd:Q188055 }
  OPTIONAL { ?battle wdt:P585 ?date }
}`,
  },
  {
    id: 'events-of-the-day',
    title: 'The events of 24 May 1592 that are part of the siege',
    query: `SELECT ?event ?label WHERE {
  ?event wdt:P361 wd:Q497046 ; wdt:P585 ?date .
  FILTER(?date = "1592-05-24T00:00:00Z"^^xsd:dateTime)
  OPTIONAL { ?event rdfs:label ?label }
}`,
  },
  {
    id: 'people-in-the-siege',
    title: 'People whose conflict (P607) was the siege',
    query: 'SELECT ?person WHERE { ?person wdt:P607 wd:Q497046 }',
  },
  {
    id: 'deaths-with-reference',
    title: 'Number of deaths (P1120) with its statement and reference',
    query: `SELECT ?deaths ?statement ?reference WHERE {
  wd:Q497046 p:P1120 ?statement .
  ?statement ps:P1120 ?deaths ; prov:wasDerivedFrom ?reference .
}`,
  },
  {
    id: 'located-in-busan',
    title: 'Places located in Busan (wd:Q16520)',
    query: 'SELECT ?place WHERE { ?place wdt:P131 wd:Q16520 }',
  },
];

/** An example with the prefixes WDQS would have declared, for an endpoint that does not declare them. */
export function runnable(example: ExampleQuery): string {
  return withWdqsPrefixes(example.query);
}
