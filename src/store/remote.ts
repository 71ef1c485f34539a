// The remote store: any SPARQL 1.1 endpoint (Virtuoso, QLever, Fuseki, GraphDB, Neptune) behind the
// same GraphStore interface as the embedded one. What it sends and how it reads the answers:
// - the query as this server parsed and checked it, written again from the parse tree, with every
//   function call on an allow-list (src/sparql/store-query.ts): the store never reads text the
//   check did not see (Virtuoso's bif:http_get would fetch any URL for a client);
// - over kept-alive connections, Digest answered up front once challenged (http-auth.ts);
// - SELECT/ASK as SPARQL JSON, normalized (Virtuoso's obsolete "typed-literal", its "1" booleans)
//   and written in the format asked (sparql-results.ts);
// - CONSTRUCT/DESCRIBE as N-Triples, which is Turtle, N-Quads and TriG too: passed through line by
//   line (booleans made canonical, the row cap applied) for those four, parsed and written only
//   for JSON-LD and RDF/XML, or when the store sent something else (then read as Turtle: Virtuoso
//   writes @prefix mid-document, which n3's parser takes);
// - Virtuoso cuts results at ResultSetMaxRows silently: we ask for cap + 1 rows and read its
//   X-SPARQL-MaxRows header, so a cut result is reported as truncated;
// - Virtuoso hangs on POSTs of application/sparql-query: queries are sent form-encoded;
// - Virtuoso's "anytime" queries return partial results on timeout (X-SQL-State): a timeout here;
// - what the store says when it refuses or fails goes to the log, never to the client (it names
//   the store's paths, version and internals); the client gets a plain reason.
import { Parser as N3Parser } from 'n3';
import { literal, quad, toN3Quad, type Quad } from '../rdf/terms.js';
import { refused } from '../client-error.js';
import { formatByMediaType } from '../rdf/formats.js';
import { serialize } from '../rdf/serialize.js';
import { analyze, QuerySyntaxError, UpdateRefused, type QueryAnalysis } from '../query/analyze.js';
import { QueryRefused, storeText } from '../query/store-query.js';
import { AuthenticationError, RequestTimeoutError, StoreClient, UnreachableError, type Credentials } from './http-auth.js';
import { loadDataset, type LoadTarget } from './remote-load.js';
import { canonicalBoolean, normalizeResults, writeResults, type SelectResults } from './sparql-results.js';
import type { RemoteConfig } from '../config.js';
import {
  QueryEvaluationError,
  QueryTimeoutError,
  StoreUnavailableError,
  type GraphStore,
  type QueryOptions,
  type QueryResult,
} from './store.js';

export interface RemoteStoreOptions {
  endpoint: string;
  /** Where updates go (SPARQL 1.1 Update), or a Graph Store Protocol URL; needed only to load. */
  updateEndpoint?: string;
  gspEndpoint?: string;
  credentials?: Credentials;
  timeoutMs: number;
  maxRows: number;
  /** Retry-After sent to clients while the store is down. */
  retryAfterSeconds?: number;
  /** Time limit of the health check. */
  pingTimeoutMs?: number;
  /** Connections to the store at most (kept alive); default 16. */
  connections?: number;
  /** Answers may be kept this long (the operator says the store changes only when they load it). */
  keepAnswersSeconds?: number;
  /** Where the store's own error texts go (default: a JSON line on stderr). */
  log?: (entry: Record<string, unknown>) => void;
}

/** The store refused the query: its status and text, for the log only. */
class StoreRefusal extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {
    super(`the store answered ${status}`);
  }
}

const RDF_PASS_THROUGH = new Set(['application/n-triples', 'text/turtle', 'application/n-quads', 'application/trig']);
const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';

export class RemoteStore implements GraphStore {
  readonly kind = 'remote' as const;
  readonly keepAnswersSeconds: number | undefined;
  private readonly client: StoreClient;
  private readonly log: (entry: Record<string, unknown>) => void;

