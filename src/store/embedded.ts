// The embedded store: oxigraph in this process. Its calls are synchronous, so anything that can
// run long belongs in the query worker pool; this class answers the short, bounded queries.
import oxigraph from 'oxigraph';
import type { Quad } from '../graph/rdf-terms.js';
import { toN3Quad } from '../graph/rdf-terms.js';
import type { GraphStore, QueryOptions, QueryResult } from './store.js';

export class EmbeddedStore implements GraphStore {
  readonly kind = 'embedded' as const;
  private store = new oxigraph.Store();

  async replace(quads: Quad[]): Promise<void> {
    const next = new oxigraph.Store();
    for (const q of quads) next.add(oxigraph.fromQuad(q as never));
    this.store = next;
  }

  async query(query: string, options: QueryOptions): Promise<QueryResult> {
    const body = this.store.query(query, { results_format: options.resultsFormat, ...datasetOptions(options) });
    return { body: String(body), mediaType: options.resultsFormat };
  }

  async construct(query: string): Promise<Quad[]> {
    const result = this.store.query(query, { use_default_graph_as_union: true });
    if (!Array.isArray(result)) throw new Error('not a CONSTRUCT or DESCRIBE query');
    return (result as oxigraph.Quad[]).map((q) => toN3Quad(q as never));
  }

  async ping(): Promise<boolean> {
    return this.store.query('ASK {}') === true;
  }

  async close(): Promise<void> {}

  /** The oxigraph store itself, for the worker pool to copy. */
  dump(format = 'application/n-quads'): string {
    return this.store.dump({ format });
  }
}

export function datasetOptions(options: Pick<QueryOptions, 'defaultGraphUris' | 'namedGraphUris'>) {
  const defaults = options.defaultGraphUris ?? [];
  const named = options.namedGraphUris ?? [];
  if (!defaults.length && !named.length) return { use_default_graph_as_union: true };
  return {
    ...(defaults.length ? { default_graph: defaults.map((g) => oxigraph.namedNode(g)) } : { default_graph: [] }),
    ...(named.length ? { named_graphs: named.map((g) => oxigraph.namedNode(g)) } : {}),
  };
}
