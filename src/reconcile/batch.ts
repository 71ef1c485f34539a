// Reading what a reconciliation client sends: query batches and data extension queries, checked
// field by field so an invalid document gets a 400 that says which query and which field.
// The shapes are those of the W3C Entity Reconciliation API 0.2 (reconciliation-query-batch.json,
// data-extension-query.json); the tests hold the service to the schemas themselves.
import { malformed as badRequest } from '../client-error.js';

export type PropertyValue = string | number | boolean | { id: string; name?: string };

export interface ReconQuery {
  query?: string;
  types: string[];
  typeStrict: 'any' | 'should' | 'all';
  limit?: number;
  properties: { pid: string; values: PropertyValue[] }[];
}

export interface ExtendQuery {
  ids: string[];
  properties: { id: string; limit?: number }[];
}

const QUERY_FIELDS = new Set(['query', 'type', 'limit', 'properties', 'type_strict']);

/** Bounds on one request's work: a batch runs on the main thread, so it must stay small.
 *  OpenRefine sends batches of 10 short queries. */
export const MAX_BATCH = 100;
export const MAX_QUERY_CHARS = 500;
export const MAX_PROPERTIES = 50;
export const MAX_EXTEND_IDS = 500;
/** Deeper JSON than any query or extension needs; deep enough documents overflow the stack. */
export const MAX_JSON_DEPTH = 32;

/** Parses the text of `queries=`: a JSON object of query id → query. */
export function parseBatch(text: string): Map<string, ReconQuery> {
  const doc = parseJson(text, 'queries');
  if (!isObject(doc)) throw badRequest('queries must be a JSON object mapping query ids to queries, e.g. {"q0":{"query":"Chong Pal"}}');
  const keys = Object.keys(doc);
  if (keys.length > MAX_BATCH) throw badRequest(`A batch holds at most ${MAX_BATCH} queries (got ${keys.length}); send it in parts`);
  const batch = new Map<string, ReconQuery>();
  for (const [key, q] of Object.entries(doc)) batch.set(key, readQuery(key, q));
  return batch;
}

function readQuery(key: string, q: unknown): ReconQuery {
  const where = `query ${JSON.stringify(key)}`;
  if (!isObject(q)) throw badRequest(`${where}: must be an object`);
  for (const field of Object.keys(q)) {
    if (!QUERY_FIELDS.has(field))
      throw badRequest(`${where}: unknown field ${JSON.stringify(field)} (allowed: ${[...QUERY_FIELDS].join(', ')})`);
  }
  if (q.query !== undefined && typeof q.query !== 'string') throw badRequest(`${where}: "query" must be a string`);
  if (typeof q.query === 'string' && q.query.length > MAX_QUERY_CHARS)
    throw badRequest(`${where}: "query" is longer than ${MAX_QUERY_CHARS} characters`);
  const types = q.type === undefined ? [] : typeof q.type === 'string' ? [q.type] : q.type;
  if (!Array.isArray(types) || !types.every((t) => typeof t === 'string'))
    throw badRequest(`${where}: "type" must be a string or an array of strings`);
  if (q.limit !== undefined && (typeof q.limit !== 'number' || !Number.isFinite(q.limit)))
    throw badRequest(`${where}: "limit" must be a number`);
  const strict = q.type_strict ?? 'any';
  if (strict !== 'any' && strict !== 'should' && strict !== 'all')
    throw badRequest(`${where}: "type_strict" must be one of any, should, all`);
  if (q.properties !== undefined && !Array.isArray(q.properties)) throw badRequest(`${where}: "properties" must be an array`);
  if (types.length > MAX_PROPERTIES || ((q.properties as unknown[] | undefined) ?? []).length > MAX_PROPERTIES) {
    throw badRequest(`${where}: at most ${MAX_PROPERTIES} types and ${MAX_PROPERTIES} properties`);
  }
  const properties = ((q.properties as unknown[] | undefined) ?? []).map((p, i) => readProperty(`${where}, properties[${i}]`, p));
  if (q.query === undefined && properties.length === 0)
    throw badRequest(`${where}: needs a "query" string or a non-empty "properties" array`);
  return {
    ...(q.query !== undefined ? { query: q.query } : {}),
    types: types as string[],
    typeStrict: strict,
    ...(q.limit !== undefined ? { limit: q.limit as number } : {}),
    properties,
  };
}

function readProperty(where: string, p: unknown): { pid: string; values: PropertyValue[] } {
  if (!isObject(p)) throw badRequest(`${where}: must be an object {"pid", "v"}`);
  if (typeof p.pid !== 'string') throw badRequest(`${where}: "pid" must be a string`);
  if (p.v === undefined) throw badRequest(`${where}: "v" is required`);
  const values = Array.isArray(p.v) ? p.v : [p.v];
  if (values.length > MAX_PROPERTIES) throw badRequest(`${where}: at most ${MAX_PROPERTIES} values`);
  for (const v of values) {
    const ok =
      typeof v === 'string' ||
      typeof v === 'number' ||
      typeof v === 'boolean' ||
      (isObject(v) && typeof v.id === 'string' && (v.name === undefined || typeof v.name === 'string'));
    if (!ok) throw badRequest(`${where}: each value of "v" must be a string, number, boolean or {"id": string}`);
  }
  return { pid: p.pid, values: values as PropertyValue[] };
}

/** Parses the text of `extend=`: {"ids": [...], "properties": [{"id", "settings"?}]}. */
export function parseExtend(text: string): ExtendQuery {
  const doc = parseJson(text, 'extend');
  if (!isObject(doc)) throw badRequest('extend must be a JSON object {"ids": [...], "properties": [{"id": ...}]}');
  if (!Array.isArray(doc.ids) || !doc.ids.every((i) => typeof i === 'string'))
    throw badRequest('extend: "ids" must be an array of strings');
  if (!Array.isArray(doc.properties)) throw badRequest('extend: "properties" must be an array');
  if (doc.ids.length > MAX_EXTEND_IDS || doc.properties.length > MAX_PROPERTIES) {
    throw badRequest(`extend: at most ${MAX_EXTEND_IDS} ids and ${MAX_PROPERTIES} properties`);
  }
  const properties = doc.properties.map((p, i) => {
    if (!isObject(p) || typeof p.id !== 'string') throw badRequest(`extend: properties[${i}] must be an object with a string "id"`);
    if (p.settings !== undefined && !isObject(p.settings)) throw badRequest(`extend: properties[${i}].settings must be an object`);
    const raw = p.settings?.limit;
    const limit = raw === undefined ? undefined : Number(raw);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
      throw badRequest(`extend: properties[${i}].settings.limit must be a whole number`);
    return { id: p.id, ...(limit ? { limit } : {}) };
  });
  return { ids: doc.ids as string[], properties };
}

function parseJson(text: string, name: string): unknown {
  checkJsonDepth(text, name);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`${name} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Refuses JSON nested deeper than MAX_JSON_DEPTH, before anything recurses over it. */
export function checkJsonDepth(text: string, name: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw badRequest(`${name} is nested more than ${MAX_JSON_DEPTH} levels deep`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

function isObject(v: unknown): v is Record<string, unknown> & { settings?: Record<string, unknown> } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
