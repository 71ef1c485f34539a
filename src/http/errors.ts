// Typed HTTP errors, and the one place that turns any error, of any layer, into a reply.
import { ClientError } from '../client-error.js';
import { QueryEvaluationError, QueryTimeoutError, QueueFullError, StoreUnavailableError } from '../store/store.js';
import { QueryCrashedError } from '../store/worker-pool.js';
import { plainText, type Reply } from './reply.js';

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
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new HttpError(429, message, { 'Retry-After': String(retryAfterSeconds) });
export const notAcceptable = (offered: string[]) =>
  new HttpError(406, `Not acceptable. This resource is available as: ${offered.join(', ')}`);
export const payloadTooLarge = (limit: number) => new HttpError(413, `Request body over the limit of ${limit} bytes`);
export const unsupportedMediaType = (message: string) => new HttpError(415, message);
export const serviceUnavailable = (message: string, retryAfterSeconds = 5) =>
  new HttpError(503, message, { 'Retry-After': String(retryAfterSeconds) });

export type ErrorLog = (entry: Record<string, unknown>) => void;

/** Any error as its reply: a client's mistake gets its 4xx and a plain message; a refusal of the
 *  store (time limit, busy, down) its 503; anything else a 500 whose details stay in the log. */
export function errorReply(err: unknown, path: string, log: ErrorLog): Reply {
  const e = toHttpError(err);
  const status = e ? e.status : statusOf(err);
  const message = e ? e.message : status >= 500 ? 'Internal server error' : messageOf(err);
  // A 503 we chose (time limit, busy, store down) is an expected refusal, not a fault: no stack.
  if (status >= 500) {
    log(
      e ? { level: 'warn', path, status, error: e.message } : { level: 'error', path, status, error: String((err as Error)?.stack ?? err) },
    );
  }
  return plainText(status, message, e ? { ...e.headers } : {});
}

/** The errors of the layers below, as HTTP: they say what went wrong, this says the status. */
function toHttpError(e: unknown): HttpError | undefined {
  if (e instanceof HttpError) return e;
  if (e instanceof ClientError) return new HttpError(CLIENT_STATUS[e.kind], e.message);
  if (e instanceof QueryTimeoutError) {
    return serviceUnavailable(`The query ran past the time limit of ${e.timeoutMs} ms and was stopped. Narrow it, or add a LIMIT.`, 1);
  }
  if (e instanceof QueryCrashedError) {
    return serviceUnavailable(
      `The query engine stopped while running this query (${e.message}); it has been restarted. Try again, or narrow the query.`,
      1,
    );
  }
  if (e instanceof QueueFullError) return serviceUnavailable(`The endpoint is busy: ${e.message}`, 2);
  if (e instanceof StoreUnavailableError) return serviceUnavailable(`The endpoint is unavailable: ${e.message}`, e.retryAfterSeconds);
  if (e instanceof QueryEvaluationError) return badRequest(`The query could not be evaluated: ${e.message}`);
  return undefined;
}

const CLIENT_STATUS: Record<ClientError['kind'], number> = {
  malformed: 400,
  refused: 403,
  'not-acceptable': 406,
  'unsupported-media-type': 415,
};

function statusOf(err: unknown): number {
  // Errors from the body parser carry a 4xx status (too large, bad JSON, bad charset).
  const s = (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
}

function messageOf(err: unknown): string {
  const e = err as { type?: string; message?: string };
  switch (e?.type) {
    case 'entity.too.large':
      return 'Request body too large';
    case 'entity.parse.failed':
      return 'Request body is not valid JSON';
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return 'Unsupported request body encoding';
    default:
      return e?.message ?? 'Bad request';
  }
}
