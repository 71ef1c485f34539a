// RDF comparison for tests: parse any format and compare graphs by isomorphism, never by text.
import { Parser, Store } from 'n3';
import type { Quad } from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';

export function parseRdf(text: string, format: string, baseIRI?: string): Quad[] {
  return new Parser({ format, ...(baseIRI ? { baseIRI } : {}) }).parse(text) as Quad[];
}

export function sameGraph(a: Quad[], b: Quad[]): boolean {
  return isomorphic(a, b);
}

export function store(quads: Quad[]): Store {
  return new Store(quads);
}

/** A quad's triple as text, the graph left out: the same statement in two graphs has one key. */
export function tripleKey(q: Quad): string {
  return [q.subject, q.predicate, q.object]
    .map((t) => (t.termType === 'Literal' ? JSON.stringify([t.value, t.language, t.datatype.value]) : `${t.termType} ${t.value}`))
    .join(' ');
}
