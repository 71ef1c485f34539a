// What a store's refusal means to a client, in one place for every route that queries the store
// (/sparql, /fragments): a time limit, a crash, a full queue or a store that is down is a 503 with
// Retry-After; a query the engine cannot evaluate is the client's 400.
import { QueryEvaluationError, QueryTimeoutError, QueueFullError, StoreUnavailableError } from '../store/store.js';
import { QueryCrashedError } from '../store/worker-pool.js';
import { badRequest, serviceUnavailable } from './errors.js';

export function storeErrorToHttp(e: unknown): unknown {
  if (e instanceof QueryTimeoutError) {
    return serviceUnavailable(`The query ran past the time limit of ${e.timeoutMs} ms and was stopped. Narrow it, or add a LIMIT.`, 1);
  }
  if (e instanceof QueryCrashedError) {
    return serviceUnavailable(`The query engine stopped while running this query (${e.message}); it has been restarted. Try again, or narrow the query.`, 1);
  }
  if (e instanceof QueueFullError) return serviceUnavailable(`The endpoint is busy: ${e.message}`, 2);
  if (e instanceof StoreUnavailableError) return serviceUnavailable(`The endpoint is unavailable: ${e.message}`, 5);
  if (e instanceof QueryEvaluationError) return badRequest(`The query could not be evaluated: ${e.message}`);
  return e;
}
