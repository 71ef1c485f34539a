// Per-client rate limits for the expensive routes (/sparql, /reconcile): 429 with Retry-After.
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
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
    handler(req, res, _next, opts) {
      metrics?.rateLimited.inc({ route: routeLabel(req.originalUrl) });
      res.set('Retry-After', String(Math.ceil(opts.windowMs / 1000)));
      res.status(429).type('text/plain; charset=utf-8').send(`Too many requests: at most ${opts.limit} per ${Math.round(opts.windowMs / 1000)} s per client. Retry later.\n`);
    },
  });
}
