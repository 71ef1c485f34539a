// Writing quads in each format of the table: n3 for Turtle, TriG, N-Triples and N-Quads,
// jsonld for JSON-LD (compacted with the published context), oxigraph for RDF/XML. Those two are
// loaded when first used: a server starts answering before it needs them.
import { Writer } from 'n3';
import { PREFIXES } from './namespaces.js';
import { defaultGraph, quad, type Quad } from './terms.js';
import type { RdfFormat } from './formats.js';

export interface SerializeOptions {
  /** Prefixes for Turtle/TriG, on top of the standard ones (e.g. the base's resource/ and ontology#). */
  prefixes?: Record<string, string>;
  /** JSON-LD @context to compact with; expanded JSON-LD when absent. */
  context?: object;
  /** IRI of the context document, written as "@context" instead of inlining it. */
  contextUrl?: string;
}

export async function serialize(quads: Quad[], format: RdfFormat, options: SerializeOptions = {}): Promise<string> {
  // Triple formats get the triples; the graph names are only in N-Quads and TriG.
  const data = format.quads ? quads : asTriples(quads);
  switch (format.ext) {
    case 'ttl':
    case 'trig':
    case 'nt':
    case 'nq':
      return writeN3(data, format, options.prefixes);
    case 'jsonld':
      return JSON.stringify(await toJsonLd(data, options), null, 2);
    case 'rdf':
      return toRdfXml(data);
    default:
      throw new Error(`no serializer for ${format.mediaType}`);
  }
}

function writeN3(quads: Quad[], format: RdfFormat, extra: Record<string, string> = {}): Promise<string> {
  const n3Format = { ttl: 'Turtle', trig: 'TriG', nt: 'N-Triples', nq: 'N-Quads' }[format.ext]!;
  const prefixes = n3Format === 'Turtle' || n3Format === 'TriG' ? { ...PREFIXES, ...extra } : {};
  return new Promise((resolve, reject) => {
    const writer = new Writer({ format: n3Format, prefixes });
    writer.addQuads(sortQuads(quads));
    writer.end((error, result: string) => (error ? reject(error) : resolve(result)));
  });
}

export async function toJsonLd(quads: Quad[], options: SerializeOptions = {}): Promise<object> {
  const { default: jsonld } = await import('jsonld');
  // The quads themselves (RDF/JS terms), not N-Quads text: jsonld's own N-Quads parser is some
  // many times slower than its conversion of RDF/JS terms.
  const expanded = await jsonld.fromRDF(sortQuads(quads) as never, { useNativeTypes: false });
  if (!options.context) return expanded;
  const compacted = await jsonld.compact(expanded, options.context as never);
  if (options.contextUrl) compacted['@context'] = options.contextUrl;
  return compacted;
}

// RDF/XML through oxigraph's writer: rdflib's nests a blank node object as a typed node inside
// rdf:parseType="Resource", which is not RDF/XML (rapper rejects it). The store is given the quads
// themselves: parsed from text, each blank node would get a random label (and the document a new
// ETag on every rendering); given as terms, it keeps the graph's own labels. Its writer follows
// the order the triples were given in: sorted, each subject's triples are written together.
async function toRdfXml(quads: Quad[]): Promise<string> {
  const { default: oxigraph } = await import('oxigraph');
  const store = new oxigraph.Store(sortQuads(quads) as never);
  return store.dump({ format: 'application/rdf+xml', from_graph_name: oxigraph.defaultGraph() });
}

/** Subjects together and in a stable order, so the same graph always gives the same bytes (and ETag). */
function sortQuads(quads: Quad[]): Quad[] {
  const key = (q: Quad) =>
    `${q.graph.value}\u0000${q.subject.termType === 'BlankNode' ? '~' : ''}${q.subject.value}\u0000${q.predicate.value}\u0000${q.object.value}`;
  return [...quads].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The quads as triples in the default graph: what a triple format holds. A triple stated in
 *  several claims is one triple once the graph names are dropped. */
export function asTriples(quads: Quad[]): Quad[] {
  return dedupeTriples(quads.map((q) => quad(q.subject, q.predicate, q.object, defaultGraph())));
}

function dedupeTriples(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const o = q.object;
    const key = `${q.subject.termType}:${q.subject.value} ${q.predicate.value} ${o.termType}:${o.value}@${o.termType === 'Literal' ? `${o.language}^^${o.datatype.value}` : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
