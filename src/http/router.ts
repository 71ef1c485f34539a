// The one request path. Every route is declared once (routes.ts) with its method, path, handler and
// policies; this module matches a request to its route and applies the policies that hold for all
// of them, in one order: the request's own checks (target, query string, body size), CORS and
// preflight, security headers and the route's CSP and framing, the client's rate limit, the body,
// then the handler, whose reply (or error) is written by one writer (reply.ts).
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import express from 'express';
import proxyAddr from 'proxy-addr';
import type { Publication } from '../publication/publication.js';
import { parseForm } from '../sparql/request.js';
import { badRequest, errorReply, forbidden, HttpError, methodNotAllowed, notFound, payloadTooLarge, type ErrorLog } from './errors.js';
import { clientAddress } from './rate-limit.js';
import { redirect, writeReply, type Reply } from './reply.js';

export type Method = 'GET' | 'POST';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** GET, HEAD (answered as GET, without the body) or POST. */
  method: string;
  headers: IncomingHttpHeaders;
  path: string;
  /** The query string's parameters, strictly decoded (a bad percent-escape is a 400 before any route). */
  query: Map<string, string[]>;
  /** The path's named segments, percent-decoded. */
  params: Record<string, string>;
  /** The publication being served when the request arrived: the whole answer comes from it. */
  pub: Publication;
  /** The client's address (behind a trusted proxy, the address the proxy saw). */
  client: string;
  /** The request body of a route that reads one (POST). */
  body?: Buffer;
  /** Aborted when the client goes away before its reply is sent. */
  signal: AbortSignal;
}

export interface Route {
  /** For logs and metrics. */
  name: string;
  /** A path, with `:name` for a segment (`/data/:name`). */
  path: string;
  methods: readonly Method[];
  handle(ctx: RequestContext): Reply | Promise<Reply>;
  /** Readable from any origin, preflight included (default). False: same-origin only. */
  cors?: boolean;
  /** The per-client rate limit this route counts against. */
  rateLimit?: RequestHandler;
  /** A route that takes a body (POST): the most bytes it reads. */
  maxBodyBytes?: number;
  /** The route's Content-Security-Policy, for routes that answer HTML (others keep the strictest). */
  csp?: string;
  /** Any origin may frame it (the reconciliation preview, which OpenRefine shows in a frame). */
  frameable?: boolean;
  /** Only operators: a client on this machine, or one with the operators' bearer token. */
  operatorsOnly?: boolean;
}

export interface RouterOptions {
  routes: Route[];
  current: () => Publication;
  /** Headers every response carries (helmet's, captured once). */
  securityHeaders: Record<string, string>;
  /** Proxies whose X-Forwarded-For is believed (proxy-addr's trust: hop count, addresses, CIDRs). */
  trustProxy: string | number | undefined;
  /** A token that lets an operator reach operators-only routes from elsewhere. */
  operatorToken?: string;
  /** A reply still unread after this long is cut off, so a client that never reads holds nothing. */
  sendTimeoutMs: number;
  log: ErrorLog;
}

/** What every reply of a CORS-open route tells other origins they may read. */
const EXPOSED_HEADERS =
  'ETag, Last-Modified, Link, Location, Content-Location, Vary, Content-Disposition, X-SPARQL-Truncated, X-SPARQL-Max-Rows, X-SPARQL-Cache, Retry-After, X-Request-Id';
const REQUEST_HEADERS = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
}

