// GET /: the landing page, and GET /assets/site.css, the one stylesheet of the pages.
import { linkHeader, representationReply, type Reply } from '../reply.js';
import type { RequestContext } from '../router.js';

export async function landing(ctx: RequestContext): Promise<Reply> {
  const { documents, graph, modified } = ctx.pub;
  return representationReply(ctx, await documents.landing(), {
    modified,
    link: linkHeader([
      { href: `${graph.minter.base}void`, rel: 'describedby', type: 'text/turtle' },
      { href: `${graph.minter.base}sparql`, rel: 'http://www.w3.org/ns/sparql-service-description#endpoint' },
    ]),
  });
}

export function stylesheet(ctx: RequestContext): Reply {
  return representationReply(ctx, ctx.pub.documents.stylesheet, { modified: ctx.pub.modified });
}
