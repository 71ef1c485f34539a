// Per-client rate limits for the expensive routes (/sparql, /fragments, /reconcile): 429 with
// Retry-After. express-rate-limit's middleware, run by the router on node's own request.
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import { tooManyRequests } from './errors.js';
import type { Metrics } from '../ops/metrics.js';
import { routeLabel } from '../ops/metrics.js';

export interface RateLimitOptions {
  /** Requests allowed per client per window; 0 turns the limit off. */
  limit: number;
  windowMs: number;
}

/** The client of each request, as the router resolved it. */
export const clientAddress = new WeakMap<IncomingMessage, string>();

export function rateLimiter(options: RateLimitOptions, metrics?: Metrics): RequestHandler {
  if (options.limit <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // The client as the router resolved it (the peer, or behind a trusted proxy the address the
    // proxy saw); IPv6 clients are counted per /56, as the library's default does.
    keyGenerator: (req) =>
      ipKeyGenerator(
        clientAddress.get(req as unknown as IncomingMessage) ?? (req as unknown as IncomingMessage).socket.remoteAddress ?? '',
      ),
    // Its checks read express's own request (req.ip, req.app); the key above does not use them.
    validate: false,
    // The refusal goes back to the router as an error, for the one writer of replies.
    handler(req, _res, next, opts) {
      metrics?.rateLimited.inc({ route: routeLabel((req as unknown as IncomingMessage).url ?? '/') });
      next(
        tooManyRequests(
          `Too many requests: at most ${opts.limit} per ${Math.round(opts.windowMs / 1000)} s per client. Retry later.`,
          Math.ceil(opts.windowMs / 1000),
        ),
      );
    },
  });
}
