// The build (build.ts) run in a worker thread that exits when it is done. SHACL validation and
// parsing leave the heap and WebAssembly memory far larger than the graph they produce, and a
// process keeps such memory once it has grown; a thread that exits gives it back. The server
// builds this way at start and on reload; the graph comes back as N-Quads, parsed here with n3.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Parser, Writer } from 'n3';
import type { Config } from '../config.js';
import { workerEntry } from '../workers/entry.js';
import { buildKey, readCachedBuild, writeCachedBuild, type SerializedBuild } from './build-cache.js';
import type { BuildOptions, BuiltGraph } from './build.js';
import { minter } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';
import { parseSource } from './source.js';

export type BuildThreadReply = ({ ok: true } & SerializedBuild) | { ok: false; name: string; message: string };

const ENTRY = workerEntry(new URL('./build-thread.js', import.meta.url));

/** Where the graph being served comes from, told as the start goes (the CLI says it). */
export type BuildStep = 'data-file' | 'cached' | 'building';

/** The graph a server serves: DATA_FILE's, or the article built in a thread (cached by its
 *  inputs under OUT_DIR/build-cache unless BUILD_CACHE=0). */
export async function buildForServer(config: Config, onStep?: (step: BuildStep) => void): Promise<BuiltGraph> {
  if (config.dataFile) {
    onStep?.('data-file');
    return (await import('./data-file.js')).graphFromDataFile({
      path: config.dataFile,
      base: config.baseUrl,
      dataDir: config.dataDir,
      ontologyDir: config.ontologyDir,
    });
  }
  const cacheDir = config.buildCache ? join(config.outDir, 'build-cache') : undefined;
  return buildGraphOffThread({ base: config.baseUrl, dataDir: config.dataDir, ontologyDir: config.ontologyDir }, cacheDir, onStep);
}

/** Builds in a worker thread; with `cacheDir`, reads a build of the same inputs from there instead
 *  (see build-cache.ts), and keeps a new one there. A cache that cannot be written is not an error. */
export async function buildGraphOffThread(
  options: BuildOptions,
  cacheDir?: string,
  onStep?: (step: BuildStep) => void,
): Promise<BuiltGraph> {
  const key = cacheDir ? buildKey(options) : '';
  const cached = cacheDir ? readCachedBuild(cacheDir, key) : undefined;
  onStep?.(cached ? 'cached' : 'building');
  const built = cached ?? (await buildInThread(options));
  if (cacheDir && !cached) {
    try {
      writeCachedBuild(cacheDir, key, built);
    } catch {
      // A read-only OUT_DIR: the next start builds again.
    }
  }
  return fromSerialized(built, options);
}

async function buildInThread(options: BuildOptions): Promise<SerializedBuild> {
  const reply = await new Promise<BuildThreadReply>((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: options });
    let settled = false;
    worker.once('message', (m: BuildThreadReply) => {
      settled = true;
      resolve(m);
    });
    worker.once('error', (e) => reject(e));
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the build thread exited (code ${code}) without a graph`));
    });
  });
  if (!reply.ok) {
    // The build's own errors (provenance, SHACL) keep their name and report.
    const error = new Error(reply.message);
    error.name = reply.name;
    throw error;
  }
  const { ok: _ok, ...built } = reply;
  return built;
}

/** A built graph as it crosses to another thread or to disk. */
export function serializeBuild(graph: BuiltGraph): SerializedBuild {
  const writer = new Writer({ format: 'N-Quads' });
  const nquads = graph.quads.map((q) => writer.quadToString(q.subject, q.predicate, q.object, q.graph)).join('');
  return { nquads, source: graph.source.text, primaryTopic: graph.primaryTopic, builtAt: graph.builtAt.getTime(), buildMs: graph.buildMs };
}

export function fromSerialized(reply: SerializedBuild, options: Pick<BuildOptions, 'base'>): BuiltGraph {
  // Blank node labels as the build wrote them, so the graph is the one that was validated.
  const quads = new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(reply.nquads) as Quad[];
  return {
    minter: minter(options.base),
    quads,
    source: parseSource(reply.source),
    primaryTopic: reply.primaryTopic,
    builtAt: new Date(reply.builtAt),
    buildMs: reply.buildMs,
  };
}
