// Structured JSON logs (pino), one line per request with its id, route, status and time;
// the request id comes from X-Request-Id when the client sends a sane one, and is echoed back.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export type { Logger };

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'busanjin' }, timestamp: pino.stdTimeFunctions.isoTime });
}

const SANE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Query strings can hold whole SPARQL queries: log the path and let routes add what matters.
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    customProps: (_req, res) => {
      const locals = (res as ServerResponse & { locals?: Record<string, unknown> }).locals ?? {};
      return locals.queryMs !== undefined ? { queryMs: locals.queryMs } : {};
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  });
}
