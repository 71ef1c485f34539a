// Which media type a SPARQL answer is written in: the `format` parameter first (for browsers,
// which cannot set Accept), then the Accept header; no Accept or */* gives the first offered.
import Negotiator from 'negotiator';
import type { IncomingMessage } from 'node:http';
import { notAcceptable } from '../http/errors.js';
import { RDF_FORMATS } from '../rdf/formats.js';

export const RESULT_TYPES = ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values'];
export const GRAPH_TYPES = RDF_FORMATS.map((f) => f.mediaType);

/** Short names for the `format` parameter (full media types are accepted too). */
const FORMAT_NAMES: Record<string, string> = {
  json: 'application/sparql-results+json', srj: 'application/sparql-results+json',
  xml: 'application/sparql-results+xml', srx: 'application/sparql-results+xml',
  csv: 'text/csv', tsv: 'text/tab-separated-values',
  ttl: 'text/turtle', turtle: 'text/turtle', nt: 'application/n-triples', ntriples: 'application/n-triples',
  nq: 'application/n-quads', nquads: 'application/n-quads', trig: 'application/trig',
  jsonld: 'application/ld+json', 'json-ld': 'application/ld+json', rdf: 'application/rdf+xml', rdfxml: 'application/rdf+xml',
};

/** Media types clients send for what we offer under another name. */
const ALIASES: Record<string, string> = {
  'application/json': 'application/sparql-results+json',
  'application/xml': 'application/sparql-results+xml',
  'text/xml': 'application/sparql-results+xml',
  ...Object.fromEntries(RDF_FORMATS.flatMap((f) => f.aliases.filter((a) => !a.includes('xml')).map((a) => [a, f.mediaType]))),
  'application/x-turtle': 'text/turtle',
};

export function negotiate(req: Pick<IncomingMessage, 'headers'>, offered: string[], format?: string): string {
  if (format !== undefined) {
    const type = FORMAT_NAMES[format.toLowerCase()] ?? ALIASES[format.toLowerCase()] ?? format.toLowerCase();
    if (offered.includes(type)) return type;
    throw notAcceptable(offered);
  }
  const accept = req.headers.accept?.trim();
  if (!accept) return offered[0]!;
  // Clients send the same few Accept headers again and again: each is negotiated once per list.
  let chosenFor = CHOSEN.get(offered);
  if (!chosenFor) CHOSEN.set(offered, (chosenFor = new Map()));
  const known = chosenFor.get(accept);
  if (known) return known;
  const aliases = Object.entries(ALIASES).filter(([, to]) => offered.includes(to)).map(([from]) => from);
  const chosen = new Negotiator(req).mediaType([...offered, ...aliases]);
  if (!chosen) throw notAcceptable(offered);
  const type = offered.includes(chosen) ? chosen : ALIASES[chosen]!;
  if (chosenFor.size >= 256) chosenFor.clear();
  chosenFor.set(accept, type);
  return type;
}

/** Per list of offered types (the routes' constant lists), the type chosen for each Accept header seen. */
const CHOSEN = new WeakMap<readonly string[], Map<string, string>>();
