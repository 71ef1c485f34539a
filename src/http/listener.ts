// The server's request listener. Every request gets the same operations first (graceful-shutdown
// marking, request id and log line, metrics, security headers); then the entity documents answer
// /resource, /data and /page from memory, /sparql's query requests go to the protocol, and express
// routes everything else. Dereferencing and querying are the hot paths of a linked-data server:
// express's router alone costs more than sending a precomputed document or a kept answer
// (docs/BENCHMARKS.md, "Dereferencing" and "SPARQL: what the HTTP layer adds"), so both come
// before it.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Config } from '../config.js';
import { createLogger, errorLog, requestLogger, type Logger } from '../ops/logging.js';
import { Metrics } from '../ops/metrics.js';
import { securityHeaderSet } from '../ops/security.js';
import type { Site } from '../publication.js';
import compression from 'compression';
import { rateLimiter } from '../ops/rate-limit.js';
import { createApp } from './app.js';
import { entityDocuments } from './entity-documents.js';
import { sparqlAnswerer } from './routes/sparql.js';
import { shouldCompress } from './send.js';
import { sparqlQueries } from './sparql-queries.js';

export interface ListenerOps {
  metrics?: Metrics;
  logger?: Logger;
  /** Runs first on every request (graceful shutdown marks responses `Connection: close`). */
  before?: RequestHandler;
}

export function createRequestListener(site: Site, config: Config, ops: ListenerOps = {}): RequestListener {
  const metrics = ops.metrics ?? new Metrics({ defaultMetrics: false });
  const logger = ops.logger ?? createLogger(config.ops.logLevel);
  // One limiter and one answerer (one set of kept answers) for /sparql, whichever path takes a request.
  // A remote store can be written from outside this server: its answers are kept only for the
  // time the operator allows (SPARQL_REMOTE_CACHE_SECONDS, default 0: never).
  const keepRemote = config.remote ? config.remote.cacheSeconds : 0;
  const sparql = { ...config.sparql, baseUrl: config.baseUrl, cacheBytes: config.remote && !keepRemote ? 0 : config.sparql.cacheBytes, ...(config.remote ? { remote: true, cacheSeconds: keepRemote } : {}) };
  const sparqlLimiter = rateLimiter({ limit: config.ops.sparqlPerMinute, windowMs: 60_000 }, metrics);
  const answer = sparqlAnswerer(site, sparql);
  const app = createApp(site, config, { metrics, logger, sparql: { options: sparql, limiter: sparqlLimiter, answer } });
  const queries = sparqlQueries({ answer, limiter: sparqlLimiter, compress: compression({ filter: shouldCompress }), maxBodyBytes: config.sparql.maxBodyBytes, log: errorLog(logger) });
  const logRequest = requestLogger(logger);
  const observe = metrics.observer();
  const security = Object.entries(securityHeaderSet());
  const entities = entityDocuments(site, (entry) => logger.error(entry));
  const noop = () => {};

  return (req: IncomingMessage, res: ServerResponse) => {
    ops.before?.(req as never, res as never, noop);
    logRequest(req, res);
    observe(req, res);
    for (const [name, value] of security) res.setHeader(name, value);
    if (!entities(req, res) && !queries(req, res)) app(req, res);
  };
}
