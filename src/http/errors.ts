// Typed HTTP errors, and the one place that turns any error into a response. A client's
// mistake gets its 4xx and a plain message; anything else is a 500 whose details stay in the log.
import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const forbidden = (message: string) => new HttpError(403, message);
export const notFound = (message = 'Not found') => new HttpError(404, message);
export const methodNotAllowed = (allow: string[]) =>
  new HttpError(405, `Method not allowed; use ${allow.join(', ')}`, { Allow: allow.join(', ') });
export const notAcceptable = (offered: string[]) =>
  new HttpError(406, `Not acceptable. This resource is available as: ${offered.join(', ')}`);
export const payloadTooLarge = (limit: number) => new HttpError(413, `Request body over the limit of ${limit} bytes`);
export const unsupportedMediaType = (message: string) => new HttpError(415, message);
export const serviceUnavailable = (message: string, retryAfterSeconds = 5) =>
  new HttpError(503, message, { 'Retry-After': String(retryAfterSeconds) });

export type Logger = (entry: Record<string, unknown>) => void;

export function errorHandler(log: Logger = (e) => console.error(JSON.stringify(e))): ErrorRequestHandler {
  return (err, req, res, _next) => sendError(err, req.method, req.path, res, log);
}

/** Any error as its response (the handler above, and the routes answered before express). */
export function sendError(err: unknown, method: string | undefined, path: string, res: ServerResponse, log: Logger): void {
  const status = statusOf(err);
  const message = status >= 500 && !(err instanceof HttpError) ? 'Internal server error' : messageOf(err);
  // A 503 we chose (time limit, busy, store down) is an expected refusal, not a fault: no stack.
  if (status >= 500) {
    log(err instanceof HttpError
      ? { level: 'warn', path, status, error: err.message }
      : { level: 'error', path, status, error: String((err as Error)?.stack ?? err) });
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(`${message}\n`);
  res.statusCode = status;
  if (err instanceof HttpError) for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(method === 'HEAD' ? undefined : body);
}

function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  // Errors from express's body parsers carry a 4xx status (too large, bad JSON, bad charset).
  const s = (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
}

function messageOf(err: unknown): string {
  if (err instanceof HttpError) return err.message;
  const e = err as { type?: string; message?: string };
  switch (e?.type) {
    case 'entity.too.large': return 'Request body too large';
    case 'entity.parse.failed': return 'Request body is not valid JSON';
    case 'charset.unsupported': case 'encoding.unsupported': return 'Unsupported request body encoding';
    default: return e?.message ?? 'Bad request';
  }
}
