// Where the graph lives. One interface, so every route works the same over the embedded
// oxigraph store (default) and over a remote SPARQL 1.1 endpoint.
import type { Quad } from '../graph/rdf-terms.js';

export interface QueryOptions {
  /** Dataset of the query (SPARQL protocol's default-graph-uri / named-graph-uri). When both are
   *  absent, the default graph is the union of all graphs. */
  defaultGraphUris?: string[];
  namedGraphUris?: string[];
  /** Media type of the serialized results (SELECT/ASK: SPARQL results; CONSTRUCT/DESCRIBE: RDF). */
  resultsFormat: string;
  timeoutMs?: number;
}

export interface QueryResult {
  body: string;
  mediaType: string;
}

export interface GraphStore {
  readonly kind: 'embedded' | 'remote';
  /** Replaces the whole content with these quads. */
  replace(quads: Quad[]): Promise<void>;
  /** Runs a read-only SPARQL query and returns its serialized results. */
  query(query: string, options: QueryOptions): Promise<QueryResult>;
  /** Runs a CONSTRUCT/DESCRIBE (over the union graph) and returns the triples. */
  construct(query: string): Promise<Quad[]>;
  /** True when the store answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