  constructor(readonly options: RemoteStoreOptions) {
    for (const url of [options.endpoint, options.updateEndpoint, options.gspEndpoint]) {
      if (url !== undefined && !/^https?:\/\/[^/\s]+/.test(url))
        throw new Error(`not an http(s) URL for a SPARQL endpoint: ${JSON.stringify(url)}`);
    }
    this.keepAnswersSeconds = options.keepAnswersSeconds || undefined;
    this.client = new StoreClient(options.endpoint, options.credentials, options.connections ?? 16);
    this.log =
      options.log ?? ((entry) => process.stderr.write(`${JSON.stringify({ level: 'warn', time: new Date().toISOString(), ...entry })}\n`));
  }

  /** Replaces, graph by graph, every graph these quads are in (see load.ts). */
  async replace(quads: Quad[]): Promise<void> {
    await loadDataset(quads, this.loadTarget());
  }

  loadTarget(): LoadTarget {
    const { updateEndpoint, gspEndpoint, credentials } = this.options;
    if (!updateEndpoint && !gspEndpoint) throw new Error('loading a remote store needs SPARQL_UPDATE_ENDPOINT or SPARQL_GSP_ENDPOINT');
    return {
      queryEndpoint: this.options.endpoint,
      ...(updateEndpoint ? { updateEndpoint } : {}),
      ...(gspEndpoint ? { gspEndpoint } : {}),
      ...(credentials ? { credentials } : {}),
    };
  }

  async query(query: string, options: QueryOptions): Promise<QueryResult> {
    const analysis = options.analysis ?? analysed(query, options.baseIri);
    const maxRows = options.maxRows ?? this.options.maxRows;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    if (analysis.form === 'SELECT' || analysis.form === 'ASK') {
      let reply;
      let mayBeCut = false;
      try {
        reply = await this.send(checked(analysis, maxRows + 1), 'application/sparql-results+json', options, timeoutMs);
      } catch (e) {
        // Virtuoso sorts at most MaxSortedTopRows (10000 by default) rows: with the cap at that
        // value, cap + 1 is refused (SR353). Ask for the cap itself; a full page may have been cut.
        if (!(e instanceof StoreRefusal && /\bSR353\b/.test(e.text) && analysis.form === 'SELECT')) throw this.refusal(e, timeoutMs);
        reply = await this.send(checked(analysis, maxRows), 'application/sparql-results+json', options, timeoutMs).catch((e2: unknown) => {
          throw this.refusal(e2, timeoutMs);
        });
        mayBeCut = true;
      }
      const results = normalizeResults(JSON.parse(reply.body));
      let truncated = reply.storeCut || (mayBeCut && 'results' in results && results.results.bindings.length >= maxRows);
      if ('results' in results && results.results.bindings.length > maxRows) {
        (results as SelectResults).results.bindings.length = maxRows;
        truncated = true;
      }
      return { body: writeResults(results, options.resultsFormat), mediaType: options.resultsFormat, truncated };
    }
    const format = formatByMediaType(options.resultsFormat);
    if (!format) throw new Error(`no RDF format for ${options.resultsFormat}`);
    const reply = await this.send(checked(analysis), 'application/n-triples, text/turtle;q=0.5', options, timeoutMs).catch((e: unknown) => {
      throw this.refusal(e, timeoutMs);
    });
    if (RDF_PASS_THROUGH.has(format.mediaType) && !/turtle/.test(reply.type)) {
      const lines = nTriplesLines(reply.body);
      if (lines) {
        const truncated = reply.storeCut || lines.length > maxRows;
        const kept = lines.length > maxRows ? lines.slice(0, maxRows) : lines;
        return { body: kept.length ? `${kept.join('\n')}\n` : '', mediaType: format.mediaType, truncated };
      }
    }
    const quads = readTriples(reply.body, reply.type);
    const truncated = reply.storeCut || quads.length > maxRows;
    return { body: await serialize(quads.slice(0, maxRows), format), mediaType: format.mediaType, truncated };
  }

