// Writing a precomputed representation through express (the ontology, VoID, context, source, dumps,
// landing page): the same planned response as the entity routes (validators, 304, Link,
// Content-Location, CSP for HTML), then express's res for compression and HEAD.
import compression from 'compression';
import cors from 'cors';
import type { Request, Response } from 'express';
import { RDF_FORMATS } from '../rdf/formats.js';
import type { Representation } from '../rdf/representation.js';
import { representationResponse } from './planned.js';

export interface LinkHeader {
  href: string;
  rel: string;
  type?: string;
}

export interface SendOptions {
  modified: Date;
  contentLocation?: string;
  links?: LinkHeader[];
}

/** Data routes are open to every origin, preflight included; the validators and links are readable. */
export const dataCors = cors({
  origin: '*',
  methods: ['GET', 'HEAD', 'OPTIONS'],
  allowedHeaders: ['Accept', 'Accept-Language', 'Accept-Encoding', 'If-None-Match', 'If-Modified-Since', 'Cache-Control'],
  exposedHeaders: ['ETag', 'Last-Modified', 'Link', 'Location', 'Content-Location', 'Vary'],
  maxAge: 86400,
});

export function linkHeader(links: LinkHeader[]): string {
  return links.map((l) => `<${l.href}>; rel="${l.rel}"${l.type ? `; type="${l.type}"` : ''}`).join(', ');
}

export function sendRepresentation(req: Request, res: Response, rep: Representation, options: SendOptions): void {
  const plan = representationResponse({ method: req.method, headers: req.headers }, rep, {
    modified: options.modified,
    ...(options.contentLocation ? { contentLocation: options.contentLocation } : {}),
    ...(options.links?.length ? { link: linkHeader(options.links) } : {}),
    vary: [],
  });
  res.set(plan.headers);
  if (plan.status === 304) {
    res.status(304).end();
    return;
  }
  res.status(plan.status).send(plan.body);
}

const RDF_TYPES = new Set(RDF_FORMATS.flatMap((f) => [f.mediaType, ...f.aliases]));

/** Compress what compression's table knows, and every RDF type of ours (mime-db does not mark N-Triples, N-Quads, TriG). */
export function shouldCompress(req: Request, res: Response): boolean {
  const type = String(res.getHeader('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  return RDF_TYPES.has(type) || compression.filter(req, res);
}