export function createRouter(o: RouterOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const exact = new Map<string, Compiled>();
  const patterned: Compiled[] = [];
  for (const route of o.routes) {
    const c = compile(route);
    if (c.names.length) patterned.push(c);
    else exact.set(route.path, c);
  }
  const match = (path: string) => {
    const found = exact.get(path);
    if (found) return { compiled: found, values: [] as string[] };
    for (const c of patterned) {
      const m = c.pattern.exec(path);
      if (m) return { compiled: c, values: m.slice(1) };
    }
    return undefined;
  };
  // As express reads its 'trust proxy' setting: a hop count trusts that many proxies in front.
  const hops = o.trustProxy;
  const trust =
    typeof hops === 'number'
      ? (_addr: string, i: number) => i < hops
      : hops === undefined
        ? () => false
        : proxyAddr.compile(
            hops
              .split(',')
              .map((a) => a.trim())
              .filter(Boolean),
          );
  const clientOf = (req: IncomingMessage) => (o.trustProxy === undefined ? (req.socket.remoteAddress ?? '') : proxyAddr(req, trust));
  const readBodies = new Map<number, (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void>();
  const bodyReader = (limit: number) => {
    let reader = readBodies.get(limit);
    if (!reader) readBodies.set(limit, (reader = express.raw({ type: () => true, limit }) as never));
    return reader;
  };

  return (req, res) => {
    const method = req.method === 'HEAD' ? 'HEAD' : (req.method ?? 'GET');
    const fail = (e: unknown, corsOpen = true) => {
      const reply = errorReply(e, req.url ?? '', o.log);
      if (corsOpen) reply.headers['Access-Control-Allow-Origin'] = '*';
      void writeReply({ method, headers: req.headers }, res, reply);
    };
    for (const [name, value] of Object.entries(o.securityHeaders)) res.setHeader(name, value);

    let target: { path: string; queryString: string };
    try {
      target = requestTarget(req.url ?? '/');
    } catch (e) {
      return fail(e);
    }
    const { path, queryString } = target;
    let found: ReturnType<typeof match>;
    try {
      found = match(path);
    } catch (e) {
      return fail(e);
    }
    if (!found) {
      // One spelling per resource: /void/ and /dumps answer where their canonical twin is.
      const twin = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
      if ((method === 'GET' || method === 'HEAD') && match(twin)) {
        return void writeReply(
          { method, headers: req.headers },
          res,
          redirect(301, twin + (queryString ? `?${queryString}` : ''), { 'Access-Control-Allow-Origin': '*' }),
        );
      }
      return fail(notFound(`Nothing at ${path}`));
    }
    const { route } = found.compiled;
    const corsOpen = route.cors !== false;
    if (corsOpen) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (route.csp) res.setHeader('Content-Security-Policy', route.csp);
    if (route.frameable) res.removeHeader('X-Frame-Options');

    const allowed = route.methods.includes('GET') ? [...route.methods, 'HEAD'] : [...route.methods];
    if (method === 'OPTIONS' && corsOpen) return void writeReply({ method, headers: req.headers }, res, preflight(req, allowed));
    if (!allowed.includes(method)) return fail(methodNotAllowed([...route.methods]), corsOpen);

    let params: Record<string, string>;
    let query: Map<string, string[]>;
    try {
      params = Object.fromEntries(found.compiled.names.map((n, i) => [n, decodeSegment(found.values[i]!)]));
      query = parseForm(queryString, 'URL query string');
    } catch (e) {
      return fail(e, corsOpen);
    }
    if (route.operatorsOnly && !isOperator(req, clientOf(req), o.operatorToken)) {
      return fail(
        forbidden("This route is for the server's operators: ask from the machine itself, or with the operators' token"),
        corsOpen,
      );
    }

    // A body over the limit by its declared length is refused before a byte of it is read, and the
    // connection closed rather than drained.
    if (method === 'POST' && route.maxBodyBytes !== undefined) {
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > route.maxBodyBytes) {
        res.setHeader('Connection', 'close');
        return fail(payloadTooLarge(route.maxBodyBytes), corsOpen);
      }
    }

    const aborted = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) aborted.abort();
    });
    const ctx: RequestContext = {
      req,
      res,
      method,
      headers: req.headers,
      path,
      query,
      params,
      pub: o.current(),
      client: clientOf(req),
      signal: aborted.signal,
    };
    clientAddress.set(req, ctx.client);

    const run = async () => {
      if (route.rateLimit) await limit(route.rateLimit, req, res);
      if (method === 'POST' && route.maxBodyBytes !== undefined)
        ctx.body = await readBody(bodyReader(route.maxBodyBytes), req, res, route.maxBodyBytes);
      const reply = await route.handle(ctx);
      if (aborted.signal.aborted) return;
      sendWithin(res, o.sendTimeoutMs);
      await writeReply({ method, headers: req.headers }, res, reply);
    };
    run().catch((e: unknown) => fail(e, corsOpen));
  };
}

