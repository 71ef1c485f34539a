// GET /source/siege-of-busanjin: the article's text as it was quoted, as text/plain, so the
// sentence IRIs (RFC 5147 fragments, #char=S,E) dereference to the text they count into.
import { Router } from 'express';
import { ARTICLE } from '../../graph/provenance.js';
import type { Site } from '../../publication.js';
import { dataCors, sendRepresentation } from '../send.js';

export function sourceRoutes(site: Site): Router {
  const router = Router();
  const path = `/source/${ARTICLE}`;
  router.options(path, dataCors);
  router.get(path, dataCors, (req, res) => {
    const { documents, graph, modified } = site.current;
    sendRepresentation(req, res, documents.source, {
      modified,
      contentLocation: graph.minter.source(ARTICLE),
      links: [
        { href: 'https://en.wikipedia.org/wiki/Siege_of_Busanjin', rel: 'via' },
        { href: 'https://creativecommons.org/licenses/by-sa/4.0/', rel: 'license' },
      ],
    });
  });
  return router;
}
