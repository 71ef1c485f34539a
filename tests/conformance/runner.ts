// Runs the W3C SPARQL 1.1 query and protocol tests through the server production runs: the real
// app on port 0, each test's data loaded into its store (the worker pool), each query sent over
// HTTP to its /sparql. Nothing in the suites is copied; they are read where they are.
import { extname } from 'node:path';
import { Parser, Store, type Term } from 'n3';
import type { Term as RdfTerm } from '@rdfjs/types';
import oxigraph from 'oxigraph';
import sparqljs from 'sparqljs';
import type { Quad } from '@rdfjs/types';
import { blankNode, namedNode, quad, toN3Quad } from '../../src/rdf/terms.js';
import type { WorkerPool } from '../../src/store/worker-pool.js';
import { startTestServer } from '../helpers/server.js';
import { includes, loadManifest, MF, queryTests, rdfList, readText, RDFS, type EvaluationTest } from './manifest.js';
import { compare, parseResults, type Verdict } from './results.js';

export interface Outcome extends Verdict {
  suite: string;
  test: string;
  name: string;
}

/** The graph holding a test's default-graph data: named, so the request can say it is the default graph. */
const DEFAULT_GRAPH = 'urn:x-conformance:default-graph';
/** The suites' queries run unhurried and uncapped; the rate limit would count the suite as one client. */
const LIMITS = {
  SPARQL_TIMEOUT_MS: '10000',
  SPARQL_MAX_ROWS: '10000000',
  SPARQL_WORKERS: '2',
  SPARQL_QUEUE: '64',
  RATE_LIMIT_SPARQL: '0',
  BASE_URL: 'http://localhost/',
};

export interface Endpoint {
  url: string;
  pool: WorkerPool;
  close(): Promise<void>;
}

export async function startEndpoint(): Promise<Endpoint> {
  const server = await startTestServer(LIMITS);
  return {
    url: `${server.url}sparql`,
    pool: server.site.current.store as WorkerPool,
    close: () => server.close(),
  };
}

let fileCounter = 0;
/** One data file as quads in `graph`, its blank nodes kept apart from every other file's. */
function readData(iri: string, graph: string): Quad[] {
  const text = readText(iri);
  const prefix = `f${fileCounter++}_`;
  const parsed =
    extname(iri) === '.rdf'
      ? (oxigraph.parse(text, { format: 'application/rdf+xml', base_iri: iri }) as unknown as Quad[]).map((q) => toN3Quad(q))
      : new Parser({ format: extname(iri) === '.nt' ? 'N-Triples' : 'Turtle', baseIRI: iri, blankNodePrefix: prefix }).parse(text);
  const rename = (t: RdfTerm) => (t.termType === 'BlankNode' && !t.value.startsWith(prefix) ? blankNode(prefix + t.value) : t);
  return parsed.map((q) => quad(rename(q.subject) as Quad['subject'], q.predicate, rename(q.object) as Quad['object'], namedNode(graph)));
}

const RESULT_TYPES: Record<string, string> = {
  '.srx': 'application/sparql-results+xml',
  '.srj': 'application/sparql-results+json',
  '.tsv': 'text/tab-separated-values',
  '.csv': 'text/csv',
  '.ttl': 'text/turtle',
  '.rdf': 'application/rdf+xml',
  '.nt': 'application/n-triples',
};

