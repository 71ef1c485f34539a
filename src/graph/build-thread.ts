// The build, in a worker thread of its own (see build-off-thread.ts): it parses, checks and
// validates, sends the graph back as N-Quads, and exits, taking the memory of the build with it.
import { parentPort, workerData } from 'node:worker_threads';
import { Writer } from 'n3';
import { buildGraph, type BuildOptions } from './build.js';
import type { BuildThreadReply } from './build-off-thread.js';

const reply = (message: BuildThreadReply) => parentPort!.postMessage(message);

try {
  const graph = await buildGraph(workerData as BuildOptions);
  const writer = new Writer({ format: 'N-Quads' });
  const nquads = graph.quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object, q.graph)).join('');
  reply({ ok: true, nquads, source: graph.source.text, primaryTopic: graph.primaryTopic, builtAt: graph.builtAt.getTime(), buildMs: graph.buildMs });
} catch (e) {
  const error = e as Error;
  reply({ ok: false, name: error?.name ?? 'Error', message: error?.message ?? String(e) });
}
