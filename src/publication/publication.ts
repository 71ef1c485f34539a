// A publication is one built graph with everything derived from it that the server serves:
// the store loaded with it, the documents (dumps included), the JSON-LD context, the search index.
// The app reads the current one per request, so a reload swaps it in one assignment and no
// response mixes two graphs.
import type { BuiltGraph } from '../graph/build.js';
import { graphNames } from '../graph/graph-names.js';
import { jsonLdContext } from '../graph/context.js';
import type { GraphStore } from '../store/store.js';
import { SearchIndex } from '../graph/search-index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { linkedDataDocuments, type LinkedDataDocuments } from './documents.js';
import type { Logger } from 'pino';

export interface Publication {
  graph: BuiltGraph;
  store: GraphStore;
  context: { '@context': Record<string, unknown> };
  /** When the graph was built: Last-Modified of every document. */
  modified: Date;
  /** Names of every labelled entity, folded for /search and /reconcile. */
  search: SearchIndex;
  /** Every linked-data document (entity descriptions, pages, ontology, VoID, dumps), each rendered once. */
  documents: LinkedDataDocuments;
}

export interface PublishOptions {
  /** Bytes of entity documents kept in memory (see http/documents.ts). */
  documentCacheBytes: number;
}

export const DEFAULT_PUBLISH_OPTIONS: PublishOptions = { documentCacheBytes: 64 * 1024 * 1024 };

// Read from src/ in both tsx and compiled runs: tsc does not copy assets to dist/.
const STYLESHEET = join(PROJECT_ROOT, 'src', 'views', 'site.css');

/** Loads the store and indexes the graph. Documents are rendered later: see `documents.warm()`. */
export async function publish(
  graph: BuiltGraph,
  store: GraphStore,
  options: PublishOptions = DEFAULT_PUBLISH_OPTIONS,
): Promise<Publication> {
  const ontologyGraph = graphNames(graph.minter).ontology;
  const context = jsonLdContext(
    graph.quads.filter((q) => q.graph.value === ontologyGraph),
    graph.minter,
  );
  await store.replace(graph.quads);
  const search = SearchIndex.fromQuads(graph.quads, graph.minter.resource(''));
  const documents = linkedDataDocuments(graph, context, readFileSync(STYLESHEET), { cacheBytes: options.documentCacheBytes });
  return { graph, store, context, modified: graph.builtAt, search, documents };
}

/** Renders the publication's documents after it is served (see LinkedDataDocuments.warm): the
 *  server answers meanwhile, rendering on request whatever is asked for first. */
export function warmInBackground(site: CurrentPublication, logger?: Pick<Logger, 'info' | 'error'>): void {
  const pub = site.current;
  const started = performance.now();
  // A publication replaced meanwhile (a reload) stops: its documents would never be served.
  pub.documents
    .warm(() => site.current === pub)
    .then(
      () =>
        logger?.info(
          { ms: Math.round(performance.now() - started), documentBytes: pub.documents.entities.heldBytes },
          'documents rendered',
        ),
      (e: unknown) =>
        logger?.error({ error: String((e as Error)?.stack ?? e) }, 'rendering the documents failed; they are rendered on request'),
    );
}

/** Holds the publication being served; replaced atomically on reload. */
export class CurrentPublication {
  constructor(public current: Publication) {}
}
