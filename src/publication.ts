// A publication is one built graph with everything derived from it that the server serves:
// the store loaded with it, the dumps, the JSON-LD context. The app reads the current one per
// request, so a reload swaps it in one assignment and no response mixes two graphs.
import type { BuiltGraph } from './graph/build.js';
import { graphNames } from './graph/build.js';
import { jsonLdContext } from './graph/context.js';
import { makeDumps, type Dump } from './graph/dumps.js';
import type { GraphStore } from './store/store.js';
import { SearchIndex } from './graph/search-index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './config.js';
import { linkedDataDocuments, type LinkedDataDocuments } from './http/documents.js';

export interface Publication {
  graph: BuiltGraph;
  store: GraphStore;
  dumps: Map<string, Dump>;
  context: { '@context': Record<string, unknown> };
  /** When the graph was built: Last-Modified of every document. */
  modified: Date;
  /** Names of every labelled entity, folded for /search and /reconcile. */
  search: SearchIndex;
  /** Every linked-data document (entity descriptions, pages, ontology, VoID), computed once. */
  documents: LinkedDataDocuments;
}

// Read from src/ in both tsx and compiled runs: tsc does not copy assets to dist/.
const STYLESHEET = join(PROJECT_ROOT, 'src', 'http', 'assets', 'site.css');

export async function publish(graph: BuiltGraph, store: GraphStore): Promise<Publication> {
  const ontologyGraph = graphNames(graph.minter).ontology;
  const context = jsonLdContext(graph.quads.filter((q) => q.graph.value === ontologyGraph), graph.minter);
  const dumps = await makeDumps(graph.quads, graph.minter, context);
  await store.replace(graph.quads);
  const search = SearchIndex.fromQuads(graph.quads, graph.minter.resource(''));
  const documents = await linkedDataDocuments(graph, context, dumps, readFileSync(STYLESHEET));
  return { graph, store, dumps: new Map(dumps.map((d) => [d.name, d])), context, modified: graph.builtAt, search, documents };
}

/** Holds the publication being served; replaced atomically on reload. */
export class Site {
  constructor(public current: Publication) {}
}
