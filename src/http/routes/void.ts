// GET /void[.ext] and /.well-known/void (RFC 8615, as the VoID guide asks): the dataset's VoID and
// DCAT description, negotiated among the RDF formats.
import { Router } from 'express';
import type { Site } from '../../publication.js';
import { formatByExt } from '../../rdf/formats.js';
import { notAcceptable, notFound } from '../errors.js';
import { negotiate, offeredTypes, RDF_OFFERS } from '../negotiate.js';
import { dataCors, sendRepresentation } from '../send.js';
import { documentLinks, jsonLdKey } from './data.js';

export function voidRoutes(site: Site): Router {
  const router = Router();
  const paths = ['/void', '/void.:ext', '/.well-known/void'];
  router.options(paths, dataCors);
  router.get(paths, dataCors, async (req, res, next) => {
    const { documents, graph, modified } = site.current;
    const prefix = `${graph.minter.base}void`;
    const ext = req.params.ext as string | undefined;
    if (ext !== undefined && !formatByExt(ext)) return next(notFound(`The VoID description has no .${ext} format`));
    if (!ext || ext === 'jsonld') res.vary('Accept');
    const key = ext === 'jsonld' ? jsonLdKey(req) : ext ?? negotiate(req, RDF_OFFERS);
    if (!key) return next(notAcceptable(offeredTypes(RDF_OFFERS)));
    const shown = key === 'jsonld-expanded' ? 'jsonld' : key;
    sendRepresentation(req, res, (await documents.void()).get(key as never)!, {
      modified,
      contentLocation: `${prefix}.${shown}`,
      links: documentLinks(prefix, shown),
    });
  });
  return router;
}
