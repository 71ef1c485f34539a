// The embedded store as a pool of worker threads, each holding its own oxigraph store loaded
// from the publication's N-Quads. oxigraph's calls are synchronous, so a query runs off the main
// thread; one past its time limit has its worker terminated and replaced, and the rest of the
// server keeps answering. A bounded queue holds what waits for a free worker.
// The pool is elastic: `minWorkers` run at all times; when a query finds every worker busy, another
// is started (up to `workers`), and one beyond the minimum that stays idle for `workerIdleMs` is let
// go. Each worker holds a Node environment and an oxigraph instance with its own copy of the data
// (some 15-20 MB for the article), so an idle publisher does not keep workers it is not using.
// Clients share the workers fairly: each has a queue of its own, served in turn, and runs at most
// `perClient` queries at once while others wait, so one client's bombs never hold every worker.
// A query nobody waits for any more (its signal fired) leaves the queue, or is stopped.
// Memory: a worker's JavaScript heap is bounded (resourceLimits); oxigraph's WebAssembly memory is
// not, so while queries run the pool watches the process's RSS and stops the query running
// longest when it goes past the budget; a worker a big query left large is replaced after it.
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../workers/entry.js';
import { Parser, Writer } from 'n3';
import type { Quad } from '../rdf/terms.js';
import { formatByMediaType } from '../rdf/formats.js';
import { analyze, type QueryAnalysis } from '../query/analyze.js';
import {
  QueryAbortedError,
  QueryEvaluationError,
  QueryTimeoutError,
  QueueFullError,
  StoreUnavailableError,
  type GraphStore,
  type QueryOptions,
  type QueryResult,
} from './store.js';
import type { DatasetSpec, WorkerReady, WorkerReply, WorkerRequest } from './worker-protocol.js';
import { ClientTurns } from './client-turns.js';

/** The worker running a query crashed or was killed: the query has no answer, its worker was replaced. */
export class QueryCrashedError extends Error {
  override name = 'QueryCrashedError';
}

/** The process went past its memory budget while the query ran: it was stopped, its worker replaced. */
export class QueryMemoryError extends QueryCrashedError {
  override name = 'QueryMemoryError';
  constructor(readonly limitMb: number) {
    super(`the query used more than the memory budget of ${limitMb} MB a query may take, and was stopped`);
  }
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
  /** Queries one client may run at once (default: half the workers, at least one). */
  perClient?: number;
  /** Queries one client may have waiting (default: half the queue, at least one). */
  clientQueueSize?: number;
  /** A worker's JavaScript heap, in MB (its old generation; default 512). */
  workerHeapMb?: number;
  /** Memory a running query may add to the process, in MB (default 512): past it, the query
   *  running longest is stopped. A worker left holding this much more than when it had just
   *  loaded its data is replaced after its query. */
  queryMemoryMb?: number;
  /** Told of timeouts, crashes and worker replacements (for metrics and logs). */
  onEvent?: (event: PoolEvent) => void;
}

export type PoolEvent = 'timeout' | 'crash' | 'restart' | 'abort' | 'memory' | 'recycle';

type QueryRequest = Extract<WorkerRequest, { type: 'query' }>;
type Settle = { resolve: (r: WorkerReply) => void; reject: (e: Error) => void };

interface Job extends Settle {
  request: Omit<QueryRequest, 'id'>;
  timeoutMs: number;
  /** The client's key; the server's own queries (no client) have no per-client limits. */
  client: string | undefined;
  signal?: AbortSignal;
  onAbort?: () => void;
  settled: boolean;
}

interface Slot {
  worker: Worker;
  /** Started and loaded: a query's time limit counts from its dispatch, so none is sent before. */
  ready: boolean;
  /** The query it runs, if any: one at a time. */
  running?: { id: number; job: Job; timer: NodeJS.Timeout; started: number };
  /** Loads it was sent and has not acknowledged. */
  loads: Map<number, Settle>;
  /** Armed while it is idle and beyond the pool's minimum: lets it go when it fires. */
  idleTimer?: NodeJS.Timeout;
  /** Its memory outside the JavaScript heap with its data loaded: what a query may grow it past. */
  baseline: number;
}

