// GET /source/siege-of-busanjin: the article's text as it was quoted, as text/plain, so the
// sentence IRIs (RFC 5147 fragments, #char=S,E) dereference to the text they count into.
import { ARTICLE } from '../../graph/provenance.js';
import { linkHeader, representationReply, type Reply } from '../reply.js';
import type { RequestContext } from '../router.js';

export const SOURCE_PATH = `/source/${ARTICLE}`;

export function source(ctx: RequestContext): Reply {
  const { documents, graph, modified } = ctx.pub;
  return representationReply(ctx, documents.source, {
    modified,
    contentLocation: graph.minter.source(ARTICLE),
    link: linkHeader([
      { href: 'https://en.wikipedia.org/wiki/Siege_of_Busanjin', rel: 'via' },
      { href: 'https://creativecommons.org/licenses/by-sa/4.0/', rel: 'license' },
    ]),
  });
}
