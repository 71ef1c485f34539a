// Comparing two servers' answers to one request: RDF by isomorphism, SPARQL results as bags of
// solutions (blank node labels aside), anything else by its bytes.
import jsonld from 'jsonld';
import * as rdflib from 'rdflib';
import type { Quad } from '@rdfjs/types';
import { parseRdf, sameGraph } from './rdf.js';

export interface Answer {
  status: number;
  type: string;
  body: string;
  headers: Headers;
}

export async function answer(base: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(new URL(path, base), { redirect: 'manual', ...init });
  return {
    status: res.status,
    type: (res.headers.get('content-type') ?? '').split(';')[0]!.trim(),
    body: await res.text(),
    headers: res.headers,
  };
}

export async function toQuads(
  body: string,
  type: string,
  baseIRI: string,
  loadContext?: (url: string) => Promise<unknown>,
): Promise<Quad[]> {
  switch (type) {
    case 'text/turtle':
      return parseRdf(body, 'Turtle', baseIRI);
    case 'application/n-triples':
      return parseRdf(body, 'N-Triples');
    case 'application/n-quads':
      return parseRdf(body, 'N-Quads');
    case 'application/trig':
      return parseRdf(body, 'TriG', baseIRI);
    case 'application/ld+json': {
      const documentLoader = async (url: string) => {
        if (!loadContext) throw new Error(`no loader for the remote context ${url}`);
        return { contextUrl: undefined, documentUrl: url, document: await loadContext(url) };
      };
      const nquads = (await jsonld.toRDF(JSON.parse(body), {
        format: 'application/n-quads',
        base: baseIRI,
        documentLoader,
      } as never)) as unknown as string;
      return parseRdf(nquads, 'N-Quads');
    }
    case 'application/rdf+xml': {
      const g = rdflib.graph();
      rdflib.parse(body, g, baseIRI, 'application/rdf+xml');
      return parseRdf(rdflib.serialize(null, g, baseIRI, 'application/n-triples') ?? '', 'N-Triples');
    }
    default:
      throw new Error(`not an RDF type: ${type}`);
  }
}

type Binding = Record<string, { type: string; value: string; datatype?: string; 'xml:lang'?: string }>;

/** A solution as text, with blank nodes reduced to "_" (their labels are the store's own). */
function solutionKey(b: Binding): string {
  return JSON.stringify(
    Object.keys(b)
      .sort()
      .map((k) => {
        const t = b[k]!;
        return [k, t.type === 'bnode' ? '_' : t.value, t.datatype ?? '', t['xml:lang']?.toLowerCase() ?? ''];
      }),
  );
}

export function solutions(body: string): string[] | boolean {
  const json = JSON.parse(body) as { boolean?: boolean; results?: { bindings: Binding[] } };
  if (typeof json.boolean === 'boolean') return json.boolean;
  return json.results!.bindings.map(solutionKey);
}

/** What the two answers have to agree on; throws with the difference otherwise. */
export interface SameOptions {
  /** SELECT results whose order counts (ORDER BY). */
  ordered?: boolean;
  /** Strings (each server's own) replaced by one placeholder before comparing. */
  masks?: [string[], string[]];
  /** Where a JSON-LD @context named by URL is read from. */
  loadContext?: (url: string) => Promise<unknown>;
}

export async function expectSameAnswer(
  a: Answer,
  b: Answer,
  baseIRI: string,
  { ordered = false, masks, loadContext }: SameOptions = {},
): Promise<void> {
  // Each server's own build time (in VoID, dumps, pages) is not the store's doing: masked out.
  if (masks) {
    const mask = (text: string, values: string[]) => values.reduce((t, v) => t.split(v).join('<built>'), text);
    a = { ...a, body: mask(a.body, masks[0]) };
    b = { ...b, body: mask(b.body, masks[1]) };
  }
  const fail = (what: string) => {
    throw new Error(`${what}\n--- embedded:\n${a.body.slice(0, 1500)}\n--- remote:\n${b.body.slice(0, 1500)}`);
  };
  if (a.status !== b.status) fail(`status ${a.status} vs ${b.status}`);
  if (a.type !== b.type) fail(`content type ${a.type} vs ${b.type}`);
  if (a.headers.get('location') !== b.headers.get('location'))
    fail(`Location ${a.headers.get('location')} vs ${b.headers.get('location')}`);
  if (a.status >= 300) return;
  if (a.type === 'application/sparql-results+json') {
    const [x, y] = [solutions(a.body), solutions(b.body)];
    const norm = (s: string[] | boolean) => (typeof s === 'boolean' || ordered ? s : [...s].sort());
    if (JSON.stringify(norm(x)) !== JSON.stringify(norm(y))) fail('different solutions');
    return;
  }
  if (a.type === 'text/csv' || a.type === 'text/tab-separated-values') {
    const lines = (s: string) => {
      const [head, ...rows] = s.trim().split(/\r?\n/);
      return [head, ...rows.sort()];
    };
    if (JSON.stringify(lines(a.body)) !== JSON.stringify(lines(b.body))) fail('different rows');
    return;
  }
  if (
    [
      'text/turtle',
      'application/n-triples',
      'application/n-quads',
      'application/trig',
      'application/ld+json',
      'application/rdf+xml',
    ].includes(a.type)
  ) {
    if (!sameGraph(await toQuads(a.body, a.type, baseIRI, loadContext), await toQuads(b.body, b.type, baseIRI, loadContext)))
      fail('graphs are not isomorphic');
    return;
  }
  if (a.type === 'application/json') {
    if (JSON.stringify(JSON.parse(a.body)) !== JSON.stringify(JSON.parse(b.body))) fail('different JSON');
    return;
  }
  if (a.body !== b.body) fail('different bodies');
}
