// The composition root: config → graph → store → publication → app → listening server.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { buildGraph } from './graph/build.js';
import { graphFromDataFile } from './graph/data-file.js';
import { createApp } from './http/app.js';
import { publish, Site } from './publication.js';
import { WorkerPool } from './store/worker-pool.js';
import { publisherStore } from './store/remote.js';

export interface RunningServer {
  url: string;
  server: Server;
  site: Site;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  // Build and validate first: a graph that fails is never served.
  const graph = config.dataFile
    ? await graphFromDataFile({ path: config.dataFile, base: config.baseUrl, dataDir: config.dataDir, ontologyDir: config.ontologyDir })
    : await buildGraph({ base: config.baseUrl, dataDir: config.dataDir, ontologyDir: config.ontologyDir });
  // SPARQL_ENDPOINT set: queries go to that shared store (filled by `busanjin load`); the graph is
  // still built here, validated, and serves the documents.
  const store = config.remote ? publisherStore(config.remote, config.sparql) : new WorkerPool(config.sparql);
  const site = new Site(await publish(graph, store));
  const app = createApp(site, config);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${port}/`,
    server,
    site,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await site.current.store.close();
    },
  };
}
