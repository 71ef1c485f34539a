// GET /ontology[.ext]: the ontology document, negotiated (Turtle by default, HTML for browsers).
// Its terms are hash IRIs ({BASE}ontology#Term), so they dereference through it; the HTML view
// has an anchor per term.
import { formatByExt } from '../../rdf/formats.js';
import { notAcceptable, notFound } from '../errors.js';
import { DOCUMENT_OFFERS, negotiate, offeredTypes } from '../negotiate.js';
import { linkHeader, representationReply, type Reply } from '../reply.js';
import type { RequestContext } from '../router.js';
import { documentLinks, jsonLdKey } from './data.js';

export async function ontology(ctx: RequestContext): Promise<Reply> {
  const { documents, graph, modified } = ctx.pub;
  const prefix = graph.minter.ontology;
  const ext = ctx.params.ext;
  if (ext !== undefined && ext !== 'html' && !formatByExt(ext)) throw notFound(`The ontology has no .${ext} format`);
  const key = ext === 'jsonld' ? jsonLdKey(ctx) : (ext ?? negotiate(ctx, DOCUMENT_OFFERS));
  if (!key) throw notAcceptable(offeredTypes(DOCUMENT_OFFERS));
  const shown = key === 'jsonld-expanded' ? 'jsonld' : key;
  const rep = (await documents.ontology()).get(key as never)!;
  return representationReply(ctx, rep, {
    modified,
    contentLocation: `${prefix}.${shown}`,
    link: linkHeader(documentLinks(prefix, shown, shown === 'html' ? undefined : `${prefix}.html`)),
    vary: !ext || ext === 'jsonld' ? ['Accept'] : [],
  });
}