export async function runQueryTest(endpoint: Endpoint, suite: string, test: EvaluationTest): Promise<Outcome> {
  const outcome = (v: Verdict): Outcome => ({ suite, test: test.iri, name: test.name, ...v });
  const queryText = `BASE <${test.query}>\n${readText(test.query)}`;
  try {
    if (test.type.includes('SyntaxTest')) {
      await endpoint.pool.replace([]);
      const res = await post(endpoint, queryText, [], [], 'application/sparql-results+json, application/n-triples;q=0.9');
      await res.arrayBuffer();
      const positive = test.type.startsWith('Positive');
      if (positive && res.status === 200) return outcome({ pass: true });
      if (!positive && res.status === 400) return outcome({ pass: true });
      return outcome({ pass: false, reason: `${positive ? 'a valid query' : 'an invalid query'} answered ${res.status}` });
    }

    const fromDataset = datasetOf(queryText);
    const quads = [
      ...test.data.flatMap((d) => readData(d, DEFAULT_GRAPH)),
      ...test.graphData.flatMap((g) => readData(g, g)),
      ...(fromDataset ? fromDataset.filter((g) => !test.graphData.includes(g)).flatMap((g) => readData(g, g)) : []),
    ];
    await endpoint.pool.replace(quads as never);
    const resultType = RESULT_TYPES[extname(test.result ?? '')] ?? 'application/sparql-results+json';
    const accept =
      resultType === 'text/csv' || resultType === 'text/tab-separated-values'
        ? resultType
        : 'application/sparql-results+json, application/n-triples;q=0.9';
    // The query's own FROM/FROM NAMED decide its dataset; otherwise the request names it.
    const res = fromDataset
      ? await post(endpoint, queryText, [], [], accept)
      : await post(endpoint, queryText, [DEFAULT_GRAPH], test.graphData, accept);
    const body = await res.text();
    if (res.status !== 200) return outcome({ pass: false, reason: `HTTP ${res.status}: ${body.trim().split('\n')[0]}` });
    const type = res.headers.get('content-type')!.split(';')[0]!;
    const actual = await parseResults(body, type);
    const expected = await parseResults(readText(test.result!), resultType, test.result);
    return outcome(compare(expected, actual, queryText));
  } catch (e) {
    return outcome({ pass: false, reason: `harness: ${(e as Error).message.split('\n')[0]}` });
  }
}

/** The graphs a query names in FROM / FROM NAMED, if it names any. */
function datasetOf(query: string): string[] | undefined {
  try {
    const parsed = new sparqljs.Parser().parse(query) as { from?: { default: { value: string }[]; named: { value: string }[] } };
    const graphs = [...(parsed.from?.default ?? []), ...(parsed.from?.named ?? [])].map((g) => g.value);
    return graphs.length ? graphs : undefined;
  } catch {
    return undefined;
  }
}

function post(endpoint: Endpoint, query: string, defaults: string[], named: string[], accept: string) {
  const params = new URLSearchParams();
  for (const g of defaults) params.append('default-graph-uri', g);
  for (const g of named) params.append('named-graph-uri', g);
  return fetch(`${endpoint.url}?${params}`, {
    method: 'POST',
    headers: { 'content-type': 'application/sparql-query', accept },
    body: query,
  });
}

/** The query tests of the SPARQL 1.1 suite (manifest-sparql11-query.ttl) and of its result formats
 *  (manifest-sparql11-results.ttl: CSV/TSV and JSON), with what they include; or some sub-manifests. */
export function querySuites(only?: string[]): { suite: string; tests: EvaluationTest[] }[] {
  return ['manifest-sparql11-query.ttl', 'manifest-sparql11-results.ttl']
    .flatMap((top) => includes(loadManifest(top)))
    .filter((path) => !only || only.some((o) => path.startsWith(`${o}/`)))
    .map((path) => ({ suite: path.split('/')[0]!, tests: queryTests(loadManifest(path)) }));
}

// --- The protocol tests (protocol/manifest.ttl): HTTP requests and expected responses. -------
const HT = 'http://www.w3.org/2011/http#';
const CNT = 'http://www.w3.org/2011/content#';
const HTS = 'http://www.w3.org/2011/http-statusCodes#';
const UT = 'http://www.w3.org/2009/sparql/tests/test-update#';