/** The path and query string of the request target; the absolute form (`GET http://host/data/x`,
 *  as proxies send it) names the same resource as the origin form. */
export function requestTarget(url: string): { path: string; queryString: string } {
  let target = url;
  if (/^https?:\/\//i.test(target)) {
    const after = target.indexOf('/', target.indexOf('//') + 2);
    target = after < 0 ? '/' : target.slice(after);
  }
  if (!target.startsWith('/')) throw badRequest('The request target must be a path');
  const q = target.indexOf('?');
  const hash = target.indexOf('#');
  const end = hash < 0 ? target.length : hash;
  return q < 0 || q > end
    ? { path: target.slice(0, end), queryString: '' }
    : { path: target.slice(0, q), queryString: target.slice(q + 1, end) };
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.path
    .split(/(:[A-Za-z]+)/)
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw badRequest('Malformed percent-encoding in the path');
  }
}

function preflight(req: IncomingMessage, allowed: string[]): Reply {
  const asked = req.headers['access-control-request-headers'];
  const headers: Record<string, string> = {
    'Access-Control-Allow-Methods': [...allowed, 'OPTIONS'].join(', '),
    'Access-Control-Max-Age': '86400',
    Allow: [...allowed, 'OPTIONS'].join(', '),
  };
  // Any request header may be sent: nothing here depends on credentials, so reflecting is safe.
  if (typeof asked === 'string' && REQUEST_HEADERS.test(asked.trim())) headers['Access-Control-Allow-Headers'] = asked.trim();
  return { status: 204, headers, body: Buffer.alloc(0) };
}

function isOperator(req: IncomingMessage, client: string, token: string | undefined): boolean {
  if (token && req.headers.authorization === `Bearer ${token}`) return true;
  return client === '127.0.0.1' || client === '::1' || client === '::ffff:127.0.0.1';
}

/** Runs express-rate-limit's middleware; its refusal comes back as an error for the one writer. */
function limit(limiter: RequestHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    void limiter(req as never, res as never, (err?: unknown) => (err ? reject(err) : resolve()));
  });
}

function readBody(
  reader: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void,
  req: IncomingMessage,
  res: ServerResponse,
  limitBytes: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    reader(req, res, (err?: unknown) => {
      if (err) return reject(bodyError(err, limitBytes));
      const body = (req as { body?: unknown }).body;
      resolve(Buffer.isBuffer(body) ? body : Buffer.alloc(0));
    });
  });
}

/** The body parser's errors, as messages a client can act on. */
export function bodyError(err: unknown, limitBytes: number): unknown {
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large') return payloadTooLarge(limitBytes);
  if (type === 'encoding.unsupported')
    return new HttpError(415, 'Unsupported Content-Encoding: send the body uncompressed, gzip or deflate');
  if (type === 'request.aborted') return badRequest('The request body was cut short');
  return err;
}

/** A reply the client does not read within the time is cut off: its bytes are not held for it. */
function sendWithin(res: ServerResponse, ms: number): void {
  const socket = res.socket;
  if (!socket || ms <= 0) return;
  const cut = () => socket.destroy();
  socket.setTimeout(ms, cut);
  res.once('finish', () => {
    socket.setTimeout(0);
    socket.off('timeout', cut);
  });
}
