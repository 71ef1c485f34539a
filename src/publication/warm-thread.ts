// The warm-up's thread (see warm-off-thread.ts): it renders every document of the publication that
// fits in the cache, answering the server's requests for single documents in between, sends all
// of them back, and is ended by the server, taking the serializers and their garbage with it.
import { parentPort, workerData } from 'node:worker_threads';
import { fromSerialized } from '../graph/build-off-thread.js';
import { linkedDataDocuments } from './documents.js';
import type { WarmInput, WarmRequest, WarmThreadMessage } from './warm-off-thread.js';

const input = workerData as WarmInput;
const post = (message: WarmThreadMessage) => parentPort!.postMessage(message);
const messageOf = (e: unknown) => String((e as Error)?.message ?? e);

try {
  const graph = fromSerialized(input.build, { base: input.base });
  const documents = linkedDataDocuments(graph, input.context, Buffer.from(input.stylesheet), { cacheBytes: input.cacheBytes });
  parentPort!.on('message', ({ id, slug, key }: WarmRequest) => {
    // Entity slugs never hold a "/", minted names always do but one (shapes), which no entity has.
    (documents.entities.has(slug) ? documents.entities : documents.minted()).get(slug, key).then(
      ({ rep }) => post({ type: 'rendered', id, rep }),
      (e: unknown) => post({ type: 'failed', id, message: messageOf(e) }),
    );
  });
  await documents.renderAll();
  const held = await documents.held();
  // In batches: one message holding every document would be copied whole at once, twice the
  // cache's size (up to DOCUMENT_CACHE_MB) held in both threads for a moment.
  for (let i = 0; i < held.entities.length; i += 64) post({ type: 'entities', entries: held.entities.slice(i, i + 64) });
  post({ type: 'warmed', held: { ...held, entities: [] } });
} catch (e) {
  post({ type: 'error', message: messageOf(e) });
}
