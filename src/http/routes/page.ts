// GET /page/{Slug}: the entity's HTML page, precomputed.
import { lookupSlug } from '../../graph/slugs.js';
import type { Publication } from '../../publication.js';
import { plainText, redirect, type Planned, type RequestFacts } from '../planned.js';
import { documentLinks, entityRepresentation } from './data.js';

export function pageResponse(pub: Publication, slug: string, req: RequestFacts): Planned {
  const { documents, graph } = pub;
  const base = graph.minter.base;
  const found = lookupSlug(slug, documents.entities, documents.variants);
  if ('missing' in found) return plainText(404, `No entity ${JSON.stringify(slug)} here`);
  if ('moved' in found) return redirect(301, `${base}page/${found.moved}`);
  const entity = documents.entities.get(found.found)!;
  const page = `${base}page/${entity.slug}`;
  return entityRepresentation(req, pub, entity, 'html', {
    contentLocation: page,
    links: () => [
      ...documentLinks(`${base}data/${entity.slug}`, 'html').filter((l) => l.rel === 'alternate'),
      { href: page, rel: 'canonical' },
      { href: entity.iri, rel: 'about' },
    ],
    vary: [],
  });
}
