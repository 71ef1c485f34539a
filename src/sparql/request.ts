// Reading a SPARQL Protocol request: GET ?query=, POST form-encoded, POST direct. Text is decoded
// strictly: bytes that are not UTF-8, or percent-escapes that do not decode to UTF-8, are the
// client's mistake (400), never silently replaced.
import type { IncomingHttpHeaders } from 'node:http';
import { malformed as badRequest, refused as forbidden, unsupportedMediaType } from '../client-error.js';

export interface ProtocolRequest {
  /** Absent when the request asks for no query (GET /sparql: the service description). */
  query?: string;
  defaultGraphUris: string[];
  namedGraphUris: string[];
  /** The `format` parameter, for browsers that cannot set Accept. */
  format?: string;
}

const READ_ONLY = 'This endpoint is read-only: SPARQL Update is not accepted.';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A request as the protocol reads it: its method, headers, query string parameters and body. */
export interface ProtocolHttpRequest {
  method: string;
  headers: IncomingHttpHeaders;
  query: Map<string, string[]>;
  body?: Buffer;
}

export function readProtocolRequest(req: ProtocolHttpRequest): ProtocolRequest {
  const url = req.query;
  if (url.has('update')) throw forbidden(READ_ONLY);
  if (req.method !== 'POST') return fromParams(url, url);

  const [type = '', ...params] = (req.headers['content-type'] ?? '').split(';').map((s) => s.trim().toLowerCase());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') throw unsupportedMediaType(`Unsupported charset ${charset}: send UTF-8`);
  const body = req.body ?? Buffer.alloc(0);
  switch (type) {
    case 'application/sparql-update':
      throw forbidden(READ_ONLY);
    case 'application/sparql-query': {
      if (url.has('query')) throw badRequest('Send the query either in the body or in the URL, not both');
      const query = decode(body, 'request body');
      return { ...fromParams(url, new Map()), query: nonEmpty(query) };
    }
    case 'application/x-www-form-urlencoded': {
      const form = parseForm(decode(body, 'request body'), 'request body');
      if (form.has('update')) throw forbidden(READ_ONLY);
      if (url.has('query') && form.has('query')) throw badRequest('Exactly one query is allowed; got one in the URL and one in the body');
      const merged = new Map(url);
      for (const [k, v] of form) merged.set(k, [...(merged.get(k) ?? []), ...v]);
      const result = fromParams(merged, merged);
      if (result.query === undefined) throw badRequest('Missing query parameter in the form');
      return result;
    }
    case '':
      throw unsupportedMediaType(
        'POST a query as application/sparql-query or application/x-www-form-urlencoded (no Content-Type was sent)',
      );
    default:
      throw unsupportedMediaType(
        `Unsupported Content-Type ${type}: POST a query as application/sparql-query or application/x-www-form-urlencoded`,
      );
  }
}

function fromParams(params: Map<string, string[]>, queryFrom: Map<string, string[]>): ProtocolRequest {
  const queries = queryFrom.get('query');
  if (queries && queries.length > 1) throw badRequest(`Exactly one query parameter is allowed; got ${queries.length}`);
  // `output` and `results` are other endpoints' names for `format` (Fuseki, Virtuoso, SPARQLWrapper send them).
  const formats = params.get('format') ?? params.get('output') ?? params.get('results');
  return {
    ...(queries ? { query: nonEmpty(queries[0]!) } : {}),
    defaultGraphUris: graphs(params.get('default-graph-uri'), 'default-graph-uri'),
    namedGraphUris: graphs(params.get('named-graph-uri'), 'named-graph-uri'),
    ...(formats?.length ? { format: formats[formats.length - 1] } : {}),
  };
}

function graphs(values: string[] | undefined, name: string): string[] {
  for (const v of values ?? []) {
    if (!/^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i.test(v)) throw badRequest(`${name} must be an absolute IRI (got ${JSON.stringify(v)})`);
  }
  return values ?? [];
}

function nonEmpty(query: string): string {
  if (!query.trim()) throw badRequest('The query is empty');
  return query;
}

function decode(bytes: Buffer, where: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw badRequest(`The ${where} is not valid UTF-8`);
  }
}

/** application/x-www-form-urlencoded, decoded strictly (URLSearchParams would replace bad bytes). */
export function parseForm(text: string, where: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const key = component(k, where);
    out.set(key, [...(out.get(key) ?? []), component(v, where)]);
  }
  return out;
}

function component(s: string, where: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw badRequest(`The ${where} has a percent-escape that is not valid UTF-8`);
  }
}