const SERVER = '\u0000server';
/** A query whose client left while it ran gets this long to finish before its worker is stopped:
 *  most queries end within it, and a worker stopped must be started again and load the data. */
const ABORT_GRACE_MS = 50;
/** How often the memory budget is checked while queries run. */
const MEMORY_CHECK_MS = 50;

// The worker is JavaScript beside this file once compiled, TypeScript under vitest and tsx.
const WORKER_ENTRY = workerEntry(new URL('./query-worker.js', import.meta.url));

export class WorkerPool implements GraphStore {
  readonly kind = 'embedded' as const;
  /** The data as N-Quads in UTF-8, kept to load a worker started later (a replacement). */
  private nquads: Uint8Array = new Uint8Array(0);
  private dataVersion = 0;
  private slots: Slot[] = [];
  /** What waits, by client, served in turn. */
  private readonly waitingJobs = new ClientTurns<Job>();
  /** Queries running now, by client. */
  private runningBy = new Map<string, number>();
  private nextId = 1;
  private closed = false;
  /** Workers that failed (not timed out) since one last answered: past a few, the pool stops
   *  respawning, so a worker that cannot start does not loop; health checks then fail. */
  private failures = 0;
  /** Workers started in place of one that timed out, crashed or exited. */
  private restarts = 0;
  /** Workers replaced after a query left them large. */
  private recycled = 0;
  /** Resolved by the drain in progress when nothing waits and nothing runs. */
  private drained?: () => void;
  /** Set while the pool is busy (a query runs or waits). */
  private memoryTimer?: NodeJS.Timeout;
  /** The process's RSS when the pool last went from idle to busy. */
  private rssBaseline = 0;
  /** A worker stopped for memory, until it has ended (its memory is not returned before). */
  private reclaiming?: Promise<unknown>;

  private readonly minWorkers: number;
  private readonly idleMs: number;
  private readonly perClient: number;
  private readonly clientQueueSize: number;
  private readonly queryMemoryBytes: number;

  constructor(private readonly options: PoolOptions) {
    this.minWorkers = Math.max(1, Math.min(options.workers, options.minWorkers ?? options.workers));
    this.idleMs = options.workerIdleMs ?? 30_000;
    this.perClient = Math.max(1, options.perClient ?? Math.floor(options.workers / 2));
    this.clientQueueSize = Math.max(1, options.clientQueueSize ?? Math.ceil(options.queueSize / 2));
    this.queryMemoryBytes = (options.queryMemoryMb ?? 512) * 1024 * 1024;
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
    let caps: Pick<QueryRequest, 'probeQuery' | 'cappedQuery' | 'moreQuery'> = {};
    if (graphForm) {
      // Only the solutions that can make the cap and one more triple are evaluated.
      const cap = analysis.graphCap(maxRows);
      if (cap) caps = { probeQuery: cap.limited, moreQuery: cap.more };
    } else {
      // A query whose own LIMIT keeps it within the cap runs as it is; any other is asked for one
      // row more than the cap (its own text when its LIMIT is exactly that), to tell if it goes over.
      const cappedQuery = analysis.capped(maxRows);
      const probeQuery = cappedQuery ? (analysis.capped(maxRows + 1) ?? query) : undefined;
      if (probeQuery && cappedQuery) caps = { probeQuery, cappedQuery };
    }
    const request: Omit<QueryRequest, 'id'> = {
      type: 'query',
      form: analysis.form,
      query,
      maxRows,
      format,
      dataset: datasetSpec(options, analysis),
      ...(options.baseIri ? { baseIri: options.baseIri } : {}),
      ...caps,
    };
    const reply = await this.submit(request, options.timeoutMs ?? this.options.timeoutMs, options.client, options.signal);
    return { body: reply.body, mediaType: format, truncated: reply.truncated, ...(reply.ms !== undefined ? { engineMs: reply.ms } : {}) };
  }

