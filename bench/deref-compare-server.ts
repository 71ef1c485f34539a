// One side of bench/deref-compare.ts, in its own process so each server has the same share of the
// machine:
//   app   the real request listener (build, publish, every operations middleware, express) on a port;
//   bare  a bare node:http server that answers every request with the bytes it is sent over IPC.
// It tells the parent its URL, and its RSS when asked.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.js';
import { buildGraph } from '../src/graph/build.js';
import { createRequestListener } from '../src/http/listener.js';
import { publish, CurrentPublication } from '../src/publication/publication.js';
import { WorkerPool } from '../src/store/worker-pool.js';

type Message = { kind: 'rss' } | { kind: 'bytes'; body: string; contentType: string };

const send = (m: unknown) => process.send!(m);

async function app(): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
  const graph = await buildGraph({ base: config.baseUrl, dataDir: config.dataDir, ontologyDir: config.ontologyDir });
  // Dereferencing never queries the store: one query worker, as the server keeps while idle.
  const site = new CurrentPublication(await publish(graph, new WorkerPool({ ...config.sparql, workers: 1, minWorkers: 1 })));
  const server = createServer(createRequestListener(site, config)).listen(0, '127.0.0.1', () => {
    send({ kind: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
  });
}

function bare(body: Buffer, contentType: string): void {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => send({ kind: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }));
}

process.on('message', (m: Message) => {
  if (m.kind === 'rss') send({ kind: 'rss', rss: process.memoryUsage().rss });
  if (m.kind === 'bytes') bare(Buffer.from(m.body, 'base64'), m.contentType);
});
process.on('disconnect', () => process.exit(0));

if (process.argv[2] === 'app') await app();
