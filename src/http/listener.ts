// The server's request listener: the operations every request gets first (graceful-shutdown
// marking, request id and log line, metrics), then the one router over the route table.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import { createLogger, errorLog, requestLogger, type Logger } from '../ops/logging.js';
import { Metrics } from '../ops/metrics.js';
import { securityHeaderSet } from '../ops/security.js';
import type { CurrentPublication } from '../publication/publication.js';
import { createRouter } from './router.js';
import { routeTable } from './routes.js';

export interface ListenerOps {
  metrics?: Metrics;
  logger?: Logger;
  /** Runs first on every request (graceful shutdown marks responses `Connection: close`). */
  before?: (req: IncomingMessage, res: ServerResponse) => void;
}

export function createRequestListener(site: CurrentPublication, config: Config, ops: ListenerOps = {}): RequestListener {
  const metrics = ops.metrics ?? new Metrics({ defaultMetrics: false });
  const logger = ops.logger ?? createLogger(config.ops.logLevel);
  const route = createRouter({
    routes: routeTable(config, metrics, site),
    current: () => site.current,
    securityHeaders: securityHeaderSet(),
    trustProxy: config.ops.trustProxy,
    ...(config.ops.metricsToken ? { operatorToken: config.ops.metricsToken } : {}),
    sendTimeoutMs: config.ops.sendTimeoutMs,
    log: errorLog(logger),
  });
  const logRequest = requestLogger(logger);
  const observe = metrics.observer();

  return (req: IncomingMessage, res: ServerResponse) => {
    ops.before?.(req, res);
    logRequest(req, res);
    observe(req, res);
    route(req, res);
  };
}
