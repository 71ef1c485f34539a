// A publication is one built graph with everything derived from it that the server serves:
// the store loaded with it, the dumps, the JSON-LD context. The app reads the current one per
// request, so a reload swaps it in one assignment and no response mixes two graphs.
import type { BuiltGraph } from './graph/build.js';
import { graphNames } from './graph/build.js';
import { jsonLdContext } from './graph/context.js';
import { makeDumps, type Dump } from './graph/dumps.js';
import type { GraphStore } from './store/store.js';

export interface Publication {
  graph: BuiltGraph;
  store: GraphStore;
  dumps: Map<string, Dump>;
  context: { '@context': Record<string, unknown> };
  /** When the graph was built: Last-Modified of every document. */
  modified: Date;
}

export async function publish(graph: BuiltGraph, store: GraphStore): Promise<Publication> {
  const ontologyGraph = graphNames(graph.minter).ontology;
  const context = jsonLdContext(graph.quads.filter((q) => q.graph.value === ontologyGraph), graph.minter);
  const dumps = await makeDumps(graph.quads, graph.minter, context);
  await store.replace(graph.quads);
  return { graph, store, dumps: new Map(dumps.map((d) => [d.name, d])), context, modified: graph.builtAt };
}

/** Holds the publication being served; replaced atomically on reload. */
export class Site {
  constructor(public current: Publication) {}
}
