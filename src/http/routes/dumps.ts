// GET /dumps/: the whole dataset as N-Quads, TriG and JSON-LD, with SHA256SUMS.
// The bytes were made once when the graph was published.
import { Router } from 'express';
import type { Site } from '../../publication.js';
import { notFound } from '../errors.js';

export function dumpRoutes(site: Site): Router {
  const router = Router();
  router.get('/dumps/', (req, res) => {
    const dumps = [...site.current.dumps.values()];
    const rows = dumps.map((d) => ({ name: d.name, url: new URL(d.name, site.current.graph.minter.base + 'dumps/').href, mediaType: d.mediaType, bytes: d.body.length, sha256: d.sha256 }));
    res.json({ dumps: rows });
  });
  router.get('/dumps/:name', (req, res, next) => {
    const dump = site.current.dumps.get(req.params.name);
    if (!dump) return next(notFound(`No dump named ${JSON.stringify(req.params.name)}; see /dumps/`));
    res.set({
      'Content-Type': dump.mediaType.startsWith('text/') || dump.mediaType.includes('n-quads') || dump.mediaType.includes('trig') ? `${dump.mediaType}; charset=utf-8` : dump.mediaType,
      ETag: `"${dump.sha256}"`,
      'Last-Modified': site.current.modified.toUTCString(),
      Digest: `sha-256=${Buffer.from(dump.sha256, 'hex').toString('base64')}`,
      'Content-Disposition': `attachment; filename="${dump.name}"`,
    });
    res.send(dump.body);
  });
  return router;
}