export async function runProtocolTests(endpoint: Endpoint): Promise<Outcome[]> {
  const m = loadManifest('protocol/manifest.ttl');
  const s = m.store;
  const one = (subject: Term, p: string) => s.getObjects(subject, p, null)[0];
  const outcomes: Outcome[] = [];
  for (const entry of m.entries) {
    const name = one(entry, `${MF}name`)!.value;
    const isUpdate = entry.value.split('#')[1]!.includes('update');
    const data = s
      .getObjects(entry, `${UT}graphData`, null)
      .flatMap((gd) => readData(one(gd, `${UT}graph`)!.value, one(gd, `${RDFS}label`)!.value));
    await endpoint.pool.replace(data as never);
    const requests = rdfList(s, one(one(entry, `${MF}action`)!, `${HT}requests`)!);
    let verdict: Verdict & { refused?: boolean } = { pass: true };
    for (const request of requests) {
      verdict = await protocolRequest(endpoint, s, request, isUpdate);
      if (!verdict.pass || verdict.refused) break;
    }
    outcomes.push({
      suite: 'protocol',
      test: entry.value,
      name,
      pass: verdict.pass,
      ...(verdict.reason ? { reason: verdict.reason } : {}),
    });
  }
  return outcomes;
}

async function protocolRequest(endpoint: Endpoint, s: Store, request: Term, isUpdate: boolean): Promise<Verdict & { refused?: boolean }> {
  const one = (subject: Term, p: string) => s.getObjects(subject, p, null)[0];
  const path = one(request, `${HT}absolutePath`)!.value.replace(/^\/sparql\/?/, '');
  const method = one(request, `${HT}methodName`)!.value;
  const headers: Record<string, string> = {};
  const headerList = one(request, `${HT}headers`);
  for (const h of headerList ? rdfList(s, headerList) : []) headers[one(h, `${HT}fieldName`)!.value] = one(h, `${HT}fieldValue`)!.value;
  const bodyNode = one(request, `${HT}body`);
  let body: Buffer | undefined;
  if (bodyNode) {
    const chars = one(bodyNode, `${CNT}chars`)!.value;
    const encoding = one(bodyNode, `${CNT}characterEncoding`)?.value.toUpperCase() ?? 'UTF-8';
    body = encoding === 'UTF-16' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(chars, 'utf16le')]) : Buffer.from(chars, 'utf8');
  }
  const res = await fetch(`${endpoint.url}${path}`, { method, headers, ...(body ? { body: new Uint8Array(body) } : {}) });
  const text = await res.text();
  const response = one(request, `${HT}resp`)!;
  // Read-only by design: an update is refused (403), and the refusal is the expected outcome; the
  // requests after it check an update that did not happen, so the test ends there.
  if (isUpdate && (res.status === 403 || res.status === 405)) return { pass: true, refused: true };
  const classes = s.getObjects(response, `${MF}expectedStatus`, null).map((t) => t.value.replace(`${HTS}StatusCode`, '')[0]);
  if (!classes.includes(String(res.status)[0]))
    return {
      pass: false,
      reason: `HTTP ${res.status}, expected ${classes.map((c) => `${c}xx`).join(' or ')}: ${text.trim().split('\n')[0]}`,
    };
  const expectedBoolean = one(response, `${MF}expectedBoolean`);
  const expectedFormat = one(response, `${MF}expectedFormat`)?.value;
  if (res.status >= 300) return { pass: true };
  const type = res.headers.get('content-type')?.split(';')[0] ?? '';
  if (expectedFormat === 'RDF' && !/turtle|n-triples|n-quads|trig|rdf\+xml|ld\+json/.test(type))
    return { pass: false, reason: `expected RDF, got ${type}` };
  if (expectedFormat === 'tabular' && !/sparql-results|csv|tab-separated/.test(type))
    return { pass: false, reason: `expected a results table, got ${type}` };
  if (expectedFormat === 'boolean' || expectedBoolean) {
    const parsed = await parseResults(text, type);
    if (parsed.kind !== 'boolean') return { pass: false, reason: `expected a boolean, got ${parsed.kind}` };
    if (expectedBoolean && parsed.value !== (expectedBoolean.value === 'true'))
      return { pass: false, reason: `expected ${expectedBoolean.value}, got ${parsed.value}` };
  }
  return { pass: true };
}
