// The keys a publication's documents are kept under: one per RDF format (and expanded JSON-LD),
// and the HTML page. Apart from documents.ts so the warm-up thread's protocol can name them.
import { RDF_KEYS, type RdfKey } from '../graph/descriptions.js';
import type { Representation } from '../rdf/representation.js';

export type DocumentKey = RdfKey | 'html';
export type Representations = Map<DocumentKey, Representation>;
export const DOCUMENT_KEYS: DocumentKey[] = [...RDF_KEYS, 'html'];
