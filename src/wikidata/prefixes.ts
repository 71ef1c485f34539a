// The prefixes query.wikidata.org declares for every query, so its queries can omit them
// (`SELECT ?p WHERE { wd:Q497046 wdt:P710 ?p }`). The SPARQL endpoint declares these before what
// it receives: SPARQL lets a later PREFIX redeclare an earlier one, so a query's own declarations
// still win, and nothing has to look inside the query text.
import { PREFIXES } from '../rdf/namespaces.js';
import { withPrologue, type Prologue } from '../query/analyze.js';

export const WDQS_PREFIXES = [
  'wd',
  'wdt',
  'p',
  'ps',
  'pq',
  'pr',
  'wikibase',
  'rdf',
  'rdfs',
  'xsd',
  'owl',
  'skos',
  'schema',
  'prov',
] as const;

export const WDQS_PROLOGUE = WDQS_PREFIXES.map((p) => `PREFIX ${p}: <${PREFIXES[p]}>`).join(' ');

/** The WDQS prefixes as a prologue: its text for the store, its table for the query's parser. */
export const WDQS: Prologue = {
  text: WDQS_PROLOGUE,
  prefixes: Object.fromEntries(WDQS_PREFIXES.map((p) => [p, PREFIXES[p]])),
};

/** The prologue goes on the query's first line, so a syntax error's line number stays the client's. */
export function withWdqsPrefixes(query: string): string {
  return withPrologue(query, WDQS);
}
