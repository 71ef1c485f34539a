// GET /: the landing page, and GET /assets/site.css, the one stylesheet of the pages.
import { Router } from 'express';
import type { Site } from '../../publication.js';
import { sendRepresentation } from '../send.js';

export function landingRoutes(site: Site): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { documents, graph, modified } = site.current;
    sendRepresentation(req, res, await documents.landing(), {
      modified,
      links: [
        { href: `${graph.minter.base}void`, rel: 'describedby', type: 'text/turtle' },
        { href: `${graph.minter.base}sparql`, rel: 'http://www.w3.org/ns/sparql-service-description#endpoint' },
      ],
    });
  });
  router.get('/assets/site.css', (req, res) => {
    sendRepresentation(req, res, site.current.documents.stylesheet, { modified: site.current.modified });
  });
  return router;
}
