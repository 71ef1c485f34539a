// The remote store: any SPARQL 1.1 endpoint (Virtuoso, QLever, Fuseki, GraphDB, Neptune) behind the
// same GraphStore interface as the embedded one. Results are always fetched in one robust format
// (SPARQL JSON for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE) and re-written here in the format
// the client asked for, so each store's quirks are handled in one place:
// - Virtuoso's JSON uses the obsolete "typed-literal" type: normalized (sparql-results.ts);
// - Virtuoso's Turtle puts @prefix mid-document: we never ask for Turtle;
// - Virtuoso cuts results at ResultSetMaxRows silently: we ask for cap + 1 rows and read its
//   X-SPARQL-MaxRows header, so a cut result is reported as truncated;
// - Virtuoso hangs on POSTs of application/sparql-query: queries are sent form-encoded;
// - Virtuoso's "anytime" queries return partial results on timeout (X-SQL-State): a timeout here.
import { Parser as N3Parser } from 'n3';
import sparqljs from 'sparqljs';
import { literal, quad, toN3Quad, type Quad } from '../graph/rdf-terms.js';
import { serviceUnavailable } from '../http/errors.js';
import { formatByMediaType } from '../rdf/formats.js';
import { serialize } from '../rdf/serialize.js';
import { authFetch, AuthenticationError, UnreachableError, type Credentials } from './http-auth.js';
import { loadDataset, type LoadTarget } from './load.js';
import { canonicalBoolean, normalizeResults, writeResults, type SelectResults } from './sparql-results.js';
import type { RemoteConfig } from '../config.js';
import { QueryEvaluationError, QueryTimeoutError, type GraphStore, type QueryOptions, type QueryResult } from './store.js';

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
}

export class RemoteStore implements GraphStore {
  readonly kind = 'remote' as const;

  constructor(readonly options: RemoteStoreOptions) {
    for (const url of [options.endpoint, options.updateEndpoint, options.gspEndpoint]) {
      if (url !== undefined && !/^https?:\/\/[^/\s]+/.test(url)) throw new Error(`not an http(s) URL for a SPARQL endpoint: ${JSON.stringify(url)}`);
    }
  }

  /** Replaces, graph by graph, every graph these quads are in (see load.ts). */
  async replace(quads: Quad[]): Promise<void> {
    await loadDataset(quads, this.loadTarget());
  }

  loadTarget(): LoadTarget {
    const { updateEndpoint, gspEndpoint, credentials } = this.options;
    if (!updateEndpoint && !gspEndpoint) throw new Error('loading a remote store needs SPARQL_UPDATE_ENDPOINT or SPARQL_GSP_ENDPOINT');
    return { queryEndpoint: this.options.endpoint, ...(updateEndpoint ? { updateEndpoint } : {}), ...(gspEndpoint ? { gspEndpoint } : {}), ...(credentials ? { credentials } : {}) };
  }

