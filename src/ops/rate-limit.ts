// Per-client rate limits for the expensive routes (/sparql, /reconcile): 429 with Retry-After.
// express-rate-limit's middleware, keyed by the connection's address and answering with node's own
// response methods, so the same limiter serves express's routes and /sparql's query requests,
// which the listener answers before express (src/http/sparql-queries.ts).
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from './metrics.js';
import { routeLabel } from './metrics.js';

export interface RateLimitOptions {
  /** Requests allowed per client per window; 0 turns the limit off. */
  limit: number;
  windowMs: number;
}

export function rateLimiter(options: RateLimitOptions, metrics?: Metrics): RequestHandler {
  if (options.limit <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // The client is the connection's peer (this server sets no 'trust proxy', so express's req.ip
    // is the same address); IPv6 clients are counted per /56, as the library's default does.
    keyGenerator: (req) => ipKeyGenerator((req as unknown as IncomingMessage).socket.remoteAddress ?? ''),
    // Its checks read express's own request (req.ip, req.app); the key above does not use them.
    validate: false,
    handler(req, res, _next, opts) {
      const request = req as unknown as IncomingMessage;
      const response = res as unknown as ServerResponse;
      // Under app.use('/reconcile', …) express strips the mount from req.url; originalUrl keeps it.
      metrics?.rateLimited.inc({ route: routeLabel((request as { originalUrl?: string }).originalUrl ?? request.url ?? '/') });
      const body = Buffer.from(`Too many requests: at most ${opts.limit} per ${Math.round(opts.windowMs / 1000)} s per client. Retry later.\n`);
      response.statusCode = 429;
      response.setHeader('Retry-After', String(Math.ceil(opts.windowMs / 1000)));
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      response.setHeader('Content-Length', body.length);
      response.end(request.method === 'HEAD' ? undefined : body);
    },
  });
}
