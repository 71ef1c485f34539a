// A reply computed apart from writing it: every route decides status, headers and bytes, and one
// function (writeReply) writes that to node's ServerResponse. The router adds the policies that
// hold for every route (CORS, security headers, compression of replies made per request).
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import fresh from 'fresh';
import { compress, type Representation } from '../rdf/representation.js';
import { negotiateEncoding } from './negotiate.js';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Bytes made for this request (a query's answer, a search result): compressed when the client
   *  accepts it. Documents held in memory carry their own compressed forms instead. */
  compressible?: boolean;
}

export interface RequestFacts {
  method: string;
  headers: IncomingHttpHeaders;
}

export interface LinkHeader {
  href: string;
  rel: string;
  type?: string;
}

export function linkHeader(links: LinkHeader[]): string {
  return links.map((l) => `<${l.href}>; rel="${l.rel}"${l.type ? `; type="${l.type}"` : ''}`).join(', ');
}

export function plainText(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body: Buffer.from(`${message}\n`) };
}

export function redirect(status: 301 | 303, location: string, headers: Record<string, string> = {}): Reply {
  return plainText(status, `${status === 301 ? 'Moved to' : 'See'} ${location}`, { Location: location, ...headers });
}

/** JSON with <, > and & escaped, so an echoed query can never become markup if a client sniffs. */
export function jsonReply(body: unknown, headers: Record<string, string> = {}, status = 200): Reply {
  const text = JSON.stringify(body).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: Buffer.from(text),
    compressible: true,
  };
}

export function htmlReply(html: string, headers: Record<string, string> = {}): Reply {
  return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers }, body: Buffer.from(html), compressible: true };
}

/**
 * RFC 9110 §13.2.2: If-None-Match decides when present, else If-Modified-Since. The request's
 * Cache-Control is left out: "no-cache" asks caches to revalidate, which is what a conditional
 * request to the origin is (fetch() adds it to each one), so it must not turn the 304 into a 200.
 */
export function isNotModified(req: RequestFacts, etag: string, lastModified: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const { 'if-none-match': noneMatch, 'if-modified-since': modifiedSince } = req.headers;
  if (noneMatch === undefined && modifiedSince === undefined) return false;
  return fresh({ 'if-none-match': noneMatch, 'if-modified-since': modifiedSince }, { etag, 'last-modified': lastModified });
}

export interface RepresentationOptions {
  modified: Date;
  contentLocation?: string;
  link?: string;
  vary?: string[];
  /** The content coding the bytes are in, when not identity. */
  encoding?: string;
  cacheControl?: string;
}

// Formatting an HTTP date per request is measurable on the hot path; a build has one date.
const httpDates = new WeakMap<Date, string>();
function httpDate(d: Date): string {
  let s = httpDates.get(d);
  if (!s) httpDates.set(d, (s = d.toUTCString()));
  return s;
}

/** 200 with a representation's bytes and validators, or 304 when the client's copy is current. */
export function representationReply(req: RequestFacts, rep: Representation, o: RepresentationOptions): Reply {
  const lastModified = httpDate(o.modified);
  const headers: Record<string, string> = {
    'Content-Type': rep.contentType,
    ETag: rep.etag,
    'Last-Modified': lastModified,
    'Cache-Control': o.cacheControl ?? 'public, max-age=300',
  };
  if (o.vary?.length) headers.Vary = o.vary.join(', ');
  if (o.encoding) headers['Content-Encoding'] = o.encoding;
  if (o.contentLocation) headers['Content-Location'] = o.contentLocation;
  if (o.link) headers.Link = o.link;
  if (isNotModified(req, rep.etag, lastModified)) {
    delete headers['Content-Type'];
    delete headers['Content-Encoding'];
    return { status: 304, headers, body: Buffer.alloc(0) };
  }
  // A representation kept without compressed forms is compressed as it is sent.
  return { status: 200, headers, body: rep.body, compressible: !o.encoding };
}

/** Below this many bytes, compressing costs more than it saves. */
const COMPRESS_FROM = 1024;
const ENCODINGS = ['br', 'gzip'] as const;

/**
 * Writes a reply; HEAD gets the headers of GET and no body. A reply made for this request is
 * compressed (in zlib's thread pool, so the event loop keeps answering) when the client accepts it.
 */
export function writeReply(req: RequestFacts, res: ServerResponse, reply: Reply): void | Promise<void> {
  if (
    reply.compressible &&
    reply.body.length >= COMPRESS_FROM &&
    reply.status === 200 &&
    req.method !== 'HEAD' &&
    !reply.headers['Content-Encoding']
  ) {
    const encoding = negotiateEncoding(req, ENCODINGS);
    if (encoding) {
      return compress(reply.body, encoding as (typeof ENCODINGS)[number]).then((body) => {
        const vary = reply.headers.Vary ? `${reply.headers.Vary}, Accept-Encoding` : 'Accept-Encoding';
        writeRaw(req, res, { ...reply, body, headers: { ...reply.headers, 'Content-Encoding': encoding, Vary: vary } });
      });
    }
    reply.headers.Vary = reply.headers.Vary ? `${reply.headers.Vary}, Accept-Encoding` : 'Accept-Encoding';
  }
  writeRaw(req, res, reply);
}

function writeRaw(req: RequestFacts, res: ServerResponse, reply: Reply): void {
  // A client gone while its reply was made: writing to it is a no-op, never a crash.
  if (res.destroyed || res.headersSent) return;
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  if (reply.status !== 304 && reply.status !== 204) res.setHeader('Content-Length', reply.body.length);
  res.statusCode = reply.status;
  res.end(req.method === 'HEAD' || reply.status === 304 || reply.status === 204 ? undefined : reply.body);
}
