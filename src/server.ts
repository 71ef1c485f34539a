// The composition root: config → graph → store → publication → app → listening server.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { buildGraph } from './graph/build.js';
import { createApp } from './http/app.js';
import { publish, Site } from './publication.js';
import { EmbeddedStore } from './store/embedded.js';

export interface RunningServer {
  url: string;
  server: Server;
  site: Site;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  // Build and validate first: a graph that fails is never served.
  const graph = await buildGraph({ base: config.baseUrl, dataDir: config.dataDir, ontologyDir: config.ontologyDir });
  const store = new EmbeddedStore();
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
