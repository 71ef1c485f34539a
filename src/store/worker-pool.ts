// The embedded store as a pool of worker threads, each holding its own oxigraph store loaded
// from the publication's N-Quads. oxigraph's calls are synchronous, so a query runs off the main
// thread; one past its time limit has its worker terminated and replaced, and the rest of the
// server keeps answering. A bounded queue holds what waits for a free worker.
// The pool is elastic: `minWorkers` run at all times; when a query finds every worker busy, another
// is started (up to `workers`), and one beyond the minimum that stays idle for `workerIdleMs` is let
// go. Each worker holds a Node environment and an oxigraph instance with its own copy of the data
// (some 15-20 MB for the article), so an idle publisher does not keep workers it is not using.
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../workers/entry.js';
import { Parser, Writer } from 'n3';
import type { Quad } from '../graph/rdf-terms.js';
import { formatByMediaType } from '../rdf/formats.js';
import { analyze, type QueryAnalysis } from '../sparql/analyze.js';
import {
  QueryEvaluationError, QueryTimeoutError, QueueFullError, StoreUnavailableError,
  type GraphStore, type QueryOptions, type QueryResult,
} from './store.js';
import type { DatasetSpec, WorkerReady, WorkerReply, WorkerRequest } from './worker-protocol.js';

/** The worker running a query crashed or was killed: the query has no answer, its worker was replaced. */
export class QueryCrashedError extends Error {
  override name = 'QueryCrashedError';
}

export interface PoolOptions {
  /** Workers at most. */
  workers: number;
  /** Workers kept while idle (default: `workers`, a fixed pool). */
  minWorkers?: number;
  /** Idle time after which a worker beyond the minimum is let go (default 30 s). */
  workerIdleMs?: number;
  queueSize: number;
  timeoutMs: number;
  maxRows: number;
  /** Told of timeouts, crashes and worker replacements (for metrics and logs). */
  onEvent?: (event: PoolEvent) => void;
}

export type PoolEvent = 'timeout' | 'crash' | 'restart';

type QueryRequest = Extract<WorkerRequest, { type: 'query' }>;
type Settle = { resolve: (r: WorkerReply) => void; reject: (e: Error) => void };

interface Job extends Settle {
  request: Omit<QueryRequest, 'id'>;
  timeoutMs: number;
}

interface Slot {
  worker: Worker;
  /** Started and loaded: a query's time limit counts from its dispatch, so none is sent before. */
  ready: boolean;
  /** The query it runs, if any: one at a time. */
  running?: { id: number; job: Job; timer: NodeJS.Timeout };
  /** Loads it was sent and has not acknowledged. */
  loads: Map<number, Settle>;
  /** Armed while it is idle and beyond the pool's minimum: lets it go when it fires. */
  idleTimer?: NodeJS.Timeout;
}

// The worker is JavaScript beside this file once compiled, TypeScript under vitest and tsx.
const WORKER_ENTRY = workerEntry(new URL('./query-worker.js', import.meta.url));

export class WorkerPool implements GraphStore {
  readonly kind = 'embedded' as const;
  /** The data as N-Quads in UTF-8, kept to load a worker started later (a replacement). */
  private nquads: Uint8Array = new Uint8Array(0);
  private dataVersion = 0;
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers that failed (not timed out) since one last answered: past a few, the pool stops
   *  respawning, so a worker that cannot start does not loop; health checks then fail. */
  private failures = 0;
  /** Workers started in place of one that timed out, crashed or exited. */
  private restarts = 0;

  private readonly minWorkers: number;
  private readonly idleMs: number;

  constructor(private readonly options: PoolOptions) {
    this.minWorkers = Math.max(1, Math.min(options.workers, options.minWorkers ?? options.workers));
    this.idleMs = options.workerIdleMs ?? 30_000;
    for (let i = 0; i < this.minWorkers; i++) this.slots.push(this.spawn());
  }

  /** Moves on when the data changes: at the start of a replace and again when every worker has
   *  the new data, so what was learnt from the data in between is not kept (see fragments.ts). */
  get version(): number {
    return this.dataVersion;
  }

  /** Loads every worker with these quads; a worker that starts later loads them too. */
  async replace(quads: Quad[]): Promise<void> {
    this.dataVersion++;
    this.nquads = Buffer.from(new Writer({ format: 'N-Quads' }).quadsToString(quads), 'utf8');
    try {
      await Promise.all(this.slots.map((slot) => this.load(slot)));
    } finally {
      this.dataVersion++;
    }
  }

