// The other IRIs minted under the base, dereferenced as entities are (DESIGN.md, URI policy):
//   GET /claim/{name}, /link/{name}, /graph/{name}: the thing (a claim, a Wikidata link, a graph),
//     never a document: 303 to /page/{kind}/{name} (HTML) or /data/{kind}/{name}.{ext} by Accept;
//   GET /data/{kind}/{name}[.ext]: its description in one RDF format, or negotiated without one;
//   GET /page/{kind}/{name}: its HTML page;
//   GET /shapes[.ext]: the SHACL shapes graph, a document (as /ontology is), negotiated at its IRI.
import type { MintedKind } from '../../graph/minted.js';
import type { Publication } from '../../publication/publication.js';
import { formatByExt } from '../../rdf/formats.js';
import type { DocumentKey } from '../../publication/documents.js';
import { notAcceptable, notFound } from '../errors.js';
import { DOCUMENT_OFFERS, negotiate, offeredTypes, RDF_OFFERS } from '../negotiate.js';
import { linkHeader, redirect, type LinkHeader, type Reply, type RequestFacts } from '../reply.js';
import type { RequestContext } from '../router.js';
import { documentLinks, documentRepresentation, jsonLdKey, pickRdf, splitName } from './data.js';
import { notAcceptableReply } from './resource.js';

export const MINTED_KINDS: readonly MintedKind[] = ['claim', 'link', 'graph'];

function known(pub: Publication, name: string): void {
  if (!pub.documents.minted().has(name)) throw notFound(`Nothing minted at ${pub.graph.minter.base}${name}`);
}

/** One of the minted IRIs' documents (see documentRepresentation). */
function mintedRepresentation(
  req: RequestFacts,
  pub: Publication,
  name: string,
  key: DocumentKey,
  o: { contentLocation: string; links: () => LinkHeader[]; vary: string[] },
): Reply | Promise<Reply> {
  return documentRepresentation(req, pub, pub.documents.minted(), name, key, o);
}

/** GET /{kind}/{name}: 303 to the page or the data, as /resource/{Slug} does. */
export function mintedResource(kind: MintedKind) {
  return (ctx: RequestContext): Reply => {
    const base = ctx.pub.graph.minter.base;
    const name = `${kind}/${ctx.params.name}`;
    known(ctx.pub, name);
    const key = negotiate(ctx, DOCUMENT_OFFERS);
    if (!key) return notAcceptableReply(offeredTypes(DOCUMENT_OFFERS), { Vary: 'Accept' });
    const ext = key === 'jsonld-expanded' ? 'jsonld' : key;
    const location = key === 'html' ? `${base}page/${name}` : `${base}data/${name}.${ext}`;
    return redirect(303, location, { Vary: 'Accept', Link: linkHeader([{ href: location, rel: 'describedby' }]) });
  };
}

/** GET /data/{kind}/{name}[.ext]. */
export function mintedData(kind: MintedKind) {
  return (ctx: RequestContext): Reply | Promise<Reply> => {
    const base = ctx.pub.graph.minter.base;
    const { slug, ext } = splitName(ctx.params.name!);
    const name = `${kind}/${slug}`;
    known(ctx.pub, name);
    const picked = pickRdf(ctx, ext);
    if (!picked) return notAcceptableReply(offeredTypes(RDF_OFFERS), { Vary: 'Accept' });
    const prefix = `${base}data/${name}`;
    return mintedRepresentation(ctx, ctx.pub, name, picked.key, {
      contentLocation: `${prefix}.${picked.ext}`,
      links: () => [...documentLinks(prefix, picked.ext, `${base}page/${name}`), { href: base + name, rel: 'about' }],
      vary: !ext || ext === 'jsonld' ? ['Accept'] : [],
    });
  };
}

/** GET /page/{kind}/{name}. */
export function mintedPage(kind: MintedKind) {
  return (ctx: RequestContext): Reply | Promise<Reply> => {
    const base = ctx.pub.graph.minter.base;
    const name = `${kind}/${ctx.params.name}`;
    known(ctx.pub, name);
    const page = `${base}page/${name}`;
    return mintedRepresentation(ctx, ctx.pub, name, 'html', {
      contentLocation: page,
      links: () => [
        ...documentLinks(`${base}data/${name}`, 'html').filter((l) => l.rel === 'alternate'),
        { href: page, rel: 'canonical' },
        { href: base + name, rel: 'about' },
      ],
      vary: [],
    });
  };
}

/** GET /shapes[.ext]: negotiated at its own IRI, HTML for browsers, every RDF format by extension. */
export function shapes(ctx: RequestContext): Reply | Promise<Reply> {
  const prefix = `${ctx.pub.graph.minter.base}shapes`;
  const ext = ctx.params.ext;
  if (ext !== undefined && ext !== 'html' && !formatByExt(ext)) throw notFound(`The shapes have no .${ext} format`);
  const key = ext === 'jsonld' ? jsonLdKey(ctx) : ((ext as DocumentKey | undefined) ?? negotiate(ctx, DOCUMENT_OFFERS));
  if (!key) throw notAcceptable(offeredTypes(DOCUMENT_OFFERS));
  const shown = key === 'jsonld-expanded' ? 'jsonld' : key;
  return mintedRepresentation(ctx, ctx.pub, 'shapes', key, {
    contentLocation: `${prefix}.${shown}`,
    links: () => documentLinks(prefix, shown, shown === 'html' ? undefined : `${prefix}.html`),
    vary: !ext || ext === 'jsonld' ? ['Accept'] : [],
  });
}
