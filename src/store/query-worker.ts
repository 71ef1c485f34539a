// One query worker: its own oxigraph store, loaded from N-Quads, answering one query at a time.
// It runs in a worker thread because oxigraph's calls are synchronous: a runaway query blocks this
// thread only, and the pool terminates it when the time is up.
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import oxigraph from 'oxigraph';
import { JoinOrder, STATS_QUERY, statsFrom } from './join-order.js';
import { lineBlocks } from './line-blocks.js';
import type { Fatal, WorkerReady, WorkerReply, WorkerRequest } from './worker-protocol.js';

/** oxigraph copies what it parses into WebAssembly memory, which never shrinks: a big dataset is
 *  fed in blocks cut at line ends. Only without blank nodes: each load() call has blank nodes of
 *  its own, so `_:b1` in two blocks would be two nodes. */
const BLOCK = 16 * 1024 * 1024;
const BLANK = Buffer.from('_:');

function load(nquads: Uint8Array): oxigraph.Store {
  const next = new oxigraph.Store();
  const bytes = Buffer.from(nquads.buffer, nquads.byteOffset, nquads.byteLength);
  const inBlocks = bytes.length > BLOCK && !bytes.includes(BLANK);
  for (const block of inBlocks ? lineBlocks(bytes, BLOCK) : [bytes]) {
    if (block.length) next.load(block.toString('utf8'), { format: 'application/n-quads' });
  }
  next.update(MERGE);
  joinOrder = new JoinOrder(statsFrom(next.query(STATS_QUERY, { results_format: 'application/sparql-results+json' }) as string));
  return next;
}

/** The data's predicate counts, taken at load: each BGP of a query is written smallest-first. */
let joinOrder: JoinOrder;

/** The request with its texts in the join order of the data (see join-order.ts). */
function planned(req: Extract<WorkerRequest, { type: 'query' }>): Extract<WorkerRequest, { type: 'query' }> {
  const text = (q: string) => joinOrder.text(q, req.baseIri);
  const query = text(req.query);
  if (query === req.query) return req;
  return {
    ...req,
    query,
    ...(req.probeQuery ? { probeQuery: text(req.probeQuery) } : {}),
    ...(req.cappedQuery ? { cappedQuery: text(req.cappedQuery) } : {}),
  };
}

/** Runs the query in the data's join order; should oxigraph refuse the text written back, the
 *  query as it was asked. */
function run(asked: Extract<WorkerRequest, { type: 'query' }>): WorkerReply {
  const req = planned(asked);
  if (req === asked) return evaluate(asked);
  try {
    return evaluate(req);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) throw e;
    return evaluate(asked);
  }
}

/** The default graph a query without a dataset sees is the merge of every graph: each statement
 *  once, however many graphs hold it. oxigraph's own union default graph repeats a statement once
 *  per graph that holds it (upstream #1919), so the merge is written into the store's default
 *  graph at load and those queries read it; GRAPH still sees the named graphs as they are. An
 *  update (not a second load) keeps a blank node the same node in both places. */
const MERGE = 'INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }';

const initial = workerData as { nquads?: Uint8Array } | undefined;
let store = load(initial?.nquads ?? new Uint8Array(0));
// workerData lives as long as the worker: let the data go once the store holds it (at a million
// quads, some 180 MB per worker).
if (initial) initial.nquads = new Uint8Array(0);

function datasetOptions(req: Extract<WorkerRequest, { type: 'query' }>) {
  const { dataset } = req;
  if (dataset === 'query') return {}; // the query's own FROM / FROM NAMED
  // The store's own default graph: the merge written at load (see MERGE); the named graphs are all of them.
  if (dataset === 'union') return {};
  return {
    default_graph: dataset.defaultGraphs.map((g) => oxigraph.namedNode(g)),
    named_graphs: dataset.namedGraphs.map((g) => oxigraph.namedNode(g)),
  };
}

/** Runs one query. The row cap is a LIMIT the pool put in the query text: `probeQuery` asks for
 *  cap + 1 rows (one extra row tells whether the result goes over), `cappedQuery` for cap rows.
 *  oxigraph serializes the results itself, so typed literals come out in SPARQL 1.1 style. */
