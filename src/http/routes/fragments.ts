// GET /fragments?subject=&predicate=&object=&page=: Triple Pattern Fragments, 100 triples a page,
// with the count and Hydra controls, as Turtle, TriG, N-Triples, N-Quads, JSON-LD or HTML.
import { storeErrorToHttp } from '../store-errors.js';
import { Router, type Request } from 'express';
import type { Term } from '../../graph/rdf-terms.js';
import { contentType, formatByMediaType, RDF_FORMATS } from '../../rdf/formats.js';
import { serialize } from '../../rdf/serialize.js';
import { fragment, metadata, parseTerm, PatternError, type FragmentLinks, type Pattern } from '../../sparql/fragments.js';
import { negotiate } from '../../sparql/negotiate.js';
import { badRequest } from '../errors.js';
import { explicit, fragmentPage } from '../views/fragments-page.js';
import type { StoreSource } from './sparql.js';

const OFFERED = ['text/html', ...RDF_FORMATS.filter((f) => f.ext !== 'rdf').map((f) => f.mediaType)];
const TURTLE_FIRST = [...OFFERED.slice(1), 'text/html'];

export function fragmentRoutes(source: StoreSource): Router {
  const router = Router();
  router.get('/fragments', async (req, res, next) => {
    try {
      const pattern = readPattern(req);
      const page = readPage(req.query.page);
      const links = linksFor(req, pattern);
      // Browsers get HTML; RDF clients and no Accept at all get Turtle.
      const type = negotiate(req, req.headers.accept?.includes('text/html') ? OFFERED : TURTLE_FIRST);
      const f = await fragment(source.current.store, pattern, page);
      res.set('Vary', 'Accept');
      if (type === 'text/html') {
        const linkTo = (p: keyof Pattern, t: Term) => `${links.collection}?${new URLSearchParams({ [p]: explicit(t) })}`;
        // A page with no script and no style of its own: it needs nothing from anywhere.
        res.set('Content-Security-Policy', "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
        return res.type('text/html; charset=utf-8').send(fragmentPage(f, pattern, links, linkTo));
      }
      const format = formatByMediaType(type)!;
      const body = await serialize([...f.triples, ...metadata(f, links)], format);
      res.set('Content-Type', contentType(format)).send(body);
    } catch (e) {
      next(e instanceof PatternError ? badRequest(e.message) : storeErrorToHttp(e));
    }
  });
  return router;
}

function readPattern(req: Request): Pattern {
  const one = (name: string) => {
    const v = req.query[name];
    if (Array.isArray(v)) throw badRequest(`Give at most one ${name}`);
    return typeof v === 'string' ? v : undefined;
  };
  return {
    subject: parseTerm(one('subject'), 'subject'),
    predicate: parseTerm(one('predicate'), 'predicate'),
    object: parseTerm(one('object'), 'object'),
  };
}

function readPage(value: unknown): number {
  if (value === undefined || value === '') return 1;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 1 || n > 1_000_000) throw badRequest('page must be a whole number from 1');
  return n;
}

/** The page's IRI is the URL asked for (a TPF client compares them); the others are built from the pattern. */
function linksFor(req: Request, pattern: Pattern): FragmentLinks {
  const origin = `${req.protocol}://${req.get('host')}`;
  const collection = `${origin}/fragments`;
  const params = new URLSearchParams();
  for (const p of ['subject', 'predicate', 'object'] as const) if (pattern[p]) params.set(p, explicit(pattern[p]!));
  return {
    self: origin + req.originalUrl,
    collection,
    pageUrl(page) {
      const q = new URLSearchParams(params);
      if (page > 1) q.set('page', String(page));
      const s = q.toString();
      return s ? `${collection}?${s}` : collection;
    },
  };
}
