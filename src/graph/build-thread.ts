// The build, in a worker thread of its own (see build-off-thread.ts): it parses, checks and
// validates, sends the graph back as N-Quads, and exits, taking the memory of the build with it.
import { parentPort, workerData } from 'node:worker_threads';
import { buildGraph, type BuildOptions } from './build.js';
import { serializeBuild, type BuildThreadReply } from './build-off-thread.js';

const reply = (message: BuildThreadReply) => parentPort!.postMessage(message);

try {
  const graph = await buildGraph(workerData as BuildOptions);
  reply({ ok: true, ...serializeBuild(graph) });
} catch (e) {
  const error = e as Error;
  reply({ ok: false, name: error?.name ?? 'Error', message: error?.message ?? String(e) });
}
