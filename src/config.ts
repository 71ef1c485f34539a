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
  /** Where `build` writes the dumps. */
  outDir: string;
  /** Query limits for /sparql. */
  sparql: {
    timeoutMs: number;
    maxRows: number;
    maxBodyBytes: number;
    workers: number;
    queueSize: number;
  };
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
  const config: Config = {
    baseUrl,
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? resolve(PROJECT_ROOT, 'data')),
    ontologyDir: resolve(env.ONTOLOGY_DIR ?? resolve(PROJECT_ROOT, 'ontology')),
    outDir: resolve(env.OUT_DIR ?? resolve(PROJECT_ROOT, 'build')),
    sparql: {
      timeoutMs: integer(env, 'SPARQL_TIMEOUT_MS', 10_000, 1, 600_000),
      maxRows: integer(env, 'SPARQL_MAX_ROWS', 10_000, 1, 10_000_000),
      maxBodyBytes: integer(env, 'SPARQL_MAX_BODY_BYTES', 1_000_000, 1, 100_000_000),
      workers: integer(env, 'SPARQL_WORKERS', 2, 1, 64),
      queueSize: integer(env, 'SPARQL_QUEUE', 32, 0, 10_000),
    },
    ...overrides,
  };
  return deepFreeze(config);
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
