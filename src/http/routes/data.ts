// GET /data/{Slug}.{ext} (one format) and /data/{Slug} (negotiated): an entity's description,
// from memory once rendered (the publication's documents). Also GET /context.jsonld, the @context
// the compacted documents refer to.
import { LRUCache } from 'lru-cache';
import type { RdfKey } from '../../graph/descriptions.js';
import type { Publication } from '../../publication/publication.js';
import { formatByExt, RDF_FORMATS } from '../../rdf/formats.js';
import { ENCODINGS, type DocumentKey, type Encoding, type EntityDocuments, type Stored } from '../../publication/documents.js';
import { negotiate, negotiateEncoding, offeredTypes, RDF_OFFERS, type Offer } from '../negotiate.js';
import { linkHeader, representationReply, type LinkHeader, type Reply, type RequestFacts } from '../reply.js';
import type { RequestContext } from '../router.js';
import { findEntity, notAcceptableReply } from './resource.js';

/** Which JSON-LD a .jsonld URL answers: compacted, unless the Accept header asks for the expanded profile. */
const JSONLD_OFFERS: Offer<RdfKey>[] = RDF_OFFERS.filter((o) => o.key === 'jsonld' || o.key === 'jsonld-expanded');

export function jsonLdKey(req: RequestFacts): RdfKey {
  return negotiate(req, JSONLD_OFFERS) ?? 'jsonld';
}

/** Link headers: every other RDF format of a document at `{prefix}.ext`, its HTML view, and the
 *  canonical URL. A JSON-LD document names one alternate only, its HTML view (else its Turtle):
 *  JSON-LD processors read rel="alternate" on the responses they load (JSON-LD 1.1 API, the
 *  LoadDocumentCallback, for a response that is not JSON), and PyLD 2.0's loader fails on a
 *  response with more than one. The other formats are still found from the HTML view, by
 *  negotiating at /data/{Slug}, and from every other format's Link header. */
export function documentLinks(prefix: string, current: string, html?: string): LinkHeader[] {
  const alternates: LinkHeader[] = [
    ...RDF_FORMATS.filter((f) => f.ext !== current).map((f) => ({ href: `${prefix}.${f.ext}`, rel: 'alternate', type: f.mediaType })),
    ...(html ? [{ href: html, rel: 'alternate', type: 'text/html' }] : []),
  ];
  const shown =
    current === 'jsonld'
      ? [alternates.find((l) => l.type === 'text/html') ?? alternates.find((l) => l.href === `${prefix}.ttl`)!]
      : alternates;
  return [...shown, { href: `${prefix}.${current}`, rel: 'canonical' }];
}

/** Splits "Busan.ttl" into slug and extension; a name without a known extension is all slug. */
export function splitName(name: string): { slug: string; ext?: string } {
  const dot = name.lastIndexOf('.');
  if (dot > 0 && formatByExt(name.slice(dot + 1))) return { slug: name.slice(0, dot), ext: name.slice(dot + 1) };
  return { slug: name };
}

/** Picks the representation for a request: by extension, or negotiated when there is none. */
export function pickRdf(req: RequestFacts, ext: string | undefined): { key: RdfKey; ext: string } | undefined {
  if (ext) return { key: ext === 'jsonld' ? jsonLdKey(req) : (ext as RdfKey), ext };
  const key = negotiate(req, RDF_OFFERS);
  if (!key) return undefined;
  return { key, ext: key === 'jsonld-expanded' ? 'jsonld' : key };
}

// The Link header of a document is the same on every request: written once per publication, and
// kept for the documents asked for most recently (a large dataset has millions of document URLs).
const linkHeaders = new WeakMap<Publication, LRUCache<string, string>>();
function cachedLinkHeader(pub: Publication, contentLocation: string, links: () => LinkHeader[]): string {
  let byDocument = linkHeaders.get(pub);
  if (!byDocument) linkHeaders.set(pub, (byDocument = new LRUCache({ max: 10_000 })));
  let header = byDocument.get(contentLocation);
  if (header === undefined) byDocument.set(contentLocation, (header = linkHeader(links())));
  return header;
}

/** One of an entity's documents, in the content coding the client prefers. */
export function entityRepresentation(
  req: RequestFacts,
  pub: Publication,
  slug: string,
  key: DocumentKey,
  o: { contentLocation: string; links: () => LinkHeader[]; vary: string[] },
): Reply | Promise<Reply> {
  return documentRepresentation(req, pub, pub.documents.entities, slug, key, o);
}

/** One of a set of documents (the entities', or the other minted IRIs'), from memory once
 *  rendered, in the content coding the client prefers. */
export function documentRepresentation(
  req: RequestFacts,
  pub: Publication,
  documents: EntityDocuments,
  name: string,
  key: DocumentKey,
  o: { contentLocation: string; links: () => LinkHeader[]; vary: string[] },
): Reply | Promise<Reply> {
  const encoding = negotiateEncoding(req, ENCODINGS) as Encoding | undefined;
  const respond = (stored: Stored) =>
    representationReply(req, stored.rep, {
      modified: pub.modified,
      contentLocation: o.contentLocation,
      link: cachedLinkHeader(pub, o.contentLocation, o.links),
      vary: [...o.vary, 'Accept-Encoding'],
      ...(stored.encoding ? { encoding: stored.encoding } : {}),
    });
  const stored = documents.peek(name, key, encoding);
  return stored ? respond(stored) : documents.get(name, key, encoding).then(respond);
}

export function dataReply(pub: Publication, name: string, req: RequestFacts): Reply | Promise<Reply> {
  const { graph } = pub;
  const base = graph.minter.base;
  const { slug: requested, ext } = splitName(name);
  const found = findEntity(pub, requested, (canonical) => `${base}data/${canonical}${ext ? `.${ext}` : ''}`);
  if ('response' in found) return found.response;
  const { slug } = found;
  const vary = !ext || ext === 'jsonld' ? ['Accept'] : [];
  const picked = pickRdf(req, ext);
  if (!picked) return notAcceptableReply(offeredTypes(RDF_OFFERS), { Vary: 'Accept' });
  const prefix = `${base}data/${slug}`;
  return entityRepresentation(req, pub, slug, picked.key, {
    contentLocation: `${prefix}.${picked.ext}`,
    links: () => documentLinks(prefix, picked.ext, `${base}page/${slug}`),
    vary,
  });
}

/** GET /context.jsonld: the @context the compacted documents refer to. */
export function context(ctx: RequestContext): Reply {
  const { documents, modified, graph } = ctx.pub;
  return representationReply(ctx, documents.context, { modified, contentLocation: `${graph.minter.base}context.jsonld` });
}
