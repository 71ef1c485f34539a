// The composition of the HTTP interface: every route is mounted here, errors last.
import compression from 'compression';
import express, { type Express } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import type { Site } from '../publication.js';
import { errorHandler, notFound } from './errors.js';
import { dumpRoutes } from './routes/dumps.js';
import { healthRoutes } from './routes/health.js';
import { sparqlRoutes } from './routes/sparql.js';
import { fragmentRoutes } from './routes/fragments.js';
import { searchRoutes } from './routes/search.js';
import { reconcileRoutes } from './routes/reconcile.js';
import { contextRoutes } from './routes/data.js';
import { entityDocuments } from './entity-documents.js';
import { landingRoutes } from './routes/landing.js';
import { ontologyRoutes } from './routes/ontology.js';
import { sourceRoutes } from './routes/source.js';
import { voidRoutes } from './routes/void.js';
import { dataCors, shouldCompress } from './send.js';

export function createApp(site: Site, config: Config): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(compression({ filter: shouldCompress }));

  app.use(healthRoutes(site));
  app.use(landingRoutes(site));
  // Entity routes: answered before express's router (the hot path; see entity-documents.ts), and
  // mounted here as well so any caller of the app gets them; preflight for them goes through express.
  const entities = entityDocuments(site);
  // express calls app.handle for every request (app.listen, http.createServer(app), sub-apps).
  const dispatcher = app as unknown as { handle: (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void };
  const handle = dispatcher.handle.bind(app);
  dispatcher.handle = (req, res, next) => {
    if (!entities(req, res)) handle(req, res, next);
  };
  app.options(['/resource/:slug', '/data/:name', '/page/:slug'], dataCors);
  app.get(['/resource/:slug', '/data/:name', '/page/:slug'], (req, res, next) => { if (!entities(req, res)) next(); });
  app.use(contextRoutes(site));
  app.use(ontologyRoutes(site));
  app.use(voidRoutes(site));
  app.use(sourceRoutes(site));
  app.use(dumpRoutes(site));
  app.use(sparqlRoutes(site, { ...config.sparql, baseUrl: config.baseUrl }));
  app.use(fragmentRoutes(site));
  app.use(searchRoutes(site));
  app.use(reconcileRoutes(site));

  app.use((req, _res, next) => next(notFound(`Nothing at ${req.path}`)));
  app.use(errorHandler());
  return app;
}