  async construct(query: string): Promise<Quad[]> {
    const reply = await this.send(
      checked(analysed(query)),
      'application/n-triples, text/turtle;q=0.5',
      { resultsFormat: 'application/n-triples' },
      this.options.timeoutMs,
    ).catch((e: unknown) => {
      throw this.refusal(e, this.options.timeoutMs);
    });
    return readTriples(reply.body, reply.type);
  }

  async ping(): Promise<boolean> {
    try {
      const { body } = await this.send(
        'ASK {}',
        'application/sparql-results+json',
        { resultsFormat: '' },
        this.options.pingTimeoutMs ?? 2000,
      );
      return typeof JSON.parse(body).boolean === 'boolean';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.client.close();
  }

  /** 401 challenges answered so far: one per nonce the store hands out, not one per query. */
  get authChallenges(): number {
    return this.client.challenges;
  }

  /** One query, form-encoded, with the dataset and a time limit on both sides. Throws the
   *  transport's errors and StoreRefusal as they are: refusal() says what they mean to a client. */
  private async send(
    query: string,
    accept: string,
    options: QueryOptions,
    timeoutMs: number,
  ): Promise<{ body: string; type: string; storeCut: boolean }> {
    const form = new URLSearchParams({ query });
    for (const g of options.defaultGraphUris ?? []) form.append('default-graph-uri', g);
    for (const g of options.namedGraphUris ?? []) form.append('named-graph-uri', g);
    // Virtuoso's own limit, in ms, so it stops working when we stop waiting.
    form.set('timeout', String(timeoutMs));
    const res = await this.client.post(form.toString(), { accept, 'content-type': 'application/x-www-form-urlencoded' }, timeoutMs);
    const body = res.body.toString('utf8');
    if (res.headers['x-sql-state'] === 'S1TAT') throw new QueryTimeoutError(timeoutMs);
    if (res.status < 200 || res.status >= 300) throw new StoreRefusal(res.status, body);
    return { body, type: String(res.headers['content-type'] ?? ''), storeCut: res.headers['x-sparql-maxrows'] !== undefined };
  }

  /** What a failure means to a client. The store's own words (its paths, version, internals) and
   *  its address are logged, never sent: the client gets a status and a plain reason. */
  private refusal(e: unknown, timeoutMs: number): Error {
    if (e instanceof QueryTimeoutError) return e;
    if (e instanceof RequestTimeoutError) return new QueryTimeoutError(timeoutMs);
    const endpoint = this.options.endpoint;
    if (e instanceof StoreRefusal) {
      const { status, text } = e;
      const said = text.trim().split('\n').slice(0, 5).join(' ').slice(0, 1000);
      if (/\b(S1T00|SR171)\b|timed? ?out/i.test(text)) return new QueryTimeoutError(timeoutMs);
      if (status === 404) return new Error(`no SPARQL endpoint at ${endpoint} (404)`);
      if (status === 400 || (status === 500 && /^Virtuoso \w+ Error/m.test(text))) {
        this.log({ msg: 'the store refused a query', endpoint, status, store: said });
        return new QueryEvaluationError("the store could not evaluate it (its reason is in the server's log)");
      }
      this.log({ msg: 'the store failed', endpoint, status, store: said });
      return new StoreUnavailableError(
        `The triple store answered with an error (${status}); try again later.`,
        this.options.retryAfterSeconds ?? 5,
      );
    }
    if (e instanceof AuthenticationError) return e;
    const why = e instanceof UnreachableError ? e.reason : String((e as Error)?.message ?? e);
    if (!(e instanceof UnreachableError)) return e as Error;
    this.log({ msg: 'the store is unreachable', endpoint, reason: why });
    return new StoreUnavailableError(`The triple store is unavailable (${why}); try again later.`, this.options.retryAfterSeconds ?? 5);
  }
}

/** A query this server did not analyse itself (a store's own callers: tests, internal CONSTRUCTs). */
function analysed(query: string, baseIri?: string): QueryAnalysis {
  try {
    return analyze(query, baseIri);
  } catch (e) {
    if (e instanceof QuerySyntaxError || e instanceof UpdateRefused) throw new QueryEvaluationError(e.message);
    throw e;
  }
}

/** The text the store gets (see store-query.ts); a refusal is the client's 403, saying why. */
function checked(analysis: QueryAnalysis, rows?: number): string {
  try {
    return storeText(analysis, rows);
  } catch (e) {
    if (e instanceof QueryRefused) throw refused(e.message);
    throw e;
  }
}

/** The lines of an N-Triples document, booleans made canonical; undefined when a line is not a
 *  plain triple (then the document is parsed instead). Virtuoso writes one triple a line. */
function nTriplesLines(body: string): string[] | undefined {
  const lines = body.split('\n');
  const out: string[] = [];
  const booleans = body.includes(`^^<${XSD_BOOLEAN}>`);
  for (let line of lines) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (!line.trim() || line.charCodeAt(0) === 35 /* # */) continue;
    if (!(line.charCodeAt(0) === 60 /* < */ || line.startsWith('_:')) || !/\.\s*$/.test(line)) return undefined;
    out.push(booleans ? line.replace(BOOLEAN_01, (_m, v: string) => `"${canonicalBoolean(v)}"^^<${XSD_BOOLEAN}>`) : line);
  }
  return out;
}
const BOOLEAN_01 = /"([01])"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#boolean>/g;

