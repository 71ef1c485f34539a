// GET /healthz: 200 while the store answers; 503 "degraded" otherwise (the documents, search and
// reconciliation still answer from memory; SPARQL does not).
import { jsonReply, type Reply } from '../reply.js';
import type { RequestContext } from '../router.js';

export async function health(ctx: RequestContext): Promise<Reply> {
  const { store, graph } = ctx.pub;
  const ok = await store.ping().catch(() => false);
  return jsonReply(
    {
      status: ok ? 'ok' : 'degraded',
      store: store.kind,
      quads: graph.quads.length,
      builtAt: graph.builtAt.toISOString(),
    },
    { 'Cache-Control': 'no-store' },
    ok ? 200 : 503,
  );
}
