// Prometheus metrics (prom-client), one registry per app so that several servers in one process
// (tests) never share counters. Route labels are the first path segment, to keep cardinality bounded.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const ROUTES = new Set([
  'resource',
  'data',
  'page',
  'ontology',
  'sparql',
  'fragments',
  'search',
  'reconcile',
  'void',
  '.well-known',
  'dumps',
  'healthz',
  'metrics',
  'source',
  'assets',
  'context.jsonld',
  'claim',
  'graph',
  'link',
  'robots.txt',
  'sitemap.xml',
  'favicon.ico',
  '',
]);

export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['route', 'method'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly queryTimeouts = new Counter({
    name: 'sparql_query_timeouts_total',
    help: 'SPARQL queries stopped at their time limit',
    registers: [this.registry],
  });
  readonly workerRestarts = new Counter({
    name: 'sparql_worker_restarts_total',
    help: 'Query workers replaced (after a timeout or a crash)',
    registers: [this.registry],
  });
  readonly reloads = new Counter({
    name: 'graph_reloads_total',
    help: 'Graph reloads by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'http_rate_limited_total',
    help: 'Requests refused by the rate limiter',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });
  /** Read when scraped: the embedded store's pool grows under load and shrinks when idle. */
  private readWorkers: () => number | undefined = () => undefined;
  readonly queryWorkers = new Gauge({
    name: 'sparql_workers',
    help: 'Query workers running now (embedded store)',
    registers: [this.registry],
    collect: () => {
      const n = this.readWorkers();
      if (n !== undefined) this.queryWorkers.set(n);
    },
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Where `sparql_workers` is read from (the current publication's store). */
  observeWorkers(read: () => number | undefined): void {
    this.readWorkers = read;
  }

  /** Counts a request and its latency when its response finishes (a plain node:http hook). */
  observer(): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const route = routeLabel(req.url ?? '/');
        const method = req.method ?? 'GET';
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.requests.inc({ route, method, status: String(res.statusCode) });
        this.latency.observe({ route, method }, seconds);
      });
    };
  }

  /** The Prometheus exposition text, and its Content-Type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

export function routeLabel(url: string): string {
  const first = url.split(/[/?#]/)[1] ?? '';
  return ROUTES.has(first) ? `/${first}` : 'other';
}
