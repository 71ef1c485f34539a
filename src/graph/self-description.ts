// What a document says of itself: which thing it is about, under which licence, from which
// dataset. A client that fetched one document (and kept nothing else) can still tell where its
// triples came from and whether it may republish them: the article is CC BY-SA 4.0, and so is
// everything derived from it.
import { type Minter, PREFIXES, dct, foaf, rdf } from '../rdf/namespaces.js';
import { iri, quad, type Quad } from '../rdf/terms.js';
import { ARTICLE_LICENSE, voidIris } from './void.js';

export interface SelfDescription {
  /** The document's own IRI: the URL that negotiates among its formats. */
  document: string;
  /** What it is about (foaf:primaryTopic); absent for a document that is its own topic (the ontology). */
  topic?: string;
}

/** A few default-graph triples about one document: every format carries them, triples and quads alike. */
export function selfDescription(d: SelfDescription, m: Minter): Quad[] {
  const doc = iri(d.document);
  return [
    quad(doc, iri(rdf('type')), iri(foaf('Document'))),
    ...(d.topic ? [quad(doc, iri(foaf('primaryTopic')), iri(d.topic))] : []),
    quad(doc, iri(dct('license')), iri(ARTICLE_LICENSE)),
    quad(doc, iri(`${PREFIXES.void}inDataset`), iri(voidIris(m).dataset)),
  ];
}
