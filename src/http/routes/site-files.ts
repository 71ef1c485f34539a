// The files crawlers and browsers ask every site for: robots.txt (crawl the documents, not the
// query services), sitemap.xml (the landing page, every entity's page, the ontology, the shapes,
// the VoID description, the query page, and the pages of the claims, links and graphs) and the favicon.
import type { Publication } from '../../publication/publication.js';
import { representation, type Representation } from '../../rdf/representation.js';
import { representationReply, type Reply } from '../reply.js';
import type { RequestContext } from '../router.js';
import { escapeHtml } from '../../views/html.js';

const FAVICON = representation(
  'image/svg+xml',
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f3a5f"/>' +
    '<path d="M3 12V6l2-2 2 2v6M9 12V6l2-2 2 2v6M2 12h12" fill="none" stroke="#fff" stroke-width="1.4"/></svg>\n',
);
const STARTED = new Date();
const SITEMAP_MAX_URLS = 50_000;

const made = new WeakMap<Publication, { robots: Representation; sitemap: Representation }>();
function filesOf(pub: Publication) {
  let files = made.get(pub);
  if (!files) {
    const base = pub.graph.minter.base;
    // Query services answer anything asked of them: a crawler following their links would only load them.
    const robots = [
      'User-agent: *',
      'Disallow: /sparql',
      'Disallow: /fragments',
      'Disallow: /search',
      'Disallow: /reconcile',
      'Allow: /',
      '',
      `Sitemap: ${base}sitemap.xml`,
      '',
    ].join('\n');
    // The claims, Wikidata links and graphs have pages too (claim/…, link/…, graph/…; the shapes
    // are a page at their own IRI). The sitemap protocol takes 50,000 URLs a file at most.
    const minted = pub.documents.minted().slugs;
    const urls = [
      base,
      ...pub.documents.entities.slugs.map((s) => `${base}page/${encodeURIComponent(s)}`),
      `${base}ontology`,
      `${base}shapes`,
      `${base}void`,
      `${base}sparql`,
      ...minted.filter((n) => n !== 'shapes').map((n) => `${base}page/${n.split('/').map(encodeURIComponent).join('/')}`),
    ].slice(0, SITEMAP_MAX_URLS);
    const sitemap =
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
      urls.map((u) => `<url><loc>${escapeHtml(u)}</loc><lastmod>${pub.modified.toISOString().slice(0, 10)}</lastmod></url>`).join('\n') +
      '\n</urlset>\n';
    files = {
      robots: representation('text/plain; charset=utf-8', robots),
      sitemap: representation('application/xml; charset=utf-8', sitemap),
    };
    made.set(pub, files);
  }
  return files;
}

export function robots(ctx: RequestContext): Reply {
  return representationReply(ctx, filesOf(ctx.pub).robots, { modified: ctx.pub.modified });
}

export function sitemap(ctx: RequestContext): Reply {
  return { ...representationReply(ctx, filesOf(ctx.pub).sitemap, { modified: ctx.pub.modified }), compressible: true };
}

export function favicon(ctx: RequestContext): Reply {
  return representationReply(ctx, FAVICON, { modified: STARTED, cacheControl: 'public, max-age=604800' });
}
