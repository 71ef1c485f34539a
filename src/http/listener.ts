// The server's request listener. Every request gets the same operations first (graceful-shutdown
// marking, request id and log line, metrics, security headers); then the entity documents answer
// /resource, /data and /page from memory, and express routes everything else. Dereferencing is
// the hot path of a linked-data server: express's router alone costs more than sending a
// precomputed document (docs/BENCHMARKS.md, "Dereferencing"), so the documents come before it.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Config } from '../config.js';
import { createLogger, requestLogger, type Logger } from '../ops/logging.js';
import { Metrics } from '../ops/metrics.js';
import { securityHeaderSet } from '../ops/security.js';
import type { Site } from '../publication.js';
import { createApp } from './app.js';
import { entityDocuments } from './entity-documents.js';

export interface ListenerOps {
  metrics?: Metrics;
  logger?: Logger;
  /** Runs first on every request (graceful shutdown marks responses `Connection: close`). */
  before?: RequestHandler;
}

export function createRequestListener(site: Site, config: Config, ops: ListenerOps = {}): RequestListener {
  const metrics = ops.metrics ?? new Metrics({ defaultMetrics: false });
  const logger = ops.logger ?? createLogger(config.ops.logLevel);
  const app = createApp(site, config, { metrics, logger });
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
    if (!entities(req, res)) app(req, res);
  };
}
