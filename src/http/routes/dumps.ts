// GET /dumps/: the whole dataset as N-Quads, TriG and JSON-LD, with SHA256SUMS; their sizes and
// checksums are also in the VoID/DCAT description. The bytes are made once per publication, when first asked for.
import type { Dump } from '../../graph/dumps.js';
import { representation, type Representation } from '../../rdf/representation.js';
import { notFound } from '../errors.js';
import { negotiate } from '../negotiate.js';
import { htmlReply, jsonReply, representationReply, type Reply } from '../reply.js';
import type { RequestContext } from '../router.js';
import { dumpsPage } from '../../views/listing-pages.js';

/** JSON for programs (the default, and the answer to any Accept that is not a browser's); HTML
 *  for a browser, which asks for text/html first. Shared by /dumps/ and /search. */
export const JSON_OR_HTML = [
  { key: 'json', type: 'application/json' },
  { key: 'html', type: 'text/html' },
  { key: 'html', type: 'application/xhtml+xml' },
] as const;
export const wantsHtml = (ctx: RequestContext) => negotiate(ctx, JSON_OR_HTML) === 'html';

/** Content-Type of a dump: RDF text formats say their charset; JSON-LD is UTF-8 by definition. */
function dumpContentType(mediaType: string): string {
  return mediaType === 'application/ld+json' ? mediaType : `${mediaType}; charset=utf-8`;
}

// One representation per dump, made when a publication's dumps are first served and kept with them.
const cache = new WeakMap<object, Map<string, Representation>>();
function representations(dumps: Map<string, Dump>): Map<string, Representation> {
  let reps = cache.get(dumps);
  if (!reps) {
    reps = new Map(
      [...dumps.values()].map((d) => [d.name, { ...representation(dumpContentType(d.mediaType), d.body), etag: `"${d.sha256}"` }]),
    );
    cache.set(dumps, reps);
  }
  return reps;
}

export async function dumpList(ctx: RequestContext): Promise<Reply> {
  const base = ctx.pub.graph.minter.base;
  const dumps = [...(await ctx.pub.documents.dumps()).values()];
  const rows = dumps.map((d) => ({
    name: d.name,
    url: new URL(d.name, `${base}dumps/`).href,
    mediaType: d.mediaType,
    bytes: d.body.length,
    sha256: d.sha256,
  }));
  if (wantsHtml(ctx)) return htmlReply(dumpsPage(rows, ctx.pub.documents.links).toString(), { Vary: 'Accept' });
  return jsonReply({ dumps: rows, description: `${base}void` }, { Vary: 'Accept' });
}

export async function dump(ctx: RequestContext): Promise<Reply> {
  const pub = ctx.pub;
  const dumps = await pub.documents.dumps();
  const name = ctx.params.name!;
  const d = dumps.get(name);
  const rep = representations(dumps).get(name);
  if (!d || !rep) throw notFound(`No dump named ${JSON.stringify(name)}; see /dumps/`);
  const reply = representationReply(ctx, rep, { modified: pub.modified });
  reply.headers.Digest = `sha-256=${Buffer.from(d.sha256, 'hex').toString('base64')}`;
  reply.headers['Content-Disposition'] = `attachment; filename="${d.name}"`;
  return { ...reply, compressible: true };
}