  async query(query: string, options: QueryOptions): Promise<QueryResult> {
    const form = queryForm(query, options.baseIri);
    const maxRows = options.maxRows ?? this.options.maxRows;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    if (form === 'SELECT' || form === 'ASK') {
      let sent = form === 'SELECT' ? capSelect(query, maxRows, options.baseIri) : query;
      let reply;
      let mayBeCut = false;
      try {
        reply = await this.send(sent, 'application/sparql-results+json', options, timeoutMs);
      } catch (e) {
        // Virtuoso sorts at most MaxSortedTopRows (10000 by default) rows: with the cap at that
        // value, cap + 1 is refused (SR353). Ask for the cap itself; a full page may have been cut.
        if (!(e instanceof QueryEvaluationError && /\bSR353\b/.test(e.message) && sent !== query)) throw e;
        sent = capSelect(query, maxRows - 1, options.baseIri);
        reply = await this.send(sent, 'application/sparql-results+json', options, timeoutMs);
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
    const { quads, storeCut } = await this.triples(query, options, timeoutMs);
    const truncated = storeCut || quads.length > maxRows;
    return { body: await serialize(quads.slice(0, maxRows), format), mediaType: format.mediaType, truncated };
  }

  async construct(query: string): Promise<Quad[]> {
    return (await this.triples(query, { resultsFormat: 'application/n-triples' }, this.options.timeoutMs)).quads;
  }

  async ping(): Promise<boolean> {
    try {
      const { body } = await this.send('ASK {}', 'application/sparql-results+json', { resultsFormat: '' }, this.options.pingTimeoutMs ?? 2000);
      return typeof JSON.parse(body).boolean === 'boolean';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {}

  private async triples(query: string, options: QueryOptions, timeoutMs: number) {
    // N-Triples first (no prefixes to get wrong); a store without it answers Turtle, read with n3's
    // Turtle parser, which takes @prefix anywhere in the document (Virtuoso writes them mid-way).
    const { body, type, storeCut } = await this.send(query, 'application/n-triples, text/turtle;q=0.5', options, timeoutMs);
    const format = /turtle/.test(type) ? 'Turtle' : 'N-Triples';
    const quads = (new N3Parser({ format }).parse(body) as Quad[]).map(canonicalQuad);
    return { quads, storeCut };
  }

  /** One query, form-encoded, with the dataset and a time limit on both sides. */
  private async send(query: string, accept: string, options: QueryOptions, timeoutMs: number): Promise<{ body: string; type: string; storeCut: boolean }> {
    const form = new URLSearchParams({ query });
    for (const g of options.defaultGraphUris ?? []) form.append('default-graph-uri', g);
    for (const g of options.namedGraphUris ?? []) form.append('named-graph-uri', g);
    // Virtuoso's own limit, in ms, so it stops working when we stop waiting.
    form.set('timeout', String(timeoutMs));
    const endpoint = this.options.endpoint;
    let res: Response;
    try {
      res = await authFetch(endpoint, {
        method: 'POST',
        headers: { accept, 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(timeoutMs),
      }, this.options.credentials);
    } catch (e) {
      throw this.failure(e, timeoutMs);
    }
    const body = await res.text().catch((e) => { throw this.failure(e, timeoutMs); });
    if (res.headers.get('x-sql-state') === 'S1TAT') throw new QueryTimeoutError(timeoutMs);
    if (!res.ok) throw this.refusal(res.status, body, timeoutMs);
    return { body, type: res.headers.get('content-type') ?? '', storeCut: res.headers.has('x-sparql-maxrows') };
  }

  private failure(e: unknown, timeoutMs: number): Error {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err instanceof AuthenticationError) return err;
    if (err.name === 'TimeoutError') return new QueryTimeoutError(timeoutMs);
    const why = err instanceof UnreachableError ? err.reason : err.cause?.code ?? err.cause?.message ?? err.message;
    return serviceUnavailable(`The triple store at ${this.options.endpoint} is unavailable (${why}); try again later.`, this.options.retryAfterSeconds ?? 5);
  }

  /** A store's error status: the client's query (4xx, Virtuoso's SPARQL errors) or the store (5xx). */
  private refusal(status: number, body: string, timeoutMs: number): Error {
    const message = body.trim().split('\n').slice(0, 3).join(' ').slice(0, 500);
    if (/\b(S1T00|SR171)\b|timed? ?out/i.test(body)) return new QueryTimeoutError(timeoutMs);
    if (status === 404) return new Error(`no SPARQL endpoint at ${this.options.endpoint} (404)`);
    if (status === 400 || (status === 500 && /^Virtuoso \w+ Error/m.test(body))) return new QueryEvaluationError(`The store refused the query: ${message}`);
    return serviceUnavailable(`The triple store at ${this.options.endpoint} answered ${status}; try again later.`, this.options.retryAfterSeconds ?? 5);
  }
}

/** Virtuoso's booleans come back as "1"/"0"^^xsd:boolean. */
function canonicalQuad(q: Quad): Quad {
  const o = q.object;
  if (o.termType !== 'Literal' || o.datatype.value !== 'http://www.w3.org/2001/XMLSchema#boolean') return toN3Quad(q);
  return quad(q.subject, q.predicate, literal(canonicalBoolean(o.value), o.datatype), q.graph);
}

type Form = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

function parse(query: string, baseIri?: string): sparqljs.Query {
  const parsed = new sparqljs.Parser(baseIri ? { baseIRI: baseIri } : {}).parse(query);
  if (parsed.type === 'update') throw new QueryEvaluationError('SPARQL Update is not accepted');
  return parsed;
}

function queryForm(query: string, baseIri?: string): Form {
  try {
    return parse(query, baseIri).queryType;
  } catch (e) {
    throw new QueryEvaluationError((e as Error).message);
  }
}

/** The SELECT asking for at most cap + 1 rows: one more than the cap tells whether it was cut. */
export function capSelect(query: string, maxRows: number, baseIri?: string): string {
  const parsed = parse(query, baseIri) as sparqljs.SelectQuery;
  if (parsed.limit !== undefined && parsed.limit <= maxRows) return query;
  parsed.limit = maxRows + 1;
  return new sparqljs.Generator().stringify(parsed);
}

/** The remote store the configuration describes. */
export function remoteStoreFromConfig(remote: RemoteConfig, sparql: { timeoutMs: number; maxRows: number }): RemoteStore {
  return new RemoteStore({
    endpoint: remote.endpoint,
    ...(remote.updateEndpoint ? { updateEndpoint: remote.updateEndpoint } : {}),
    ...(remote.gspEndpoint ? { gspEndpoint: remote.gspEndpoint } : {}),
    ...(remote.user !== undefined ? { credentials: { user: remote.user, password: remote.password ?? '', scheme: remote.authScheme } } : {}),
    timeoutMs: sparql.timeoutMs,
    maxRows: sparql.maxRows,
    retryAfterSeconds: remote.retryAfterSeconds,
  });
}

/** The store as a publisher process sees it when `load` fills it: publishing a graph leaves the
 *  store alone (the publishers are stateless, several may share one store), the rest is the store. */
export function loadedElsewhere(store: RemoteStore): GraphStore {
  return {
    kind: store.kind,
    replace: async () => {},
    query: (q, o) => store.query(q, o),
    construct: (q) => store.construct(q),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

/** The store a publisher process serves from: loaded at start only when configured so. */
export function publisherStore(remote: RemoteConfig, sparql: { timeoutMs: number; maxRows: number }): GraphStore {
  const store = remoteStoreFromConfig(remote, sparql);
  return remote.loadOnStart ? store : loadedElsewhere(store);
}
