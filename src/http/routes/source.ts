// GET /source/siege-of-busanjin: the article's text as it was quoted, as text/plain, so the
// sentence IRIs (RFC 5147 fragments, #char=S,E) dereference to the text they count into. It is the
// answer to browsers and to no Accept; a client that asks for RDF gets the article's description
// (title, licence, primary topic, its sections and sentences) instead. /source/siege-of-busanjin.{ext}
// names each representation (.txt, .ttl, …).
import type { RdfKey } from '../../graph/descriptions.js';
import { ARTICLE } from '../../graph/provenance.js';
import { ARTICLE_LICENSE, ARTICLE_URL } from '../../graph/void.js';
import { formatByExt } from '../../rdf/formats.js';
import { notAcceptable, notFound } from '../errors.js';
import { HTML_OFFERS, negotiate, offeredTypes, RDF_OFFERS, type Offer } from '../negotiate.js';
import { linkHeader, representationReply, type Reply } from '../reply.js';
import type { RequestContext } from '../router.js';
import { documentLinks, jsonLdKey } from './data.js';

export const SOURCE_PATH = `/source/${ARTICLE}`;

type SourceKey = RdfKey | 'text';

/** Text first (no Accept, *\/*); a browser's text/html gets the text too (there is no HTML view of
 *  it). text/plain is the text, not N-Triples (which also answers to text/plain elsewhere). */
export const SOURCE_OFFERS: readonly Offer<SourceKey>[] = [
  { key: 'text', type: 'text/plain' },
  ...HTML_OFFERS.map((o) => ({ key: 'text' as const, type: o.type })),
  ...RDF_OFFERS.filter((o) => o.type !== 'text/plain'),
];

export async function source(ctx: RequestContext): Promise<Reply> {
  const { documents, graph, modified } = ctx.pub;
  const iri = graph.minter.source(ARTICLE);
  const ext = ctx.params.ext;
  if (ext !== undefined && ext !== 'txt' && !formatByExt(ext)) throw notFound(`The source has no .${ext} format`);
  const key: SourceKey | undefined =
    ext === 'txt' ? 'text' : ext === 'jsonld' ? jsonLdKey(ctx) : ((ext as RdfKey | undefined) ?? negotiate(ctx, SOURCE_OFFERS));
  if (!key) throw notAcceptable(offeredTypes(SOURCE_OFFERS));
  const shown = key === 'text' ? 'txt' : key === 'jsonld-expanded' ? 'jsonld' : key;
  const rep = key === 'text' ? documents.source : (await documents.sourceRdf()).get(key)!;
  return representationReply(ctx, rep, {
    modified,
    contentLocation: `${iri}.${shown}`,
    link: linkHeader([
      { href: ARTICLE_URL, rel: 'via' },
      { href: ARTICLE_LICENSE, rel: 'license' },
      ...documentLinks(iri, shown).filter((l) => l.rel === 'alternate'),
      ...(shown === 'txt' ? [] : [{ href: `${iri}.txt`, rel: 'alternate', type: 'text/plain' }]),
    ]),
    vary: !ext || ext === 'jsonld' ? ['Accept'] : [],
  });
}