  async construct(query: string): Promise<Quad[]> {
    const analysis = analyze(query);
    if (analysis.form !== 'CONSTRUCT' && analysis.form !== 'DESCRIBE') throw new Error('not a CONSTRUCT or DESCRIBE query');
    const reply = await this.submit(
      { type: 'query', form: analysis.form, query, maxRows: Number.MAX_SAFE_INTEGER, format: 'application/n-quads', dataset: 'union' },
      this.options.timeoutMs,
      undefined,
    );
    return new Parser({ format: 'N-Quads' }).parse(reply.body) as Quad[];
  }

  /** Answers without going through the queue, so a health check never waits behind a long query. */
  async ping(): Promise<boolean> {
    return !this.closed && this.slots.length > 0;
  }

  /** Resolves once every query waiting or running has its answer (each is bounded by its time
   *  limit). Queries that arrive meanwhile are taken too: they began on this store. */
  drain(): Promise<void> {
    if (this.closed || this.idleNow()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const previous = this.drained;
      this.drained = () => {
        previous?.();
        resolve();
      };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopWatchingMemory();
    for (const job of this.waitingJobs.takeAll()) this.fail(job, new StoreUnavailableError('the query pool is closed'));
    const slots = this.slots.splice(0);
    for (const slot of slots) this.abandon(slot, new StoreUnavailableError('the query pool is closed'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
    this.drained?.();
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
    return {
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.running).length,
      queued: this.waitingJobs.size,
      restarts: this.restarts,
      recycled: this.recycled,
      /** Queries waiting, by client. */
      queuedBy: this.waitingJobs.sizes(),
    };
  }

  private submit(
    request: Omit<QueryRequest, 'id'>,
    timeoutMs: number,
    client: string | undefined,
    signal?: AbortSignal,
  ): Promise<Extract<WorkerReply, { ok: true }>> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the query pool is closed'));
    if (!this.slots.length) return Promise.reject(new StoreUnavailableError('no query worker could be started'));
    if (signal?.aborted) return Promise.reject(new QueryAbortedError());
    return new Promise<WorkerReply>((resolve, reject) => {
      const job: Job = { request, timeoutMs, client, settled: false, resolve, reject, ...(signal ? { signal } : {}) };
      const key = client ?? SERVER;
      const mayRun = client === undefined || (this.runningBy.get(key) ?? 0) < this.perClient;
      const free = mayRun && !this.waitingJobs.any(this.mayRun) ? this.slots.find((s) => s.ready && !s.running) : undefined;
      if (free) {
        this.watch(job);
        return this.dispatch(free, job);
      }
      const mine = this.waitingJobs.sizeOf(key);
      if (client !== undefined && mine >= this.clientQueueSize) {
        return reject(
          new QueueFullError(
            `This client already has ${mine} queries waiting, the most one client may have (SPARQL_QUEUE_PER_CLIENT); wait for their answers`,
          ),
        );
      }
      // Every worker busy: start another if the pool may grow and the workers already starting
      // are all spoken for by the queue. The job waits for whichever worker frees first.
      const starting = this.slots.filter((s) => !s.ready).length;
      const queued = this.waitingJobs.size;
      if (mayRun && this.slots.length < this.options.workers && starting <= queued) {
        this.slots.push(this.spawn());
      } else if (queued >= this.options.queueSize) {
        return reject(
          new QueueFullError(`All ${this.slots.length} query workers are busy and ${queued} queries are waiting; try again shortly`),
        );
      }
      this.watch(job);
      this.waitingJobs.push(key, job);
    }).then((reply) => {
      if (!reply.ok) throw new QueryEvaluationError(reply.error);
      return reply;
    });
  }

  /** A job whose client leaves: dropped if it waits; if it runs, its answer is not waited for
   *  and its worker gets a moment to finish, then is stopped. */
  private watch(job: Job): void {
    if (!job.signal) return;
    job.onAbort = () => {
      if (this.waitingJobs.remove(job.client ?? SERVER, job)) {
        this.fail(job, new QueryAbortedError());
        this.options.onEvent?.('abort');
        this.checkDrained();
        return;
      }
      const slot = this.slots.find((s) => s.running?.job === job);
      this.fail(job, new QueryAbortedError());
      if (!slot?.running) return;
      this.options.onEvent?.('abort');
      const { running } = slot;
      clearTimeout(running.timer);
      const left = Math.max(0, running.started + job.timeoutMs - performance.now());
      running.timer = setTimeout(() => this.replaceSlot(slot, new QueryAbortedError()), Math.min(left, ABORT_GRACE_MS));
    };
    job.signal.addEventListener('abort', job.onAbort, { once: true });
  }

  /** Whether the client may run one more query now (the server's own queries always may). */
  private readonly mayRun = (key: string): boolean => key === SERVER || (this.runningBy.get(key) ?? 0) < this.perClient;

  private settle(job: Job): boolean {
    if (job.settled) return false;
    job.settled = true;
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    return true;
  }

  private fail(job: Job, error: Error): void {
    if (this.settle(job)) job.reject(error);
  }

  private dispatch(slot: Slot, job: Job): void {
    const id = this.nextId++;
    const timer = setTimeout(() => this.timeOut(slot, job), job.timeoutMs);
    clearTimeout(slot.idleTimer);
    const key = job.client ?? SERVER;
    this.runningBy.set(key, (this.runningBy.get(key) ?? 0) + 1);
    if (!this.memoryTimer) this.startWatchingMemory();
    slot.running = { id, job, timer, started: performance.now() };
    slot.worker.ref();
    slot.worker.postMessage({ ...job.request, id } as WorkerRequest);
  }

  /** The running query is over (answered, failed or stopped): its client may run another. */
  private finished(slot: Slot): Job | undefined {
    const running = slot.running;
    if (!running) return undefined;
    clearTimeout(running.timer);
    slot.running = undefined;
    const key = running.job.client ?? SERVER;
    const n = (this.runningBy.get(key) ?? 1) - 1;
    if (n > 0) this.runningBy.set(key, n);
    else this.runningBy.delete(key);
    // Idle only when nothing waits either: a queued job is dispatched right after this, and
    // reading the RSS anew for it (a read of /proc) would cost every query of a busy pool.
    if (!this.waitingJobs.size && !this.slots.some((s) => s.running)) this.stopWatchingMemory();
    return running.job;
  }

  private startWatchingMemory(): void {
    this.rssBaseline = process.memoryUsage.rss();
    this.memoryTimer = setInterval(() => this.checkMemory(), MEMORY_CHECK_MS);
    this.memoryTimer.unref();
  }

  private stopWatchingMemory(): void {
    clearInterval(this.memoryTimer);
    this.memoryTimer = undefined;
  }

  /** Past the budget (the RSS when the pool went busy, and the budget for each query running),
   *  the query running longest is stopped: a bomb grows while innocent queries come and go. */
  private checkMemory(): void {
    if (this.reclaiming) return;
    const running = this.slots.filter((s) => s.running);
    if (!running.length) return;
    if (process.memoryUsage.rss() <= this.rssBaseline + running.length * this.queryMemoryBytes) return;
    const oldest = running.reduce((a, b) => (a.running!.started <= b.running!.started ? a : b));
    this.options.onEvent?.('memory');
    this.reclaiming = oldest.worker.terminate().finally(() => {
      this.reclaiming = undefined;
    });
    this.replaceSlot(oldest, new QueryMemoryError(Math.round(this.queryMemoryBytes / 1024 / 1024)));
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
    const worker = new Worker(WORKER_ENTRY, {
      workerData: { nquads: this.nquads },
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb ?? 512 },
    });
    const slot: Slot = { worker, ready: false, loads: new Map(), baseline: 0 };
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
      slot.baseline = reply.external ?? 0;
      this.pump();
      return this.idle(slot);
    }
    const load = slot.loads.get(reply.id);
    if (load) {
      slot.loads.delete(reply.id);
      if (reply.ok && reply.external !== undefined) slot.baseline = reply.external;
      this.idle(slot);
      return load.resolve(reply);
    }
    if (slot.running?.id !== reply.id) return;
    if (!reply.ok && reply.fatal) {
      // Its engine may be corrupt: replaced before it serves anyone; the query is answered for what it did.
      return this.replaceSlot(
        slot,
        reply.fatal === 'stack'
          ? new QueryEvaluationError(
              `the query nests or chains its patterns, paths or expressions too deeply for the engine (${reply.error}); split it, or use VALUES or IN for long lists of alternatives`,
            )
          : new QueryCrashedError(`the query engine failed (${reply.error})`),
      );
    }
    const job = this.finished(slot)!;
    this.failures = 0;
    if (this.settle(job)) job.resolve(reply);
    // A query that grew the worker's memory (which WebAssembly never gives back) leaves it large:
    // a fresh worker takes its place rather than holding that memory while idle.
    if (reply.ok && reply.external !== undefined && reply.external > slot.baseline + this.queryMemoryBytes / 2) {
      this.renew(slot);
      this.recycled++;
      this.options.onEvent?.('recycle');
      return;
    }
    this.pump();
    this.idle(slot);
    this.checkDrained();
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
    // A query stopped because its client left, or for memory (told as 'memory'), is no crash.
    if (error instanceof QueryTimeoutError) this.options.onEvent?.('timeout');
    else if (!(error instanceof QueryAbortedError || error instanceof QueryMemoryError)) this.options.onEvent?.('crash');
    // Only a worker that never became ready counts towards giving up: a query that crashes a
    // running worker (an engine panic) must not let a client switch the endpoint off by repeating it.
    if (!(error instanceof QueryTimeoutError) && !slot.ready && ++this.failures > 3 * this.options.workers) {
      this.slots.splice(index, 1);
      if (!this.slots.length)
        for (const job of this.waitingJobs.takeAll()) this.fail(job, new StoreUnavailableError('no query worker could be started'));
      this.checkDrained();
      return;
    }
    this.renew(slot);
    this.restarts++;
    this.options.onEvent?.('restart');
  }

  /** A fresh worker in the slot's place (it loads the current N-Quads from its workerData). */
  private renew(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    clearTimeout(slot.idleTimer);
    this.slots[index] = this.spawn(); // before the old one ends, so its exit is not taken for a crash
    void slot.worker.terminate();
    this.pump();
    this.checkDrained();
  }

  private abandon(slot: Slot, error: Error): void {
    clearTimeout(slot.idleTimer);
    const job = this.finished(slot);
    if (job) this.fail(job, error);
    // A load that never finished is moot: the replacement starts from the current N-Quads.
    for (const load of slot.loads.values()) load.resolve({ id: 0, ok: true, body: '', truncated: false });
    slot.loads.clear();
  }

  /** Gives every free worker the next job in turn. */
  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (!slot.ready || slot.running) continue;
      const job = this.waitingJobs.take(this.mayRun);
      if (!job) return;
      this.dispatch(slot, job);
    }
  }

  private idleNow(): boolean {
    return this.waitingJobs.size === 0 && !this.slots.some((s) => s.running);
  }

  private checkDrained(): void {
    if (!this.drained || !this.idleNow()) return;
    const done = this.drained;
    this.drained = undefined;
    done();
  }
}

function datasetSpec(options: QueryOptions, analysis: QueryAnalysis): DatasetSpec {
  const defaults = options.defaultGraphUris ?? [];
  const named = options.namedGraphUris ?? [];
  // The protocol's graphs override the query's; with neither, the default graph is the union.
  if (defaults.length || named.length) return { defaultGraphs: defaults, namedGraphs: named };
  return analysis.hasDataset ? 'query' : 'union';
}
