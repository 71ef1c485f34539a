// GET /page/{Slug}: the entity's HTML page, from memory once rendered.
import type { Publication } from '../../publication/publication.js';
import type { Reply, RequestFacts } from '../reply.js';
import { documentLinks, entityRepresentation } from './data.js';
import { findEntity } from './resource.js';

export function pageReply(pub: Publication, requested: string, req: RequestFacts): Reply | Promise<Reply> {
  const { graph } = pub;
  const base = graph.minter.base;
  const found = findEntity(pub, requested, (canonical) => `${base}page/${canonical}`);
  if ('response' in found) return found.response;
  const { slug } = found;
  const page = `${base}page/${slug}`;
  return entityRepresentation(req, pub, slug, 'html', {
    contentLocation: page,
    links: () => [
      ...documentLinks(`${base}data/${slug}`, 'html').filter((l) => l.rel === 'alternate'),
      { href: page, rel: 'canonical' },
      { href: graph.minter.resource(slug), rel: 'about' },
    ],
    vary: [],
  });
}
