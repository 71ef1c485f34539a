// Which media type a SPARQL answer is written in: the `format` parameter first (for browsers,
// which cannot set Accept; `output` and `results` are other endpoints' names for it), then the
// Accept header, through the app's one negotiator. A format parameter that does not fit the
// query's form (SPARQLWrapper sends `format=xml` with its CONSTRUCTs) is read as that form's
// format of the same name, as Virtuoso and Fuseki read it, or else left to the Accept header: a
// request that can be satisfied is never refused for a parameter.
import type { IncomingHttpHeaders } from 'node:http';
import { notAcceptableHere } from '../client-error.js';
import { RDF_FORMATS } from '../rdf/formats.js';
import { negotiate as negotiateOffers, typeOffers, type Offer } from './negotiate.js';

export const RESULT_TYPES = ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values'];
export const GRAPH_TYPES = RDF_FORMATS.map((f) => f.mediaType);

/** Short names for the `format` parameter, per kind of answer (full media types are accepted too). */
const RESULT_NAMES: Record<string, string> = {
  json: 'application/sparql-results+json',
  srj: 'application/sparql-results+json',
  xml: 'application/sparql-results+xml',
  srx: 'application/sparql-results+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
};
const GRAPH_NAMES: Record<string, string> = {
  ttl: 'text/turtle',
  turtle: 'text/turtle',
  n3: 'text/turtle',
  nt: 'application/n-triples',
  ntriples: 'application/n-triples',
  'n-triples': 'application/n-triples',
  nq: 'application/n-quads',
  nquads: 'application/n-quads',
  trig: 'application/trig',
  jsonld: 'application/ld+json',
  'json-ld': 'application/ld+json',
  json: 'application/ld+json',
  rdf: 'application/rdf+xml',
  rdfxml: 'application/rdf+xml',
  'rdf+xml': 'application/rdf+xml',
  xml: 'application/rdf+xml',
};

/** Media types clients send for what we offer under another name. */
const RESULT_ALIASES: Record<string, string> = {
  'application/json': 'application/sparql-results+json',
  'application/xml': 'application/sparql-results+xml',
  'text/xml': 'application/sparql-results+xml',
};
const GRAPH_ALIASES: Record<string, string> = Object.fromEntries(RDF_FORMATS.flatMap((f) => f.aliases.map((a) => [a, f.mediaType])));

const OFFERS = new Map<readonly string[], Offer<string>[]>();
function offersFor(offered: readonly string[]): Offer<string>[] {
  let offers = OFFERS.get(offered);
  if (!offers) {
    const aliases = offered.includes(RESULT_TYPES[0]!) ? RESULT_ALIASES : GRAPH_ALIASES;
    OFFERS.set(offered, (offers = typeOffers(offered, aliases)));
  }
  return offers;
}

/** The type to answer in, among `offered` (RESULT_TYPES or GRAPH_TYPES, or a list of the route's). */
export function negotiate(req: { headers: IncomingHttpHeaders }, offered: readonly string[], format?: string): string {
  if (format !== undefined) {
    const name = format.trim().toLowerCase();
    const names = offered.includes(RESULT_TYPES[0]!) ? RESULT_NAMES : GRAPH_NAMES;
    const aliases = offered.includes(RESULT_TYPES[0]!) ? RESULT_ALIASES : GRAPH_ALIASES;
    const type = names[name] ?? aliases[name] ?? name;
    if (offered.includes(type)) return type;
  }
  const type = negotiateOffers(req, offersFor(offered));
  if (!type) throw notAcceptableHere(offered);
  return type;
}
