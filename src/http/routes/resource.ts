// GET /resource/{Slug}: the thing itself, never a document. 303 See Other to its page or its data
// by the Accept header; 301 from another spelling to the canonical slug; 404 when unknown; 406
// when no offered type is acceptable.
import { lookupSlug } from '../../graph/slugs.js';
import type { Publication } from '../../publication/publication.js';
import { DOCUMENT_OFFERS, negotiate, offeredTypes } from '../negotiate.js';
import { linkHeader, plainText, redirect, type Reply, type RequestFacts } from '../reply.js';

export function notAcceptableReply(types: string[], headers: Record<string, string> = {}): Reply {
  return plainText(406, `Not acceptable. This resource is available as: ${types.join(', ')}`, headers);
}

/** The entity a requested slug names, or the answer when it is not one: 301 to the canonical
 *  spelling (`canonicalUrl` says where), 404 when unknown. The same for /resource, /data and /page. */
export function findEntity(
  pub: Publication,
  requested: string,
  canonicalUrl: (slug: string) => string,
): { slug: string } | { response: Reply } {
  const { entities, variants } = pub.documents;
  const found = lookupSlug(requested, entities, variants);
  if ('missing' in found) return { response: plainText(404, `No entity ${JSON.stringify(requested)} here`) };
  if ('moved' in found) return { response: redirect(301, canonicalUrl(found.moved)) };
  return { slug: found.found };
}

export function resourceReply(pub: Publication, requested: string, req: RequestFacts): Reply {
  const base = pub.graph.minter.base;
  const found = findEntity(pub, requested, (slug) => `${base}resource/${slug}`);
  if ('response' in found) return found.response;
  const key = negotiate(req, DOCUMENT_OFFERS);
  if (!key) return notAcceptableReply(offeredTypes(DOCUMENT_OFFERS), { Vary: 'Accept' });
  // Expanded JSON-LD lives at the .jsonld URL too: it negotiates the profile the client asked for.
  const ext = key === 'jsonld-expanded' ? 'jsonld' : key;
  const location = key === 'html' ? `${base}page/${found.slug}` : `${base}data/${found.slug}.${ext}`;
  // The 303 says where the description is, as a header a client can read without following it.
  return redirect(303, location, { Vary: 'Accept', Link: linkHeader([{ href: location, rel: 'describedby' }]) });
}
