// GET /ontology[.ext]: the ontology document, negotiated (Turtle by default, HTML for browsers).
// Its terms are hash IRIs ({BASE}ontology#Term), so they dereference through it; the HTML view
// has an anchor per term.
import { Router } from 'express';
import type { Site } from '../../publication.js';
import { formatByExt } from '../../rdf/formats.js';
import { notAcceptable, notFound } from '../errors.js';
import { DOCUMENT_OFFERS, negotiate, offeredTypes } from '../negotiate.js';
import { dataCors, sendRepresentation } from '../send.js';
import { documentLinks, jsonLdKey } from './data.js';

export function ontologyRoutes(site: Site): Router {
  const router = Router();
  router.options(['/ontology', '/ontology.:ext'], dataCors);
  router.get(['/ontology', '/ontology.:ext'], dataCors, async (req, res, next) => {
    const { documents, graph, modified } = site.current;
    const prefix = graph.minter.ontology;
    const ext = req.params.ext as string | undefined;
    if (ext !== undefined && ext !== 'html' && !formatByExt(ext)) return next(notFound(`The ontology has no .${ext} format`));
    if (!ext || ext === 'jsonld') res.vary('Accept');
    const key = ext === 'jsonld' ? jsonLdKey(req) : ext ?? negotiate(req, DOCUMENT_OFFERS);
    if (!key) return next(notAcceptable(offeredTypes(DOCUMENT_OFFERS)));
    const shown = key === 'jsonld-expanded' ? 'jsonld' : key;
    const rep = (await documents.ontology()).get(key as never)!;
    sendRepresentation(req, res, rep, {
      modified,
      contentLocation: `${prefix}.${shown}`,
      links: [...documentLinks(prefix, shown, shown === 'html' ? undefined : `${prefix}.html`)],
    });
  });
  return router;
}
