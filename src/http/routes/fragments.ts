// GET /fragments?subject=&predicate=&object=&page=: Triple Pattern Fragments, 100 triples a page,
// with the count and Hydra controls, as Turtle, TriG, N-Triples, N-Quads, JSON-LD or HTML. Every
// IRI it writes is built from the public base and the parsed pattern, never from the request's
// Host header or its raw target.
import type { Term } from '../../rdf/terms.js';
import { contentType, formatByMediaType, RDF_FORMATS } from '../../rdf/formats.js';
import { serialize } from '../../rdf/serialize.js';
import { fragment, metadata, parseTerm, PatternError, type FragmentLinks, type Pattern } from '../../sparql/fragments.js';
import { badRequest } from '../errors.js';
import type { Reply } from '../reply.js';
import type { RequestContext } from '../router.js';
import { negotiate } from '../sparql-formats.js';
import { explicit, fragmentPage } from '../../views/fragments-page.js';

const OFFERED = ['text/html', ...RDF_FORMATS.filter((f) => f.ext !== 'rdf').map((f) => f.mediaType)];
const TURTLE_FIRST = [...OFFERED.slice(1), 'text/html'];

export async function fragments(ctx: RequestContext): Promise<Reply> {
  let pattern: Pattern;
  try {
    pattern = readPattern(ctx);
  } catch (e) {
    throw e instanceof PatternError ? badRequest(e.message) : e;
  }
  const page = readPage(one(ctx, 'page'));
  const links = linksFor(ctx.pub.graph.minter.base, pattern, page);
  // Browsers get HTML; RDF clients and no Accept at all get Turtle.
  const type = negotiate(ctx.req, ctx.req.headers.accept?.includes('text/html') ? OFFERED : TURTLE_FIRST);
  const f = await fragment(ctx.pub.store, pattern, page);
  if (type === 'text/html') {
    const linkTo = (p: keyof Pattern, t: Term) => `${links.collection}?${new URLSearchParams({ [p]: explicit(t) })}`;
    const html = fragmentPage(f, pattern, links, linkTo);
    return {
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8', Vary: 'Accept' },
      body: Buffer.from(html),
      compressible: true,
    };
  }
  const format = formatByMediaType(type)!;
  const body = await serialize([...f.triples, ...metadata(f, links)], format);
  return { status: 200, headers: { 'Content-Type': contentType(format), Vary: 'Accept' }, body: Buffer.from(body), compressible: true };
}

function one(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.query.get(name);
  if (v && v.length > 1) throw badRequest(`Give at most one ${name}`);
  return v?.[0];
}

function readPattern(ctx: RequestContext): Pattern {
  return {
    subject: parseTerm(one(ctx, 'subject'), 'subject'),
    predicate: parseTerm(one(ctx, 'predicate'), 'predicate'),
    object: parseTerm(one(ctx, 'object'), 'object'),
  };
}

function readPage(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 1 || n > 1_000_000) throw badRequest('page must be a whole number from 1');
  return n;
}

/** The fragment's IRIs from the base and the parsed pattern: a page's IRI is the canonical URL of
 *  that page, the one its own controls link to, so a TPF client following them finds its metadata. */
export function linksFor(base: string, pattern: Pattern, page: number): FragmentLinks {
  const collection = `${base}fragments`;
  const params = new URLSearchParams();
  for (const p of ['subject', 'predicate', 'object'] as const) if (pattern[p]) params.set(p, explicit(pattern[p]!));
  const pageUrl = (n: number) => {
    const q = new URLSearchParams(params);
    if (n > 1) q.set('page', String(n));
    const s = q.toString();
    return s ? `${collection}?${s}` : collection;
  };
  return { self: pageUrl(page), collection, pageUrl };
}
