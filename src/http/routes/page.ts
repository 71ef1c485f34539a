// GET /page/{Slug}: the entity's HTML page, from memory once rendered.
import { lookupSlug } from '../../graph/slugs.js';
import type { Publication } from '../../publication.js';
import { plainText, redirect, type RequestFacts } from '../planned.js';
import { documentLinks, entityRepresentation, type PlannedSoon } from './data.js';

export function pageResponse(pub: Publication, requested: string, req: RequestFacts): PlannedSoon {
  const { documents, graph } = pub;
  const base = graph.minter.base;
  const found = lookupSlug(requested, documents.entities, documents.variants);
  if ('missing' in found) return plainText(404, `No entity ${JSON.stringify(requested)} here`);
  if ('moved' in found) return redirect(301, `${base}page/${found.moved}`);
  const slug = found.found;
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
