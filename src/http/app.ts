// The express application: every route but the entity documents and /sparql's query requests (see
// listener.ts, which runs the operations middleware for all requests, answers those two, and hands
// everything else over to this app), errors last.
import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import type { Config } from '../config.js';
import { errorLog, type Logger } from '../ops/logging.js';
import type { Metrics } from '../ops/metrics.js';
import { rateLimiter } from '../ops/rate-limit.js';
import type { Site } from '../publication.js';
import { errorHandler, notFound } from './errors.js';
import { strictQueryString } from './query-string.js';
import { contextRoutes } from './routes/data.js';
import { dumpRoutes } from './routes/dumps.js';
import { fragmentRoutes } from './routes/fragments.js';
import { healthRoutes } from './routes/health.js';
import { landingRoutes } from './routes/landing.js';
import { ontologyRoutes } from './routes/ontology.js';
import { reconcileRoutes } from './routes/reconcile.js';
import { searchRoutes } from './routes/search.js';
import { sourceRoutes } from './routes/source.js';
import { sparqlRoutes, type QueryAnswerer, type SparqlOptions } from './routes/sparql.js';
import { voidRoutes } from './routes/void.js';
import { dataCors, shouldCompress } from './send.js';

export interface AppOps {
  metrics: Metrics;
  logger: Logger;
  /** /sparql's settings, rate limiter and answerer, shared with the listener's path for queries. */
  sparql: { options: SparqlOptions; limiter: RequestHandler; answer: QueryAnswerer };
}

export function createApp(site: Site, config: Config, ops: AppOps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(strictQueryString);
  app.get('/metrics', ops.metrics.handler());
  app.use(healthRoutes(site));
  // Preflight for the entity routes (their GET and HEAD are answered in listener.ts).
  app.options(['/resource/:slug', '/data/:name', '/page/:slug'], dataCors);

  app.use(compression({ filter: shouldCompress }));
  app.use(landingRoutes(site));
  app.use(contextRoutes(site));
  app.use(ontologyRoutes(site));
  app.use(voidRoutes(site));
  app.use(sourceRoutes(site));
  app.use(dumpRoutes(site));
  app.use('/sparql', ops.sparql.limiter);
  app.use(sparqlRoutes(site, ops.sparql.options, ops.sparql.answer));
  app.use(fragmentRoutes(site));
  app.use(searchRoutes(site));
  app.use('/reconcile', rateLimiter({ limit: config.ops.reconcilePerMinute, windowMs: 60_000 }, ops.metrics));
  app.use(reconcileRoutes(site));

  app.use((req, _res, next) => next(notFound(`Nothing at ${req.path}`)));
  app.use(errorHandler(errorLog(ops.logger)));
  return app;
}
