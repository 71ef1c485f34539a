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