function evaluate(req: Extract<WorkerRequest, { type: 'query' }>): WorkerReply {
  const options = { ...datasetOptions(req), ...(req.baseIri ? { base_iri: req.baseIri } : {}) };
  const serialized = (text: string) => store.query(text, { ...options, results_format: req.format }) as string;
  if (req.form === 'SELECT') {
    if (!req.probeQuery || !req.cappedQuery) return { id: req.id, ok: true, body: serialized(req.query), truncated: false };
    if (req.format === 'application/sparql-results+json') {
      const body = serialized(req.probeQuery);
      // A row takes at least 3 characters (`{},`): a shorter answer cannot hold more than the cap.
      const rows =
        body.length < 3 * (req.maxRows + 1) ? 0 : (JSON.parse(body) as { results: { bindings: unknown[] } }).results.bindings.length;
      return rows > req.maxRows
        ? { id: req.id, ok: true, body: serialized(req.cappedQuery), truncated: true }
        : { id: req.id, ok: true, body, truncated: false };
    }
    const rows = (store.query(req.probeQuery, options) as unknown[]).length;
    const truncated = rows > req.maxRows;
    return { id: req.id, ok: true, body: serialized(truncated ? req.cappedQuery : req.probeQuery), truncated };
  }
  if (req.form === 'ASK') {
    return { id: req.id, ok: true, body: serialized(req.query), truncated: false };
  }
  // CONSTRUCT / DESCRIBE: written here, in the asked RDF format, so the main thread only forwards
  // the text. `probeQuery` lets through only the solutions that can make the cap and one more
  // triple, so the engine never builds (nor writes) a graph past the cap.
  const text = req.probeQuery ?? req.query;
  const body = serialized(text);
  const cut = cutAt(body, text, req, options);
  if (cut.truncated || !req.moreQuery) return { id: req.id, ok: true, ...cut };
  // Within the cap by its triples, but maybe only because the solutions were limited: a row past
  // them says the graph was cut.
  const more = (store.query(req.moreQuery, options) as unknown[]).length > 0;
  return { id: req.id, ok: true, body: cut.body, truncated: more };
}

/** A graph's text cut at the row cap. A triple takes at least 2 characters in every format, so a
 *  shorter text is within the cap; a longer one is counted as N-Triples (one triple a line) and cut there. */
function cutAt(
  body: string,
  query: string,
  req: Extract<WorkerRequest, { type: 'query' }>,
  options: object,
): { body: string; truncated: boolean } {
  if (body.length < 2 * (req.maxRows + 1)) return { body, truncated: false };
  const lines = LINE_FORMATS.has(req.format)
    ? body
    : (store.query(query, { ...options, results_format: 'application/n-triples' }) as string);
  const kept = firstLines(lines, req.maxRows);
  if (kept.length === lines.length) return { body, truncated: false };
  return { body: inFormat(kept, req.format), truncated: true };
}

/** Formats that write a graph one triple a line (N-Quads of the default graph is N-Triples). */
const LINE_FORMATS = new Set(['application/n-triples', 'application/n-quads']);

/** The first `n` lines of `text` (all of it when it has no more). */
function firstLines(text: string, n: number): string {
  let end = -1;
  for (let i = 0; i < n; i++) {
    end = text.indexOf('\n', end + 1);
    if (end < 0) return text;
  }
  return text.slice(0, end + 1);
}

/** N-Triples in another RDF format. N-Quads of the default graph is the same text; TriG and the
 *  formats of one graph are written by oxigraph from a store holding just these triples. */
function inFormat(ntriples: string, format: string): string {
  if (LINE_FORMATS.has(format)) return ntriples;
  const graph = new oxigraph.Store();
  graph.load(ntriples, { format: 'application/n-triples' });
  return format === 'application/trig' ? graph.dump({ format }) : graph.dump({ format, from_graph_name: oxigraph.defaultGraph() });
}

/** Memory outside the JavaScript heap: oxigraph's WebAssembly memory, which grows with what a
 *  query builds and never shrinks. V8's own figure: process.memoryUsage() gives the same number
 *  but reads /proc for the RSS too, which cost a tenth of a short query's time. */
const external = () => getHeapStatistics().external_memory;

/** An error of the engine's own (a syntax or evaluation error) is a plain Error. A stack overflow
 *  (RangeError) or a WebAssembly trap may leave oxigraph's memory corrupt: the next query would
 *  fail with "memory access out of bounds". */
function fatality(e: unknown): Fatal | undefined {
  if (e instanceof RangeError) return 'stack';
  if (e instanceof WebAssembly.RuntimeError || !(e instanceof Error) || e.constructor !== Error) return 'panic';
  return undefined;
}

parentPort!.on('message', (req: WorkerRequest) => {
  if (req.type === 'load') {
    store = load(req.nquads);
    parentPort!.postMessage({ id: req.id, ok: true, body: '', truncated: false, external: external() } satisfies WorkerReply);
    return;
  }
  let reply: WorkerReply;
  try {
    const started = performance.now();
    reply = run(req);
    if (reply.ok) {
      reply.ms = performance.now() - started;
      reply.external = external();
    }
  } catch (e) {
    const fatal = fatality(e);
    const error = e instanceof Error ? e.message : String(e);
    // This worker must not answer again: the pool replaces it when it reads this reply.
    reply = fatal ? { id: req.id, ok: false, error, fatal } : { id: req.id, ok: false, error };
  }
  parentPort!.postMessage(reply);
});

parentPort!.postMessage({ ready: true, external: external() } satisfies WorkerReady);
