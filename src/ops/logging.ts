// Structured JSON logs (pino): one line per request with its id, method, path, status and time.
// The request id comes from X-Request-Id when the client sends a sane one, and is echoed back.
// This is a small hook on pino rather than pino-http: pino-http makes a child logger for every
// request, which cost a third of the dereferencing throughput (docs/BENCHMARKS.md).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';

export type { Logger };

/** How long a log line may wait in the buffer of a quiet server before it is written. */
export const LOG_FLUSH_MS = 1000;

/** Lines are buffered and written to stdout a few kilobytes at a time, off the request's path:
 *  one write(2) per request line cost a fifth of the main thread's time when fronting a store.
 *  A quiet server's lines wait at most LOG_FLUSH_MS; pino writes what is left when the process
 *  exits (a crash included; a SIGKILL loses at most that second). */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const logger = pino({ level, base: { service: 'busanjin' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  setInterval(() => logger.flush(), LOG_FLUSH_MS).unref();
  return logger;
}

/** Writes an error entry of http/errors.ts at its level: `warn` for a 503 the server chose (a
 *  time limit, a full queue, the store down), `error` for a fault. */
export function errorLog(logger: Logger): (entry: Record<string, unknown>) => void {
  return (entry) => (entry.level === 'warn' ? logger.warn(entry) : logger.error(entry));
}

const SANE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Request ids, and what a route wants in its log line (e.g. the query's time), per response. */
export const requestInfo = new WeakMap<ServerResponse, RequestInfo>();

export interface RequestInfo {
  id: string;
  /** /sparql: the query's time (in the store, queue included), the engine's own part of it when
   *  the store tells it, and whether its answer was kept from before (hit, miss, bypass). */
  queryMs?: number;
  engineMs?: number;
  cache?: string;
}

export function requestLogger(logger: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    const info: RequestInfo = { id };
    requestInfo.set(res, info);
    if (!logger.isLevelEnabled('info')) return;
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const status = res.statusCode;
      // 503 is a refusal we chose (time limit, busy, store down); other 5xx are faults.
      const level = status >= 500 && status !== 503 ? 'error' : status >= 400 ? 'warn' : 'info';
      logger[level](
        {
          req: { id: info.id, method: req.method, path: (req.url ?? '').split('?')[0] },
          res: { status },
          responseTime: Number(process.hrtime.bigint() - started) / 1e6,
          ...(info.queryMs !== undefined ? { queryMs: info.queryMs, engineMs: info.engineMs, cache: info.cache } : {}),
        },
        'request completed',
      );
    });
  };
}
