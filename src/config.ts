// One typed, validated, frozen configuration, read from the environment (and CLI flags).
// Every setting has a default, so `npm start` works with no set-up at all.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Config {
  /** Public base IRI; every IRI in the graph is minted under it. Ends with "/". */
  baseUrl: string;
  port: number;
  host: string;
  dataDir: string;
  ontologyDir: string;
  /** Where `build` writes the dumps, and `serve` its build cache and PID file. */
  outDir: string;
  /** Keep the validated build in OUT_DIR/build-cache and reuse it while its inputs are unchanged. */
  buildCache: boolean;
  /** Query limits for /sparql. */
  sparql: {
    timeoutMs: number;
    maxRows: number;
    maxBodyBytes: number;
    /** Query workers at most; under load the pool grows to this many. */
    workers: number;
    /** Query workers kept running while idle (at most `workers`). */
    minWorkers: number;
    /** How long a worker beyond `minWorkers` may stay idle before it is let go. */
    workerIdleMs: number;
    queueSize: number;
    /** Bytes of answers kept for repeated queries (embedded store only; 0 keeps none). */
    cacheBytes: number;
    /** The largest answer sent; a larger one is refused (507) rather than held for the client. */
    maxResponseBytes: number;
    /** The longest query text accepted (413 past it). */
    maxQueryChars: number;
    /** A long query must parse within this (off the main thread), or is refused with 400. */
    parseTimeoutMs: number;
    /** Queries one client (address) may run at once while others wait, and have waiting. */
    perClient: number;
    clientQueueSize: number;
    /** Memory a running query may add to the process before it is stopped, in MB. */
    queryMemoryMb: number;
    /** A query worker's JavaScript heap, in MB. */
    workerHeapMb: number;
  };
  /** A remote SPARQL 1.1 store (SPARQL_ENDPOINT); absent: the embedded store. */
  remote?: RemoteConfig;
  /** A dataset file (N-Quads or TriG, e.g. from scripts/generate.ts) published instead of the
   *  article build; it is parsed but not SHACL-validated against the article's shapes. */
  dataFile?: string;
  /** Operations: logs, limits on clients, shutdown, reload. */
  ops: {
    logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    /** Requests per client per minute on /sparql and on /reconcile; 0 turns the limit off. */
    sparqlPerMinute: number;
    reconcilePerMinute: number;
    /** /fragments shares the query workers with /sparql, so it is limited too. */
    fragmentsPerMinute: number;
    /** Proxies whose X-Forwarded-For names the client (a hop count, or addresses and CIDRs):
     *  behind a load balancer, every client would otherwise be the balancer. */
    trustProxy?: string | number;
    /** Lets operators read /metrics from elsewhere than the machine itself (Bearer token). */
    metricsToken?: string;
    /** A response the client does not read for this long is cut off. */
    sendTimeoutMs: number;
    /** A client must send its headers within this, and its whole request within requestTimeoutMs. */
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    /** On SIGTERM, in-flight requests get this long to finish. */
    shutdownDeadlineMs: number;
    /** Rebuild and swap the graph when a file in data/ or ontology/ changes. */
    watch: boolean;
    /** Megabytes of entity documents (every format and coding) kept in memory. */
    documentCacheMb: number;
  };
}

export interface RemoteConfig {
  endpoint: string;
  /** SPARQL 1.1 Update endpoint, or a Graph Store Protocol URL: what `load` and loadOnStart write to. */
  updateEndpoint?: string;
  gspEndpoint?: string;
  user?: string;
  password?: string;
  /** basic: send Basic credentials up front; auto: answer the store's challenge (Digest or Basic). */
  authScheme: 'basic' | 'auto';
  /** Replace the store's graphs with the built dataset at start (default: no; use `load`). */
  loadOnStart: boolean;
  /** Retry-After, in seconds, of the 503s sent while the store is down. */
  retryAfterSeconds: number;
  /** Kept-alive connections to the store at most. */
  connections: number;
  /** Seconds an answer of the store may be kept and given again (0: every query is evaluated). */
  cacheSeconds: number;
}

