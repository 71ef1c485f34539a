// GET /resource/{Slug}: the thing itself, never a document. 303 See Other to its page or its data
// by the Accept header; 301 from another spelling to the canonical slug; 404 when unknown; 406
// when no offered type is acceptable.
import { lookupSlug } from '../../graph/slugs.js';
import type { Publication } from '../../publication.js';
import { DOCUMENT_OFFERS, negotiate, offeredTypes } from '../negotiate.js';
import { plainText, redirect, type Planned, type RequestFacts } from '../planned.js';

export function notAcceptableResponse(types: string[], headers: Record<string, string> = {}): Planned {
  return plainText(406, `Not acceptable. This resource is available as: ${types.join(', ')}`, headers);
}

export function resourceResponse(pub: Publication, slug: string, req: RequestFacts): Planned {
  const { documents, graph } = pub;
  const base = graph.minter.base;
  const found = lookupSlug(slug, documents.entities, documents.variants);
  if ('missing' in found) return plainText(404, `No entity ${JSON.stringify(slug)} here`);
  if ('moved' in found) return redirect(301, `${base}resource/${found.moved}`);
  const key = negotiate(req, DOCUMENT_OFFERS);
  if (!key) return notAcceptableResponse(offeredTypes(DOCUMENT_OFFERS), { Vary: 'Accept' });
  // Expanded JSON-LD lives at the .jsonld URL too: it negotiates the profile the client asked for.
  const ext = key === 'jsonld-expanded' ? 'jsonld' : key;
  return redirect(303, key === 'html' ? `${base}page/${found.found}` : `${base}data/${found.found}.${ext}`, { Vary: 'Accept' });
}
