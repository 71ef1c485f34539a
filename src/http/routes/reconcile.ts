// /reconcile: the W3C Entity Reconciliation API 0.2 as OpenRefine speaks it. GET with nothing is
// the manifest; `queries=` (GET, POST form, or a JSON body) reconciles a batch; `extend=` fetches
// property values; suggest, flyout, preview and propose_properties answer under /reconcile/….
// CORS is open: OpenRefine and browser tools call this from other origins; nothing here is private.
import { catalogOf } from '../../reconcile/catalog.js';
import { checkJsonDepth, parseBatch, parseExtend } from '../../reconcile/batch.js';
import { extend, manifest, MAX_LIMIT, proposeProperties, reconcileBatch, suggestEntities, suggestTerms } from '../../reconcile/service.js';
import { parseForm } from '../../sparql/request.js';
import { badRequest, notFound, unsupportedMediaType } from '../errors.js';
import { htmlReply, jsonReply, type Reply } from '../reply.js';
import type { RequestContext } from '../router.js';
import { escapeHtml } from '../../views/html.js';
import { single } from './search.js';

/** OpenRefine shows the preview in a frame of its own page: it may be framed by any origin, and
 *  its styles are inline (it is a fragment of HTML, not a page of ours). */
export const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *";

/** GET and POST /reconcile: the manifest, or a batch of queries, or a data extension. */
export function reconcile(ctx: RequestContext): Reply {
  const pub = ctx.pub;
  const c = catalogOf(pub);
  const params = readParams(ctx);
  if (params.queries !== undefined) return jsonReply(reconcileBatch(c, pub.search, parseBatch(params.queries)));
  if (params.extend !== undefined) return jsonReply(extend(c, parseExtend(params.extend)));
  return jsonReply(manifest(c));
}

/** GET /reconcile/suggest/{entity,type,property}. */
export function suggest(ctx: RequestContext): Reply {
  const c = catalogOf(ctx.pub);
  const prefix = text(single(ctx, 'prefix'), 'prefix', true)!;
  const limit = count(single(ctx, 'limit'), 'limit') ?? 10;
  switch (ctx.params.kind) {
    case 'entity':
      return jsonReply(suggestEntities(c, ctx.pub.search, prefix, single(ctx, 'type'), limit));
    case 'type':
      return jsonReply(suggestTerms(c.types.values(), prefix, limit));
    case 'property':
      return jsonReply(suggestTerms(c.properties.values(), prefix, limit));
    default:
      throw notFound('Suggest services: /reconcile/suggest/entity, /reconcile/suggest/type, /reconcile/suggest/property');
  }
}

export function flyout(ctx: RequestContext): Reply {
  const c = catalogOf(ctx.pub);
  const id = entityId(c, single(ctx, 'id'));
  return jsonReply({ id, html: `<p>${escapeHtml(c.descriptions.get(id) ?? typesText(c, id))}</p>` });
}

export function preview(ctx: RequestContext): Reply {
  const c = catalogOf(ctx.pub);
  const id = entityId(c, single(ctx, 'id'));
  const label = escapeHtml(c.labels.get(id)!);
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${label}</title></head>` +
    `<body style="font: 14px sans-serif; margin: 4px"><a href="${escapeHtml(c.resourceBase + id)}" target="_blank"><strong>${label}</strong></a>` +
    ` <span style="color:#555">${escapeHtml(typesText(c, id))}</span>` +
    `<p>${escapeHtml(c.descriptions.get(id) ?? '')}</p></body></html>`;
  return htmlReply(html);
}

export function propose(ctx: RequestContext): Reply {
  return jsonReply(proposeProperties(catalogOf(ctx.pub), single(ctx, 'type'), count(single(ctx, 'limit'), 'limit')));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `queries`/`extend` from the query string, a form body, or a JSON body (the batch itself). */
function readParams(ctx: RequestContext): { queries?: string; extend?: string } {
  if (ctx.method === 'POST') {
    const [type = '', ...params] = (ctx.req.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
    const charset = params
      .find((p) => p.startsWith('charset='))
      ?.slice('charset='.length)
      .replace(/"/g, '');
    if (charset && charset !== 'utf-8' && charset !== 'utf8') throw unsupportedMediaType(`Unsupported charset ${charset}: send UTF-8`);
    let body: string;
    try {
      body = utf8.decode(ctx.body ?? Buffer.alloc(0));
    } catch {
      throw badRequest('The request body is not valid UTF-8');
    }
    if (type === 'application/json') {
      // Refused before it is parsed when nested too deeply (anything recursing over it would overflow the stack).
      checkJsonDepth(body, 'The request body');
      let doc: unknown;
      try {
        doc = JSON.parse(body);
      } catch {
        throw badRequest('Request body is not valid JSON');
      }
      const isExtend =
        typeof doc === 'object' && doc !== null && 'ids' in doc && 'properties' in doc && Array.isArray((doc as { ids: unknown }).ids);
      return isExtend ? { extend: body } : { queries: body };
    }
    if (type === 'application/x-www-form-urlencoded') {
      const form = parseForm(body, 'request body');
      return present({ queries: text(one(form, 'queries'), 'queries'), extend: text(one(form, 'extend'), 'extend') });
    }
    if (type)
      throw unsupportedMediaType('POST queries= or extend= as application/x-www-form-urlencoded, or a query batch as application/json');
  }
  return present({ queries: text(one(ctx.query, 'queries'), 'queries'), extend: text(one(ctx.query, 'extend'), 'extend') });
}

function one(params: Map<string, string[]>, name: string): string | undefined {
  const v = params.get(name);
  if (v && v.length > 1) throw badRequest(`Give ${name} once`);
  return v?.[0];
}

function present(p: { queries: string | undefined; extend: string | undefined }) {
  return { ...(p.queries !== undefined ? { queries: p.queries } : {}), ...(p.extend !== undefined ? { extend: p.extend } : {}) };
}

function text(v: string | undefined, name: string, required = false): string | undefined {
  if (v === undefined && required) throw badRequest(`Missing ${name}`);
  return v;
}

function count(v: string | undefined, name: string): number | undefined {
  const raw = text(v, name);
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_LIMIT)
    throw badRequest(`${name} must be an integer from 1 to ${MAX_LIMIT} (got ${JSON.stringify(raw)})`);
  return n;
}

function entityId(c: ReturnType<typeof catalogOf>, v: string | undefined): string {
  const raw = text(v, 'id', true)!;
  const id = raw.startsWith(c.resourceBase) ? raw.slice(c.resourceBase.length) : raw;
  if (!c.labels.has(id)) throw notFound(`No entity with id ${JSON.stringify(raw)}`);
  return id;
}

function typesText(c: ReturnType<typeof catalogOf>, id: string): string {
  return (c.typesOf.get(id) ?? []).map((t) => c.types.get(t)?.name ?? t).join(', ');
}
