// A response computed apart from writing it: the entity routes (the hot path of a linked-data
// server) decide status, headers and bytes from the request's method, path and headers alone,
// then one small function writes that to node's ServerResponse.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import fresh from 'fresh';
import type { Representation } from '../rdf/representation.js';
import { CONTENT_SECURITY_POLICY } from './views/layout.js';

export interface Planned {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface RequestFacts {
  method: string;
  headers: IncomingHttpHeaders;
}

/** What every data response says to other origins (the routes are public data). */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag,Last-Modified,Link,Location,Content-Location,Vary',
};

export function plainText(status: number, message: string, headers: Record<string, string> = {}): Planned {
  return { status, headers: { ...CORS_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body: Buffer.from(`${message}\n`) };
}

export function redirect(status: 301 | 303, location: string, headers: Record<string, string> = {}): Planned {
  return plainText(status, `${status === 301 ? 'Moved to' : 'See'} ${location}`, { Location: location, ...headers });
}

/**
 * RFC 9110 §13.2.2: If-None-Match decides when present, else If-Modified-Since. The request's
 * Cache-Control is left out: "no-cache" asks caches to revalidate, which is what a conditional
 * request to the origin is (fetch() adds it to each one), so it must not turn the 304 into a 200.
 */
export function isNotModified(req: RequestFacts, etag: string, lastModified: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  // Most requests carry no validator: they are answered without copying their headers. The
  // client's Cache-Control is left out, so a revalidation with validators still gets its 304.
  const { 'if-none-match': noneMatch, 'if-modified-since': modifiedSince } = req.headers;
  if (noneMatch === undefined && modifiedSince === undefined) return false;
  return fresh({ 'if-none-match': noneMatch, 'if-modified-since': modifiedSince }, { etag, 'last-modified': lastModified });
}

export interface RepresentationOptions {
  modified: Date;
  contentLocation?: string;
  link?: string;
  vary: string[];
  /** The content coding the bytes are in, when not identity. */
  encoding?: string;
}

// Formatting an HTTP date per request is measurable on the hot path; a build has one date.
const httpDates = new WeakMap<Date, string>();
function httpDate(d: Date): string {
  let s = httpDates.get(d);
  if (!s) httpDates.set(d, (s = d.toUTCString()));
  return s;
}

/** 200 with a representation's bytes and validators, or 304 when the client's copy is current. */
export function representationResponse(req: RequestFacts, rep: Representation, o: RepresentationOptions): Planned {
  const lastModified = httpDate(o.modified);
  const headers: Record<string, string> = {
    ...CORS_HEADERS,
    'Content-Type': rep.contentType,
    ETag: rep.etag,
    'Last-Modified': lastModified,
    'Cache-Control': 'public, max-age=300',
    'X-Content-Type-Options': 'nosniff',
  };
  if (o.vary.length) headers.Vary = o.vary.join(', ');
  if (o.encoding) headers['Content-Encoding'] = o.encoding;
  if (o.contentLocation) headers['Content-Location'] = o.contentLocation;
  if (o.link) headers.Link = o.link;
  if (rep.contentType.startsWith('text/html')) {
    headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
    headers['Referrer-Policy'] = 'no-referrer';
  }
  if (isNotModified(req, rep.etag, lastModified)) {
    delete headers['Content-Type'];
    delete headers['Content-Encoding'];
    return { status: 304, headers, body: Buffer.alloc(0) };
  }
  return { status: 200, headers, body: rep.body };
}

/** Writes a planned response; HEAD gets the headers of GET and no body. */
export function writePlanned(method: string, res: ServerResponse, p: Planned): void {
  const headers: Record<string, string | number> = { ...p.headers };
  if (p.status !== 304 && p.status !== 204) headers['Content-Length'] = p.body.length;
  res.writeHead(p.status, headers);
  res.end(method === 'HEAD' || p.status === 304 ? undefined : p.body);
}
