// Parsing a query off the server's own thread. sparqljs's time grows faster than the query's
// length (a long chain of BINDs, UNIONs or OPTIONALs; a 1 MB query took half a minute): a short
// query is parsed where it arrives (a few milliseconds at most, and memoized), a longer one in a
// thread of its own, one at a time, stopped at a time limit. The server's thread then never spends
// more than that on a client's query text, and a query that would exhaust the parser's stack or
// time is the client's 400. Clients waiting for the thread take turns, as they do for the query
// workers: one client's long queries do not hold up another's for more than one parse.
import { Worker } from 'node:worker_threads';
import { LRUCache } from 'lru-cache';
import { workerEntry } from '../workers/entry.js';
import { ClientTurns } from '../store/client-turns.js';
import { QueueFullError, StoreUnavailableError } from '../store/store.js';
import {
  analyze,
  fromTransferable,
  nestingDepth,
  MAX_NESTING,
  QuerySyntaxError,
  QueryTooComplex,
  UncappableQuery,
  UpdateRefused,
  type Prologue,
  type QueryAnalysis,
} from '../query/analyze.js';
import type { AnalyzeReply, AnalyzeRequest } from './analyze-thread.js';

/** Queries up to this long are parsed on the calling thread: sparqljs takes a few milliseconds
 *  on the worst of them (a chain of `||`). */
export const INLINE_CHARS = 2048;

/** The query is longer than the endpoint accepts. */
export class QueryTooLong extends Error {
  override name = 'QueryTooLong';
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super(`The query is ${length} characters long; this endpoint accepts at most ${limit} (SPARQL_MAX_QUERY_CHARS)`);
  }
}

/** Parsing took longer than the endpoint gives it. */
export class ParseTimeout extends QueryTooComplex {
  override name = 'ParseTimeout';
  constructor(readonly timeoutMs: number) {
    super(
      `The query could not be parsed within the limit of ${timeoutMs} ms (SPARQL_PARSE_TIMEOUT_MS); shorten it, or use VALUES for long lists`,
    );
  }
}

/** The query was dropped before it was parsed: nobody waits for it any more. */
export class AnalysisAborted extends Error {
  override name = 'AnalysisAborted';
}

export interface AnalyzerOptions {
  maxQueryChars: number;
  parseTimeoutMs: number;
  /** Long queries that may wait for the parsing thread; past it, QueueFullError. */
  queueSize: number;
  /** Long queries one client may have waiting (default: half the queue, at least one). */
  clientQueueSize?: number;
  /** The parsing thread's JavaScript heap, in MB. */
  heapMb?: number;
  /** The parsing thread is let go after this long without work (default 30 s). */
  idleMs?: number;
}

