// /reconcile: the W3C Entity Reconciliation API 0.2 as OpenRefine speaks it. GET with nothing is
// the manifest; `queries=` (GET, POST form, or a JSON body) reconciles a batch; `extend=` fetches
// property values; suggest, flyout, preview and propose_properties answer under /reconcile/….
// CORS is open: OpenRefine and browser tools call this from other origins; nothing here is private.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Site } from '../../publication.js';
import { badRequest, methodNotAllowed, notFound, unsupportedMediaType } from '../errors.js';
import { catalogOf } from '../../reconcile/catalog.js';
import { checkJsonDepth, parseBatch, parseExtend } from '../../reconcile/queries.js';
import { extend, manifest, MAX_LIMIT, proposeProperties, reconcileBatch, suggestEntities, suggestTerms } from '../../reconcile/service.js';
import { sendJson } from './search.js';
import { escapeHtml } from '../views/html.js';

const MAX_BODY = '1mb';

export function reconcileRoutes(site: Site): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: MAX_BODY });
  // A JSON body too deeply nested is refused before it is parsed (JSON.stringify of it would overflow the stack).
  const json = express.json({ limit: MAX_BODY, strict: false, verify: (_req, _res, buf) => checkJsonDepth(buf.toString('utf8'), 'The request body') });
  router.use('/reconcile', cors);

  router.all('/reconcile', form, json, (req, res) => {
    if (req.method !== 'GET' && req.method !== 'POST' && req.method !== 'HEAD') throw methodNotAllowed(['GET', 'POST']);
    const pub = site.current;
    const c = catalogOf(pub);
    const params = readParams(req);
    if (params.queries !== undefined) return sendJson(res, reconcileBatch(c, pub.search, parseBatch(params.queries)));
    if (params.extend !== undefined) return sendJson(res, extend(c, parseExtend(params.extend)));
    return sendJson(res, manifest(c));
  });

  router.get('/reconcile/suggest/:kind', (req, res) => {
    const c = catalogOf(site.current);
    const prefix = text(req.query.prefix, 'prefix', true)!;
    const limit = count(req.query.limit, 'limit') ?? 10;
    switch (req.params.kind) {
      case 'entity': return sendJson(res, suggestEntities(c, site.current.search, prefix, text(req.query.type, 'type'), limit));
      case 'type': return sendJson(res, suggestTerms(c.types.values(), prefix, limit));
      case 'property': return sendJson(res, suggestTerms(c.properties.values(), prefix, limit));
      default: throw notFound('Suggest services: /reconcile/suggest/entity, /reconcile/suggest/type, /reconcile/suggest/property');
    }
  });

  router.get('/reconcile/flyout/entity', (req, res) => {
    const c = catalogOf(site.current);
    const id = entityId(c, req.query.id);
    sendJson(res, { id, html: `<p>${escapeHtml(c.descriptions.get(id) ?? typesText(c, id))}</p>` });
  });

  router.get('/reconcile/preview', (req, res) => {
    const c = catalogOf(site.current);
    const id = entityId(c, req.query.id);
    const label = escapeHtml(c.labels.get(id)!);
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${label}</title></head>`
      + `<body style="font: 14px sans-serif; margin: 4px"><a href="${escapeHtml(c.resourceBase + id)}" target="_blank"><strong>${label}</strong></a>`
      + ` <span style="color:#555">${escapeHtml(typesText(c, id))}</span>`
      + `<p>${escapeHtml(c.descriptions.get(id) ?? '')}</p></body></html>`;
    res.type('text/html; charset=utf-8').set('X-Content-Type-Options', 'nosniff').send(html);
  });

  router.get('/reconcile/propose_properties', (req, res) => {
    sendJson(res, proposeProperties(catalogOf(site.current), text(req.query.type, 'type'), count(req.query.limit, 'limit')));
  });
  return router;
}

function cors(req: Request, res: Response, next: NextFunction) {
  res.set('Access-Control-Allow-Origin', '*');
  if (req.method === 'OPTIONS') {
    res.set('Access-Control-Allow-Methods', 'GET, POST').set('Access-Control-Allow-Headers', 'Content-Type').status(204).end();
    return;
  }
  next();
}

/** `queries`/`extend` from the query string, a form body, or a JSON body (the batch itself). */
function readParams(req: Request): { queries?: string; extend?: string } {
  if (req.method === 'POST') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'application/json') {
      const body = req.body as unknown;
      const isExtend = typeof body === 'object' && body !== null && 'ids' in body && 'properties' in body && Array.isArray((body as { ids: unknown }).ids);
      return isExtend ? { extend: JSON.stringify(body) } : { queries: JSON.stringify(body) };
    }
    if (type === 'application/x-www-form-urlencoded') {
      const body = req.body as Record<string, unknown>;
      return present({ queries: text(body.queries, 'queries'), extend: text(body.extend, 'extend') });
    }
    if (type) throw unsupportedMediaType('POST queries= or extend= as application/x-www-form-urlencoded, or a query batch as application/json');
  }
  return present({ queries: text(req.query.queries, 'queries'), extend: text(req.query.extend, 'extend') });
}

function present(p: { queries: string | undefined; extend: string | undefined }) {
  return { ...(p.queries !== undefined ? { queries: p.queries } : {}), ...(p.extend !== undefined ? { extend: p.extend } : {}) };
}

function text(v: unknown, name: string, required = false): string | undefined {
  if (Array.isArray(v)) throw badRequest(`Give ${name} once`);
  if (v === undefined && required) throw badRequest(`Missing ${name}`);
  if (v !== undefined && typeof v !== 'string') throw badRequest(`${name} must be text`);
  return v;
}

function count(v: unknown, name: string): number | undefined {
  const raw = text(v, name);
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_LIMIT) throw badRequest(`${name} must be an integer from 1 to ${MAX_LIMIT} (got ${JSON.stringify(raw)})`);
  return n;
}

function entityId(c: ReturnType<typeof catalogOf>, v: unknown): string {
  const raw = text(v, 'id', true)!;
  const id = raw.startsWith(c.resourceBase) ? raw.slice(c.resourceBase.length) : raw;
  if (!c.labels.has(id)) throw notFound(`No entity with id ${JSON.stringify(raw)}`);
  return id;
}

function typesText(c: ReturnType<typeof catalogOf>, id: string): string {
  return (c.typesOf.get(id) ?? []).map((t) => c.types.get(t)?.name ?? t).join(', ');
}
