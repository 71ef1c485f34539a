// The composition root: config → graph → store → publication → app → listening server, with the
// operations around it (logs, metrics, reload, graceful shutdown).
import { watch, type FSWatcher } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import type { BuiltGraph } from './graph/build.js';
import { buildForServer } from './graph/build-off-thread.js';
import { createServer } from 'node:http';
import { createRequestListener } from './http/listener.js';
import { createLogger, type Logger } from './ops/logging.js';
import { Metrics } from './ops/metrics.js';
import { createReloader, type ReloadOutcome } from './ops/reload.js';
import { gracefulShutdown } from './ops/shutdown.js';
import { publish, CurrentPublication, warmInBackground } from './publication/publication.js';
import type { GraphStore } from './store/store.js';
import { publisherStore } from './store/remote.js';
import { WorkerPool } from './store/worker-pool.js';

export interface RunningServer {
  url: string;
  server: Server;
  site: CurrentPublication;
  metrics: Metrics;
  logger: Logger;
  /** Rebuilds from data/ and swaps the new graph in; keeps the old one if the build fails. */
  reload(reason?: string): Promise<ReloadOutcome>;
  /** Graceful: finishes in-flight requests within the deadline, then releases the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** The first build, already under way (the CLI starts it before loading the server's modules,
   *  so that on a first start the build thread and those imports overlap). */
  firstBuild?: Promise<BuiltGraph>;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = createLogger(config.ops.logLevel);
  const metrics = new Metrics();
  // The article's build runs in a thread that exits, so its peak memory is not kept, and is reused
  // from OUT_DIR/build-cache while its inputs are unchanged (build-off-thread.ts, build-cache.ts).
  const build = () => buildForServer(config);
  // SPARQL_ENDPOINT set: queries go to that shared store (filled by `busanjin load`); the graph is
  // still built here, validated, and serves the documents. Otherwise a pool of query workers.
  const createStore = (): GraphStore =>
    config.remote
      ? publisherStore(config.remote, config.sparql, (entry) => logger.warn(entry))
      : new WorkerPool({
          ...config.sparql,
          onEvent(event) {
            if (event === 'timeout') metrics.queryTimeouts.inc();
            if (event === 'restart') metrics.workerRestarts.inc();
            if (event === 'crash') logger.error('a query worker crashed; it is being replaced');
          },
        });

  // Build and validate first: a graph that fails is never served. The store starts meanwhile (its
  // query workers compile oxigraph while the build runs in its own thread).
  const publishOptions = { documentCacheBytes: config.ops.documentCacheMb * 1024 * 1024 };
  const store = createStore();
  const graph = await (options.firstBuild ?? build()).catch(async (e: unknown) => {
    await store.close();
    throw e;
  });
  const site = new CurrentPublication(await publish(graph, store, publishOptions));
  metrics.observeWorkers(() => {
    const current = site.current.store;
    return current instanceof WorkerPool ? current.stats.workers : undefined;
  });
  const reloader = createReloader({
    site,
    rebuild: build,
    createStore,
    retireAfterMs: config.sparql.timeoutMs + 1000,
    metrics,
    logger,
    publishOptions,
  });

  // Assigned once the server listens; the listener reads it for every request from then on.
  // eslint-disable-next-line prefer-const
  let shutdown: ReturnType<typeof gracefulShutdown> | undefined;
  const listener = createRequestListener(site, config, { metrics, logger, before: (req, res) => shutdown?.mark(req, res) });
  // Node checks the header and request timeouts on an interval (30 s by default): check often
  // enough that a slow client is cut off near its deadline.
  const server = createServer({ connectionsCheckingInterval: Math.min(1000, config.ops.headersTimeoutMs) }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  // Slow clients: a client that trickles its headers or its body is cut off.
  server.headersTimeout = config.ops.headersTimeoutMs;
  server.requestTimeout = config.ops.requestTimeoutMs;
  warmInBackground(site, logger);

  const watchers: FSWatcher[] = config.ops.watch && !config.dataFile ? watchData(config, () => void reloader.reload('files changed')) : [];
  shutdown = gracefulShutdown(server, {
    deadlineMs: config.ops.shutdownDeadlineMs,
    async onClosed() {
      for (const w of watchers) w.close();
      await reloader.close();
      await site.current.store.close();
    },
  });

  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${port}/`,
    server,
    site,
    metrics,
    logger,
    reload: (reason = 'requested') => reloader.reload(reason),
    close: () => shutdown!.shutdown(),
  };
}

/** Watches data/ and ontology/, folding a burst of changes (an editor's save) into one reload. */
function watchData(config: Config, onChange: () => void): FSWatcher[] {
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 300);
  };
  return [config.dataDir, config.ontologyDir].map((dir) => watch(dir, { recursive: false }, changed));
}