interface Job {
  request: Omit<AnalyzeRequest, 'id'>;
  /** Who asked (a client's address); the server's own queries share one key. */
  client: string;
  resolve: (a: QueryAnalysis) => void;
  reject: (e: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** The key of the server's own queries (no client): not held to a client's share of the queue. */
const SERVER = '\u0000server';

const ENTRY = workerEntry(new URL('./analyze-thread.js', import.meta.url));
const ERRORS: Record<string, new (message: string) => Error> = {
  QuerySyntaxError,
  UpdateRefused,
  QueryTooComplex,
  UncappableQuery,
};

export class Analyzer {
  private worker?: Worker;
  /** The thread has started and listens (its first parse's time counts from then). */
  private ready = false;
  private running?: { id: number; job: Job; timer: NodeJS.Timeout };
  /** What waits, by client, served in turn. */
  private readonly waiting = new ClientTurns<Job>();
  private nextId = 1;
  private idleTimer?: NodeJS.Timeout;
  /** Long queries asked again (a client's saved query) are not parsed again. */
  private readonly memo = new LRUCache<string, QueryAnalysis | Error>({
    max: 256,
    maxSize: 32 * 1024 * 1024,
    sizeCalculation: (_v, key) => 3 * key.length + 256,
  });

  constructor(private readonly options: AnalyzerOptions) {}

  /** The analysis of a client's query, with capped() and graphCap() answering for `rows`. */
  async analyze(
    query: string,
    baseIri: string | undefined,
    prologue: Prologue | undefined,
    rows: number[],
    signal?: AbortSignal,
    client?: string,
  ): Promise<QueryAnalysis> {
    if (query.length > this.options.maxQueryChars) throw new QueryTooLong(query.length, this.options.maxQueryChars);
    if (query.length <= INLINE_CHARS) return analyze(query, baseIri, prologue);
    // Linear and cheap: refused before the thread (and sparqljs's recursion) sees it.
    const depth = nestingDepth(query);
    if (depth > MAX_NESTING) {
      throw new QuerySyntaxError(`The query nests groups, expressions or paths ${depth} deep; at most ${MAX_NESTING} levels are accepted`);
    }
    const key = `${rows.join(',')}\u0000${baseIri ?? ''}\u0000${prologue?.text ?? ''}\u0000${query}`;
    const kept = this.memo.get(key);
    if (kept instanceof Error) throw kept;
    if (kept) return kept;
    try {
      const analysis = await this.offThread(
        { query, rows, ...(baseIri ? { baseIri } : {}), ...(prologue ? { prologue } : {}) },
        client ?? SERVER,
        signal,
      );
      this.memo.set(key, analysis);
      return analysis;
    } catch (e) {
      if (e instanceof QuerySyntaxError || e instanceof UpdateRefused) this.memo.set(key, e);
      throw e;
    }
  }

  /** Ends the parsing thread (it is started again when needed). */
  async close(): Promise<void> {
    for (const job of this.waiting.takeAll()) job.reject(new AnalysisAborted('the endpoint is closing'));
    if (this.running) this.running.job.reject(new AnalysisAborted('the endpoint is closing'));
    await this.stop();
  }

  private offThread(request: Omit<AnalyzeRequest, 'id'>, client: string, signal?: AbortSignal): Promise<QueryAnalysis> {
    if (signal?.aborted) return Promise.reject(new AnalysisAborted('the client went away'));
    if (this.waiting.size >= this.options.queueSize) {
      return Promise.reject(new QueueFullError(`${this.waiting.size} long queries are waiting to be parsed; try again shortly`));
    }
    const mine = this.waiting.sizeOf(client);
    const perClient = this.options.clientQueueSize ?? Math.max(1, Math.ceil(this.options.queueSize / 2));
    if (client !== SERVER && mine >= perClient) {
      return Promise.reject(
        new QueueFullError(
          `This client already has ${mine} long queries waiting to be parsed, the most one client may have; wait for them`,
        ),
      );
    }
    return new Promise<QueryAnalysis>((resolve, reject) => {
      const job: Job = { request, client, resolve, reject, ...(signal ? { signal } : {}) };
      if (signal) {
        // Dropped if it waits; a parse under way is left to finish (it is bounded by the time limit).
        job.onAbort = () => {
          this.waiting.remove(client, job);
          reject(new AnalysisAborted('the client went away'));
        };
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.waiting.push(client, job);
      this.next();
    });
  }

  private next(): void {
    if (this.running) return;
    if (!this.waiting.size) return this.idle();
    clearTimeout(this.idleTimer);
    const worker = this.thread();
    if (!this.ready) return; // next() again when it is
    const job = this.waiting.take()!;
    const id = this.nextId++;
    const timer = setTimeout(() => this.fail(new ParseTimeout(this.options.parseTimeoutMs)), this.options.parseTimeoutMs);
    this.running = { id, job, timer };
    worker.ref();
    worker.postMessage({ ...job.request, id } satisfies AnalyzeRequest);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(ENTRY, { resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb ?? 256 } });
    this.ready = false;
    worker.on('message', (reply: AnalyzeReply) => this.onReply(reply));
    // Its heap exhausted by a query, or any other failure: that query is refused, the thread replaced.
    worker.on('error', () => this.fail(new QueryTooComplex('The query is too large or complex to be parsed')));
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (!this.ready) {
        // It could not start: the queries waiting are refused rather than starting it again and again.
        for (const job of this.waiting.takeAll()) job.reject(new StoreUnavailableError('the query parser could not be started'));
        return;
      }
      this.fail(new QueryTooComplex('The query is too large or complex to be parsed'));
      this.next();
    });
    this.worker = worker;
    return worker;
  }

  private onReply(reply: AnalyzeReply): void {
    if ('ready' in reply) {
      this.ready = true;
      return this.next();
    }
    const running = this.running;
    if (!running || running.id !== reply.id) return;
    this.done(running);
    if (reply.ok) running.job.resolve(fromTransferable(reply.analysis));
    else running.job.reject(new (ERRORS[reply.name] ?? QuerySyntaxError)(reply.message));
    this.next();
  }

  /** The query being parsed fails (time limit, crash): the thread is stopped and started anew for the next. */
  private fail(error: Error): void {
    const running = this.running;
    if (!running) return;
    this.done(running);
    running.job.reject(error);
    void this.stop();
    this.next();
  }

  private done(running: NonNullable<Analyzer['running']>): void {
    clearTimeout(running.timer);
    this.running = undefined;
    const { job } = running;
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
  }

  private idle(): void {
    const worker = this.worker;
    if (!worker) return;
    worker.unref();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (!this.running && this.worker === worker) void this.stop();
    }, this.options.idleMs ?? 30_000);
    this.idleTimer.unref();
  }

  private async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
