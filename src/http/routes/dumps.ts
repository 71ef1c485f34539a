// GET /dumps/: the whole dataset as N-Quads, TriG and JSON-LD, with SHA256SUMS; their sizes and
// checksums are also in the VoID/DCAT description. The bytes are made once per publication, when first asked for.
import { Router } from 'express';
import type { Site } from '../../publication.js';
import type { Dump } from '../../graph/dumps.js';
import { representation, type Representation } from '../../rdf/representation.js';
import { notFound } from '../errors.js';
import { dataCors, sendRepresentation } from '../send.js';

/** Content-Type of a dump: RDF text formats say their charset; JSON-LD is UTF-8 by definition. */
function dumpContentType(mediaType: string): string {
  return mediaType === 'application/ld+json' ? mediaType : `${mediaType}; charset=utf-8`;
}

export function dumpRoutes(site: Site): Router {
  const router = Router();
  // One representation per dump, made when a publication is first served and kept with it.
  const cache = new WeakMap<object, Map<string, Representation>>();
  const representations = (dumps: Map<string, Dump>) => {
    let reps = cache.get(dumps);
    if (!reps) {
      reps = new Map([...dumps.values()].map((d) => [d.name, { ...representation(dumpContentType(d.mediaType), d.body), etag: `"${d.sha256}"` }]));
      cache.set(dumps, reps);
    }
    return reps;
  };
  router.options(['/dumps/', '/dumps/:name'], dataCors);
  router.get('/dumps/', dataCors, async (req, res) => {
    const dumps = [...(await site.current.documents.dumps()).values()];
    const rows = dumps.map((d) => ({ name: d.name, url: new URL(d.name, site.current.graph.minter.base + 'dumps/').href, mediaType: d.mediaType, bytes: d.body.length, sha256: d.sha256 }));
    res.json({ dumps: rows, description: `${site.current.graph.minter.base}void` });
  });
  router.get('/dumps/:name', dataCors, async (req, res, next) => {
    const pub = site.current;
    const dumps = await pub.documents.dumps();
    const dump = dumps.get(req.params.name);
    const rep = representations(dumps).get(req.params.name);
    if (!dump || !rep) return next(notFound(`No dump named ${JSON.stringify(req.params.name)}; see /dumps/`));
    res.set({
      Digest: `sha-256=${Buffer.from(dump.sha256, 'hex').toString('base64')}`,
      'Content-Disposition': `attachment; filename="${dump.name}"`,
    });
    sendRepresentation(req, res, rep, { modified: pub.modified });
  });
  return router;
}