/** The project's root: two levels up from this file in src/ and in dist/. */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Readonly<Config> {
  const baseUrl = env.BASE_URL ?? 'http://localhost:8080/';
  if (!/^https?:\/\/[^/\s]+\/([^\s?#]*\/)?$/.test(baseUrl)) {
    throw new ConfigError(`BASE_URL must be an http(s) URL ending with "/" (got ${JSON.stringify(baseUrl)})`);
  }
  const workers = integer(env, 'SPARQL_WORKERS', 2, 1, 64);
  const queueSize = integer(env, 'SPARQL_QUEUE', 256, 0, 10_000);
  const config: Config = {
    baseUrl,
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? resolve(PROJECT_ROOT, 'data')),
    ontologyDir: resolve(env.ONTOLOGY_DIR ?? resolve(PROJECT_ROOT, 'ontology')),
    outDir: resolve(env.OUT_DIR ?? resolve(PROJECT_ROOT, 'build')),
    buildCache: env.BUILD_CACHE !== '0' && env.BUILD_CACHE !== 'false',
    sparql: {
      timeoutMs: integer(env, 'SPARQL_TIMEOUT_MS', 10_000, 1, 600_000),
      maxRows: integer(env, 'SPARQL_MAX_ROWS', 10_000, 1, 10_000_000),
      maxBodyBytes: integer(env, 'SPARQL_MAX_BODY_BYTES', 1_000_000, 1, 100_000_000),
      workers,
      minWorkers: Math.min(workers, integer(env, 'SPARQL_WORKERS_MIN', 1, 1, 64)),
      workerIdleMs: integer(env, 'SPARQL_WORKER_IDLE_MS', 30_000, 100, 86_400_000),
      queueSize,
      cacheBytes: integer(env, 'SPARQL_CACHE_MB', 16, 0, 65_536) * 1024 * 1024,
      maxResponseBytes: integer(env, 'SPARQL_MAX_RESPONSE_MB', 32, 1, 65_536) * 1024 * 1024,
      maxQueryChars: integer(env, 'SPARQL_MAX_QUERY_CHARS', 262_144, 16, 100_000_000),
      parseTimeoutMs: integer(env, 'SPARQL_PARSE_TIMEOUT_MS', 2_000, 10, 600_000),
      // Half the workers: one client's queries never hold them all while another waits.
      perClient: Math.min(workers, integer(env, 'SPARQL_WORKERS_PER_CLIENT', Math.max(1, Math.floor(workers / 2)), 1, 64)),
      // Half the queue: one client's burst never leaves the others no room to wait.
      clientQueueSize: integer(env, 'SPARQL_QUEUE_PER_CLIENT', Math.max(1, Math.ceil(queueSize / 2)), 1, 10_000),
      queryMemoryMb: integer(env, 'SPARQL_QUERY_MEMORY_MB', 512, 16, 1_048_576),
      workerHeapMb: integer(env, 'SPARQL_WORKER_HEAP_MB', 512, 16, 1_048_576),
    },
    ops: {
      logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
      sparqlPerMinute: integer(env, 'RATE_LIMIT_SPARQL', 600, 0, 1_000_000),
      reconcilePerMinute: integer(env, 'RATE_LIMIT_RECONCILE', 600, 0, 1_000_000),
      fragmentsPerMinute: integer(env, 'RATE_LIMIT_FRAGMENTS', 1200, 0, 1_000_000),
      ...trustProxy(env),
      ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
      sendTimeoutMs: integer(env, 'SEND_TIMEOUT_MS', 30_000, 100, 600_000),
      headersTimeoutMs: integer(env, 'HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
      requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
      shutdownDeadlineMs: integer(env, 'SHUTDOWN_DEADLINE_MS', 10_000, 0, 600_000),
      watch: env.WATCH === '1' || env.WATCH === 'true',
      documentCacheMb: integer(env, 'DOCUMENT_CACHE_MB', 64, 1, 65_536),
    },
    ...remoteConfig(env),
    ...(env.DATA_FILE ? { dataFile: resolve(env.DATA_FILE) } : {}),
    ...overrides,
  };
  return deepFreeze(config);
}

function remoteConfig(env: Env): { remote?: RemoteConfig } {
  const endpoint = env.SPARQL_ENDPOINT;
  if (!endpoint) return {};
  for (const name of ['SPARQL_ENDPOINT', 'SPARQL_UPDATE_ENDPOINT', 'SPARQL_GSP_ENDPOINT']) {
    const v = env[name];
    if (v && !/^https?:\/\/[^/\s]+\S*$/.test(v)) throw new ConfigError(`${name} must be an http(s) URL (got ${JSON.stringify(v)})`);
  }
  if ((env.SPARQL_USER === undefined) !== (env.SPARQL_PASSWORD === undefined)) {
    throw new ConfigError('SPARQL_USER and SPARQL_PASSWORD go together: set both or neither');
  }
  const scheme = env.SPARQL_AUTH ?? 'auto';
  if (scheme !== 'auto' && scheme !== 'basic')
    throw new ConfigError(`SPARQL_AUTH must be "auto" or "basic" (got ${JSON.stringify(scheme)})`);
  return {
    remote: {
      endpoint,
      ...(env.SPARQL_UPDATE_ENDPOINT ? { updateEndpoint: env.SPARQL_UPDATE_ENDPOINT } : {}),
      ...(env.SPARQL_GSP_ENDPOINT ? { gspEndpoint: env.SPARQL_GSP_ENDPOINT } : {}),
      ...(env.SPARQL_USER !== undefined ? { user: env.SPARQL_USER, password: env.SPARQL_PASSWORD! } : {}),
      authScheme: scheme,
      loadOnStart: env.SPARQL_LOAD_ON_START === '1' || env.SPARQL_LOAD_ON_START === 'true',
      retryAfterSeconds: integer(env, 'SPARQL_RETRY_AFTER', 5, 1, 3600),
      connections: integer(env, 'SPARQL_REMOTE_CONNECTIONS', 16, 1, 1024),
      cacheSeconds: integer(env, 'SPARQL_REMOTE_CACHE_SECONDS', 0, 0, 31_536_000),
    },
  };
}

/** TRUST_PROXY: a hop count (1: the one load balancer in front), or a comma-separated list of
 *  addresses, CIDRs or proxy-addr's names (loopback, uniquelocal). Unset: no proxy is believed. */
function trustProxy(env: Env): { trustProxy?: string | number } {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return {};
  if (/^\d+$/.test(raw)) return { trustProxy: integer(env, 'TRUST_PROXY', 0, 0, 32) };
  if (!/^[0-9A-Za-z.:/,\s]+$/.test(raw))
    throw new ConfigError(`TRUST_PROXY must be a hop count or a list of addresses/CIDRs (got ${JSON.stringify(raw)})`);
  return { trustProxy: raw };
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw)})`);
  return raw as T;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return n;
}

function deepFreeze<T extends object>(o: T): Readonly<T> {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}
