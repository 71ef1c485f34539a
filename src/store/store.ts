// Where the graph lives. One interface, so every route works the same over the embedded
// oxigraph store (default) and over a remote SPARQL 1.1 endpoint.
import type { Quad } from '../rdf/terms.js';
import type { QueryAnalysis } from '../query/analyze.js';

export interface QueryOptions {
  /** Dataset of the query (SPARQL protocol's default-graph-uri / named-graph-uri). When both are
   *  absent, the default graph is the union of all graphs. */
  defaultGraphUris?: string[];
  namedGraphUris?: string[];
  /** Media type of the serialized results (SELECT/ASK: SPARQL results; CONSTRUCT/DESCRIBE: RDF). */
  resultsFormat: string;
  timeoutMs?: number;
  /** Row cap: a SELECT gets at most this many solutions (a CONSTRUCT this many triples), and the
   *  result says when it was cut. */
  maxRows?: number;
  /** Base IRI for relative IRIs in the query. */
  baseIri?: string;
  /** The query already parsed by the caller (form, dataset, row cap), so a store need not parse it again. */
  analysis?: QueryAnalysis;
  /** Fires when nobody waits for the answer any more (the client hung up): a store drops the
   *  query if it still waits, and stops it if it runs. The query then fails with QueryAbortedError. */
  signal?: AbortSignal;
  /** Who asks (a client's address), so a store can share its workers fairly between clients.
   *  Absent: the server's own query. */
  client?: string;
}

export interface QueryResult {
  body: string;
  mediaType: string;
  /** True when the row cap cut the result. */
  truncated?: boolean;
  /** The engine's own time for the query, where the store can tell it (the embedded pool: the
   *  evaluation in its worker, without the queue and the messages). */
  engineMs?: number;
}

/** The query ran past its time limit and was stopped. */
export class QueryTimeoutError extends Error {
  override name = 'QueryTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`The query was stopped after its time limit of ${timeoutMs} ms`);
  }
}

/** The store cannot take queries now (closing, or no worker could start): try again. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  /** When to try again, as the store's operator set it (Retry-After). */
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}

/** Nobody waits for the answer any more (the query's signal fired): it was dropped or stopped. */
export class QueryAbortedError extends Error {
  override name = 'QueryAbortedError';
  constructor() {
    super('The client went away; the query was dropped');
  }
}

/** Every query slot is busy and the waiting queue is full. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

/** The engine refused or failed to evaluate a query that parsed (the client's query, not the server). */
export class QueryEvaluationError extends Error {
  override name = 'QueryEvaluationError';
}

export interface GraphStore {
  readonly kind: 'embedded' | 'remote';
  /** Present on a store whose data changes only through replace(), and moves on when it does:
   *  what was learnt from the data (TPF counts, kept answers) holds while it stays the same. A
   *  store that others can write to (a remote endpoint) has none. */
  readonly version?: number;
  /** A store without a version whose operator says it changes only when they load it
   *  (SPARQL_REMOTE_CACHE_SECONDS): answers may be kept this many seconds. */
  readonly keepAnswersSeconds?: number;
  /** Replaces the whole content with these quads. */
  replace(quads: Quad[]): Promise<void>;
  /** Runs a read-only SPARQL query and returns its serialized results. */
  query(query: string, options: QueryOptions): Promise<QueryResult>;
  /** Runs a CONSTRUCT/DESCRIBE (over the union graph) and returns the triples. */
  construct(query: string): Promise<Quad[]>;
  /** True when the store answers. */
  ping(): Promise<boolean>;
  /** Finishes what was asked of it (queries waiting and running), then resolves. A store that
   *  keeps no queue has none. Used before close() when a store is retired (a reload). */
  drain?(): Promise<void>;
  close(): Promise<void>;
}