/** N-Triples, or Turtle from a store without it (n3 takes @prefix anywhere, as Virtuoso writes it). */
function readTriples(body: string, type: string): Quad[] {
  return (new N3Parser({ format: /turtle/.test(type) ? 'Turtle' : 'N-Triples' }).parse(body) as Quad[]).map(canonicalQuad);
}

/** Virtuoso's booleans come back as "1"/"0"^^xsd:boolean. */
function canonicalQuad(q: Quad): Quad {
  const o = q.object;
  if (o.termType !== 'Literal' || o.datatype.value !== 'http://www.w3.org/2001/XMLSchema#boolean') return toN3Quad(q);
  return quad(q.subject, q.predicate, literal(canonicalBoolean(o.value), o.datatype), q.graph);
}

/** The remote store the configuration describes. */
export function remoteStoreFromConfig(
  remote: RemoteConfig,
  sparql: { timeoutMs: number; maxRows: number },
  log?: (entry: Record<string, unknown>) => void,
): RemoteStore {
  return new RemoteStore({
    endpoint: remote.endpoint,
    ...(remote.updateEndpoint ? { updateEndpoint: remote.updateEndpoint } : {}),
    ...(remote.gspEndpoint ? { gspEndpoint: remote.gspEndpoint } : {}),
    ...(remote.user !== undefined
      ? { credentials: { user: remote.user, password: remote.password ?? '', scheme: remote.authScheme } }
      : {}),
    timeoutMs: sparql.timeoutMs,
    maxRows: sparql.maxRows,
    retryAfterSeconds: remote.retryAfterSeconds,
    connections: remote.connections,
    keepAnswersSeconds: remote.cacheSeconds,
    ...(log ? { log } : {}),
  });
}

/** The store as a publisher process sees it when `load` fills it: publishing a graph leaves the
 *  store alone (the publishers are stateless, several may share one store), the rest is the store. */
export function loadedElsewhere(store: RemoteStore): GraphStore {
  return {
    kind: store.kind,
    ...(store.keepAnswersSeconds ? { keepAnswersSeconds: store.keepAnswersSeconds } : {}),
    replace: async () => {},
    query: (q, o) => store.query(q, o),
    construct: (q) => store.construct(q),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

/** The store a publisher process serves from: loaded at start only when configured so. */
export function publisherStore(
  remote: RemoteConfig,
  sparql: { timeoutMs: number; maxRows: number },
  log?: (entry: Record<string, unknown>) => void,
): GraphStore {
  const store = remoteStoreFromConfig(remote, sparql, log);
  return remote.loadOnStart ? store : loadedElsewhere(store);
}