  async query(query: string, options: QueryOptions): Promise<QueryResult> {
    const analysis = options.analysis ?? analyze(query, options.baseIri);
    const maxRows = options.maxRows ?? this.options.maxRows;
    // CONSTRUCT/DESCRIBE are written by the worker in the asked RDF format, like SELECT's results.
    const graphForm = analysis.form === 'CONSTRUCT' || analysis.form === 'DESCRIBE';
    const format = graphForm ? formatByMediaType(options.resultsFormat)?.mediaType : options.resultsFormat;
    if (!format) throw new Error(`no RDF format for ${options.resultsFormat}`);
    // A query whose own LIMIT keeps it within the cap runs as it is; any other is asked for one
    // row more than the cap (its own text when its LIMIT is exactly that), to tell if it goes over.
    const cappedQuery = analysis.capped(maxRows);
    const probeQuery = cappedQuery ? (analysis.capped(maxRows + 1) ?? query) : undefined;
    const request: Omit<QueryRequest, 'id'> = {
      type: 'query',
      form: analysis.form,
      query,
      maxRows,
      format,
      dataset: datasetSpec(options, analysis),
      ...(options.baseIri ? { baseIri: options.baseIri } : {}),
      ...(probeQuery && cappedQuery ? { probeQuery, cappedQuery } : {}),
    };
    const reply = await this.submit(request, options.timeoutMs ?? this.options.timeoutMs);
    return { body: reply.body, mediaType: format, truncated: reply.truncated, ...(reply.ms !== undefined ? { engineMs: reply.ms } : {}) };
  }

  async construct(query: string): Promise<Quad[]> {
    const analysis = analyze(query);
    if (analysis.form !== 'CONSTRUCT' && analysis.form !== 'DESCRIBE') throw new Error('not a CONSTRUCT or DESCRIBE query');
    const reply = await this.submit(
      { type: 'query', form: analysis.form, query, maxRows: Number.MAX_SAFE_INTEGER, format: 'application/n-quads', dataset: 'union' },
      this.options.timeoutMs,
    );
    return new Parser({ format: 'N-Quads' }).parse(reply.body) as Quad[];
  }

  /** Answers without going through the queue, so a health check never waits behind a long query. */
  async ping(): Promise<boolean> {
    return !this.closed && this.slots.length > 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new StoreUnavailableError('the query pool is closed'));
    const slots = this.slots.splice(0);
    for (const slot of slots) this.abandon(slot, new StoreUnavailableError('the query pool is closed'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** Fault injection, for tests: ends the thread of the worker running a query now, as a crash
   *  would (the pool sees it exit). Resolves true if a worker was running a query. */
  async killBusyWorker(): Promise<boolean> {
    const slot = this.slots.find((s) => s.running);
    if (!slot) return false;
    await slot.worker.terminate();
    return true;
  }

  /** Workers (running now) and queue, for the Service Description and tests. */
  get stats() {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.running).length, queued: this.queue.length, restarts: this.restarts };
  }

