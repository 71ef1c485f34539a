// Answers kept for reuse. A published graph changes only when it is replaced (a reload, or the
// store's replace()), so the same query over the same data has the same answer: a public endpoint
// sees the same queries again and again (its example queries, "open in SPARQL" links, clients
// polling), and each repeat would otherwise take a worker for the whole evaluation.
//
// Kept only where that holds: a store that says when its data changes (a `version`, as the
// embedded pool has), and a query that calls nothing volatile (RAND, NOW, UUID, STRUUID, BNODE). A
// remote store can be written from outside and has no version: its answers are kept only when the
// operator says it changes only when they load it, and then for the time they allow
// (`keepAnswersSeconds`, SPARQL_REMOTE_CACHE_SECONDS), each answer expiring that long after it
// came. The same query asked again while it runs waits for that one run instead of starting another.
import { LRUCache } from 'lru-cache';
import { QueryAbortedError, type GraphStore, type QueryOptions, type QueryResult } from '../store/store.js';

/** The version of a store that has none but whose answers may be kept for a time. */
const UNVERSIONED = -1;

export type CacheOutcome = 'hit' | 'miss' | 'bypass';

export interface CachedResult extends QueryResult {
  cache: CacheOutcome;
}

interface Kept {
  version: number;
  answers: LRUCache<string, QueryResult>;
  running: Map<string, Run>;
}

/** One evaluation shared by every request for the same query: stopped only when all of them
 *  have gone (each request's own signal), while each request stops waiting as soon as it goes. */
interface Run {
  result: Promise<QueryResult>;
  join(signal: AbortSignal | undefined): void;
}

export class ResultCache {
  private readonly byStore = new WeakMap<GraphStore, Kept>();

  /** `maxBytes` 0 keeps nothing. An answer over an eighth of it is not kept (it would push out
   *  many small ones for one large one). */
  constructor(private readonly maxBytes: number) {}

  /** The store's answer to the query, from the cache when it may be. `fresh` (a client's
   *  `Cache-Control: no-cache`) has the query evaluated by itself now; its answer is kept for the
   *  next ones. */
  async query(store: GraphStore, query: string, options: QueryOptions, fresh = false): Promise<CachedResult> {
    const kept = this.keptFor(store);
    if (!kept || !options.analysis?.deterministic) return { ...(await store.query(query, options)), cache: 'bypass' };
    const key = keyOf(query, options);
    const hit = fresh ? undefined : kept.answers.get(key);
    if (hit) return { ...hit, engineMs: 0, cache: 'hit' };
    let run = fresh ? undefined : kept.running.get(key);
    if (!run) {
      const shared = new AbortController();
      let waiting = 0;
      const started = store.query(query, { ...options, signal: shared.signal });
      const own: Run = {
        result: started,
        join(signal) {
          // A request that cannot leave keeps the run going for good.
          if (!signal) return void (waiting = Number.POSITIVE_INFINITY);
          waiting++;
          signal.addEventListener(
            'abort',
            () => {
              if (--waiting === 0) shared.abort();
            },
            { once: true },
          );
        },
      };
      run = own;
      kept.running.set(key, own);
      // Kept only if the data did not change while the query ran (the version moves on at the
      // start and at the end of a replace).
      started
        .then(
          (result) => {
            if ((store.version ?? UNVERSIONED) === kept.version) kept.answers.set(key, result);
          },
          () => {},
        )
        .finally(() => {
          if (kept.running.get(key) === own) kept.running.delete(key);
        });
    }
    run.join(options.signal);
    return { ...(await waitFor(run.result, options.signal)), cache: 'miss' };
  }

  private keptFor(store: GraphStore): Kept | undefined {
    const ttlSeconds = store.version === undefined ? (store.keepAnswersSeconds ?? 0) : 0;
    const version = store.version ?? (ttlSeconds > 0 ? UNVERSIONED : undefined);
    if (this.maxBytes <= 0 || version === undefined) return undefined;
    let kept = this.byStore.get(store);
    if (!kept || kept.version !== version) {
      kept = {
        version,
        answers: new LRUCache<string, QueryResult>({
          maxSize: this.maxBytes,
          maxEntrySize: Math.max(1, Math.floor(this.maxBytes / 8)),
          // Strings are held as UTF-16 at worst; the key and the entry's own objects on top.
          sizeCalculation: (result, key) => 2 * (result.body.length + key.length) + 200,
          ...(ttlSeconds > 0 ? { ttl: ttlSeconds * 1000, ttlAutopurge: false } : {}),
        }),
        running: new Map(),
      };
      this.byStore.set(store, kept);
    }
    return kept;
  }
}

/** The run's answer, or a QueryAbortedError as soon as this request's signal fires. */
function waitFor(result: Promise<QueryResult>, signal: AbortSignal | undefined): Promise<QueryResult> {
  if (!signal) return result;
  if (signal.aborted) return Promise.reject(new QueryAbortedError());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new QueryAbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    result.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Everything the answer depends on besides the data: the text, the format, the dataset, the
 *  row cap and the base IRI. The time limit is not: an answer that came in time is the answer. */
function keyOf(query: string, o: QueryOptions): string {
  return JSON.stringify([query, o.resultsFormat, o.defaultGraphUris ?? [], o.namedGraphUris ?? [], o.maxRows ?? null, o.baseIri ?? null]);
}
