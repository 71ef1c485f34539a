// GET /void[.ext] and /.well-known/void (RFC 8615, as the VoID guide asks): the dataset's VoID and
// DCAT description, negotiated among the RDF formats (Turtle by default) and HTML for browsers.
import { formatByExt } from '../../rdf/formats.js';
import { notAcceptable, notFound } from '../errors.js';
import { DOCUMENT_OFFERS, negotiate, offeredTypes } from '../negotiate.js';
import { linkHeader, representationReply, type Reply } from '../reply.js';
import type { RequestContext } from '../router.js';
import { documentLinks, jsonLdKey } from './data.js';

export async function voidDescription(ctx: RequestContext): Promise<Reply> {
  const { documents, graph, modified } = ctx.pub;
  const prefix = `${graph.minter.base}void`;
  const ext = ctx.params.ext;
  if (ext !== undefined && ext !== 'html' && !formatByExt(ext)) throw notFound(`The VoID description has no .${ext} format`);
  const key = ext === 'jsonld' ? jsonLdKey(ctx) : (ext ?? negotiate(ctx, DOCUMENT_OFFERS));
  if (!key) throw notAcceptable(offeredTypes(DOCUMENT_OFFERS));
  const shown = key === 'jsonld-expanded' ? 'jsonld' : key;
  return representationReply(ctx, (await documents.void()).get(key as never)!, {
    modified,
    contentLocation: `${prefix}.${shown}`,
    link: linkHeader(documentLinks(prefix, shown, shown === 'html' ? undefined : `${prefix}.html`)),
    vary: !ext || ext === 'jsonld' ? ['Accept'] : [],
  });
}