  private submit(request: Omit<QueryRequest, 'id'>, timeoutMs: number): Promise<Extract<WorkerReply, { ok: true }>> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the query pool is closed'));
    if (!this.slots.length) return Promise.reject(new StoreUnavailableError('no query worker could be started'));
    return new Promise<WorkerReply>((resolve, reject) => {
      const job: Job = { request, timeoutMs, resolve, reject };
      const free = this.slots.find((s) => s.ready && !s.running);
      if (free) return this.dispatch(free, job);
      // Every worker busy: start another if the pool may grow and the workers already starting
      // are all spoken for by the queue. The job waits for whichever worker frees first.
      const starting = this.slots.filter((s) => !s.ready).length;
      if (this.slots.length < this.options.workers && starting <= this.queue.length) {
        this.slots.push(this.spawn());
        this.queue.push(job);
        return;
      }
      if (this.queue.length >= this.options.queueSize) {
        return reject(new QueueFullError(`All ${this.slots.length} query workers are busy and ${this.queue.length} queries are waiting; try again shortly`));
      }
      this.queue.push(job);
    }).then((reply) => {
      if (!reply.ok) throw new QueryEvaluationError(reply.error);
      return reply;
    });
  }

  private dispatch(slot: Slot, job: Job): void {
    const id = this.nextId++;
    const timer = setTimeout(() => this.timeOut(slot, job), job.timeoutMs);
    clearTimeout(slot.idleTimer);
    slot.running = { id, job, timer };
    slot.worker.ref();
    slot.worker.postMessage({ ...job.request, id } as WorkerRequest);
  }

  private timeOut(slot: Slot, job: Job): void {
    // The worker may be deep in a synchronous call: terminating it is the only way to stop it.
    this.replaceSlot(slot, new QueryTimeoutError(job.timeoutMs));
  }

  private load(slot: Slot): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      slot.loads.set(id, { resolve: () => resolve(), reject });
      slot.worker.ref();
      slot.worker.postMessage({ type: 'load', id, nquads: this.nquads } satisfies WorkerRequest);
    });
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_ENTRY, { workerData: { nquads: this.nquads } });
    const slot: Slot = { worker, ready: false, loads: new Map() };
    worker.on('message', (reply: WorkerReply | WorkerReady) => this.onReply(slot, reply));
    worker.on('error', (e) => this.replaceSlot(slot, new QueryCrashedError(`the query engine failed (${e.message})`)));
    worker.on('exit', () => {
      if (!this.closed && this.slots.includes(slot)) this.replaceSlot(slot, new QueryCrashedError('the query worker exited'));
    });
    // A worker keeps the process alive only while it has work (see idle()).
    worker.unref();
    return slot;
  }

  private onReply(slot: Slot, reply: WorkerReply | WorkerReady): void {
    if ('ready' in reply) {
      slot.ready = true;
      this.next(slot);
      return this.idle(slot);
    }
    const load = slot.loads.get(reply.id);
    if (load) {
      slot.loads.delete(reply.id);
      this.idle(slot);
      return load.resolve(reply);
    }
    if (slot.running?.id !== reply.id) return;
    const { job, timer } = slot.running;
    this.failures = 0;
    clearTimeout(timer);
    slot.running = undefined;
    job.resolve(reply);
    this.next(slot);
    this.idle(slot);
  }

  /** An idle worker must not keep the process alive; one with work must (a CLI awaiting a load).
   *  One beyond the minimum is let go if it is still idle after `idleMs`. */
  private idle(slot: Slot): void {
    if (slot.running || slot.loads.size > 0) return;
    slot.worker.unref();
    if (this.slots.length <= this.minWorkers) return;
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => this.retire(slot), this.idleMs);
    slot.idleTimer.unref();
  }

  private retire(slot: Slot): void {
    if (this.closed || slot.running || slot.loads.size > 0) return;
    // Never below the minimum of workers ready to answer (one may still be starting).
    if (this.slots.filter((s) => s !== slot && s.ready).length < this.minWorkers) return;
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1); // out of the pool first, so its exit is not taken for a crash
    void slot.worker.terminate();
  }

  /** Stops a worker (timed out, failed or exited), fails its query, and starts a fresh one in its place. */
  private replaceSlot(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.abandon(slot, error);
    void slot.worker.terminate();
    if (this.closed) return;
    this.options.onEvent?.(error instanceof QueryTimeoutError ? 'timeout' : 'crash');
    // Only a worker that never became ready counts towards giving up: a query that crashes a
    // running worker (an engine panic) must not let a client switch the endpoint off by repeating it.
    if (!(error instanceof QueryTimeoutError) && !slot.ready && ++this.failures > 3 * this.options.workers) {
      this.slots.splice(index, 1);
      if (!this.slots.length) for (const job of this.queue.splice(0)) job.reject(new StoreUnavailableError('no query worker could be started'));
      return;
    }
    const fresh = this.spawn(); // loads the current N-Quads from its workerData
    this.slots[index] = fresh;
    this.restarts++;
    this.options.onEvent?.('restart');
    this.next(fresh);
  }

  private abandon(slot: Slot, error: Error): void {
    clearTimeout(slot.idleTimer);
    if (slot.running) {
      clearTimeout(slot.running.timer);
      slot.running.job.reject(error);
      slot.running = undefined;
    }
    // A load that never finished is moot: the replacement starts from the current N-Quads.
    for (const load of slot.loads.values()) load.resolve({ id: 0, ok: true, body: '', truncated: false });
    slot.loads.clear();
  }

  private next(slot: Slot): void {
    if (!slot.ready || slot.running) return;
    const job = this.queue.shift();
    if (job) this.dispatch(slot, job);
  }
}

function datasetSpec(options: QueryOptions, analysis: QueryAnalysis): DatasetSpec {
  const defaults = options.defaultGraphUris ?? [];
  const named = options.namedGraphUris ?? [];
  // The protocol's graphs override the query's; with neither, the default graph is the union.
  if (defaults.length || named.length) return { defaultGraphs: defaults, namedGraphs: named };
  return analysis.hasDataset ? 'query' : 'union';
}
