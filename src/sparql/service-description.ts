// The SPARQL 1.1 Service Description of /sparql: what it speaks, the formats it writes, its
// dataset, and the limits it enforces (a client learns here that results are capped, and at what).
import { PREFIXES } from '../rdf/namespaces.js';
import { blankNode, defaultGraph, iri, int, literal, quad, type Quad } from '../rdf/terms.js';
import { EXTENSION_FUNCTIONS } from '../query/store-query.js';

export interface ServiceLimits {
  timeoutMs: number;
  maxRows: number;
  maxBodyBytes: number;
  workers: number;
  queueSize: number;
  cacheBytes: number;
  /** A remote store's answers are kept this many seconds (SPARQL_REMOTE_CACHE_SECONDS). */
  cacheSeconds?: number;
  /** The store is remote: queries go to it checked and written again (src/sparql/store-query.ts). */
  remote?: boolean;
  /** The limits below default to DEFAULT_ENGINE_LIMITS (config.ts sets them all). */
  maxQueryChars?: number;
  parseTimeoutMs?: number;
  /** Queries one client may run at once, and have waiting. */
  perClient?: number;
  clientQueueSize?: number;
  /** Memory a running query may add to the server, and a query worker's JavaScript heap, in MB. */
  queryMemoryMb?: number;
  workerHeapMb?: number;
}

/** The engine's limits where a caller gives none (the same defaults as config.ts). */
export const DEFAULT_ENGINE_LIMITS = {
  maxQueryChars: 262_144,
  parseTimeoutMs: 2_000,
  queryMemoryMb: 512,
  workerHeapMb: 512,
} as const;

/** The limits, every one given: the per-client ones default from the workers and the queue. */
export function engineLimits(l: ServiceLimits): Required<ServiceLimits> {
  return {
    ...DEFAULT_ENGINE_LIMITS,
    perClient: Math.max(1, Math.floor(l.workers / 2)),
    clientQueueSize: Math.max(1, Math.ceil(l.queueSize / 2)),
    ...Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined)),
  } as Required<ServiceLimits>;
}

const sd = (l: string) => iri(PREFIXES.sd + l);
const formats = (l: string) => iri(`http://www.w3.org/ns/formats/${l}`);
const RESULT_FORMATS = [
  'SPARQL_Results_JSON',
  'SPARQL_Results_XML',
  'SPARQL_Results_CSV',
  'SPARQL_Results_TSV',
  'Turtle',
  'N-Triples',
  'N-Quads',
  'TriG',
  'JSON-LD',
  'RDF_XML',
];

/** `endpoint` is the service's IRI; the limits are stated under `{endpoint}#` since sd: has no terms for them. */
export function serviceDescription(endpoint: string, given: ServiceLimits): Quad[] {
  const limits = engineLimits(given);
  const service = iri(endpoint);
  const limit = (l: string) => iri(`${endpoint}#${l}`);
  const dataset = blankNode('dataset');
  const graph = blankNode('defaultGraph');
  const t = (s: Quad['subject'], p: Quad['predicate'], o: Quad['object']) => quad(s, p, o, defaultGraph());
  const rdfType = iri(`${PREFIXES.rdf}type`);
  const comment = iri(`${PREFIXES.rdfs}comment`);
  return [
    t(service, rdfType, sd('Service')),
    t(service, sd('endpoint'), service),
    t(service, sd('supportedLanguage'), sd('SPARQL11Query')),
    t(service, sd('feature'), sd('UnionDefaultGraph')),
    t(
      service,
      comment,
      literal(
        `Read-only SPARQL 1.1 Query endpoint. Updates are refused (403) and SERVICE is not evaluated. ` +
          `Without default-graph-uri or named-graph-uri the default graph is the union of all graphs. ` +
          `A query runs for at most ${limits.timeoutMs} ms (then 503); results are capped at ${limits.maxRows} rows ` +
          `(a capped result carries the header X-SPARQL-Truncated: true); request bodies are limited to ${limits.maxBodyBytes} bytes; ` +
          `${limits.workers} queries run at once and ${limits.queueSize} may wait (then 503 with Retry-After); ` +
          `one client runs at most ${limits.perClient} at once and may have ${limits.clientQueueSize} waiting (then 503), and clients are served in turn. ` +
          `A query is at most ${limits.maxQueryChars} characters (then 413) and must parse within ${limits.parseTimeoutMs} ms (then 400); ` +
          `a query that takes more than ${limits.queryMemoryMb} MB of memory is stopped (503). A query whose client hangs up is dropped or stopped. ` +
          (limits.remote
            ? `Functions: SPARQL 1.1's own, the XSD casts, and the extension functions listed here; a query calling any other is refused (403), as is any IRI in the store's own function namespaces (bif:, sql:). `
            : '') +
          (limits.cacheBytes > 0 && limits.cacheSeconds
            ? `Answers to queries that call no RAND, NOW, UUID, STRUUID or BNODE are kept for ${limits.cacheSeconds} s and given again to the same query (header X-SPARQL-Cache: hit); send Cache-Control: no-cache to have a query evaluated anew.`
            : limits.cacheBytes > 0
              ? `Answers to queries that call no RAND, NOW, UUID, STRUUID or BNODE are kept until the data changes and given again to the same query (header X-SPARQL-Cache: hit); send Cache-Control: no-cache to have a query evaluated anew.`
              : 'Every query is evaluated anew.'),
        'en',
      ),
    ),
    ...RESULT_FORMATS.map((f) => t(service, sd('resultFormat'), formats(f))),
    ...(limits.remote ? EXTENSION_FUNCTIONS.map((f) => t(service, sd('extensionFunction'), iri(f))) : []),
    t(service, sd('defaultDataset'), dataset),
    t(dataset, rdfType, sd('Dataset')),
    t(dataset, sd('defaultGraph'), graph),
    t(graph, rdfType, sd('Graph')),
    t(service, limit('maxRows'), int(limits.maxRows)),
    t(service, limit('timeoutMs'), int(limits.timeoutMs)),
    t(service, limit('maxRequestBytes'), int(limits.maxBodyBytes)),
    t(service, limit('concurrentQueries'), int(limits.workers)),
    t(service, limit('queueSize'), int(limits.queueSize)),
    t(service, limit('concurrentQueriesPerClient'), int(limits.perClient)),
    t(service, limit('queueSizePerClient'), int(limits.clientQueueSize)),
    t(service, limit('maxQueryLength'), int(limits.maxQueryChars)),
    t(service, limit('parseTimeoutMs'), int(limits.parseTimeoutMs)),
    t(service, limit('queryMemoryMb'), int(limits.queryMemoryMb)),
    t(service, limit('workerHeapMb'), int(limits.workerHeapMb)),
  ];
}
