// The composition of the HTTP interface: every route is mounted here, errors last.
import express, { type Express } from 'express';
import type { Config } from '../config.js';
import type { Site } from '../publication.js';
import { errorHandler, notFound } from './errors.js';
import { dumpRoutes } from './routes/dumps.js';
import { healthRoutes } from './routes/health.js';
import { sparqlRoutes } from './routes/sparql.js';

export function createApp(site: Site, config: Config): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(healthRoutes(site));
  app.use(dumpRoutes(site));
  app.use(sparqlRoutes(site, { maxBodyBytes: config.sparql.maxBodyBytes }));

  app.use((req, _res, next) => next(notFound(`Nothing at ${req.path}`)));
  app.use(errorHandler());
  return app;
}
