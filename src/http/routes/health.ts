// GET /healthz: 200 while the store answers; 503 "degraded" otherwise (the documents, search and
// reconciliation still answer from memory; SPARQL does not).
import { Router } from 'express';
import type { Site } from '../../publication.js';

export function healthRoutes(site: Site): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const { store, graph } = site.current;
    const ok = await store.ping().catch(() => false);
    res.status(ok ? 200 : 503).set('Cache-Control', 'no-store').json({
      status: ok ? 'ok' : 'degraded',
      store: store.kind,
      quads: graph.quads.length,
      builtAt: graph.builtAt.toISOString(),
    });
  });
  return router;
}
