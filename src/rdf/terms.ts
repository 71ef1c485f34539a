// RDF/JS terms for the build, from n3's factory: one factory for the whole graph pipeline.
import { DataFactory } from 'n3';
import type { Quad, Quad_Graph, Quad_Object, Quad_Subject, Term } from '@rdfjs/types';
import { xsd } from './namespaces.js';

export type { Quad, Term, Quad_Object as ObjectTerm };
export const { namedNode, literal, blankNode, quad, defaultGraph } = DataFactory;

export const iri = (value: string) => namedNode(value);
export const int = (n: number) => literal(String(n), namedNode(xsd('integer')));
export const bool = (b: boolean) => literal(String(b), namedNode(xsd('boolean')));
export const date = (d: string) => literal(d, namedNode(xsd('date')));
export const en = (text: string) => literal(text, 'en');
export const str = (text: string) => literal(text);

/** Copies any RDF/JS quad (oxigraph's, rdflib's) into n3's terms; `blankLabel` gives a blank node
 *  its label here (by default, the label it has). */
export function toN3Quad(q: { subject: Term; predicate: Term; object: Term; graph: Term }, blankLabel?: (label: string) => string): Quad {
  return quad(
    toN3Term(q.subject, blankLabel) as Quad_Subject,
    toN3Term(q.predicate) as Quad['predicate'],
    toN3Term(q.object, blankLabel) as Quad_Object,
    toN3Term(q.graph, blankLabel) as Quad_Graph,
  );
}

export function toN3Term(t: Term, blankLabel: (label: string) => string = (label) => label): Term {
  switch (t.termType) {
    case 'NamedNode':
      return namedNode(t.value);
    case 'BlankNode':
      return blankNode(blankLabel(t.value));
    case 'Literal':
      return t.language ? literal(t.value, t.language) : literal(t.value, namedNode(t.datatype.value));
    case 'DefaultGraph':
      return defaultGraph();
    default:
      throw new Error(`unsupported term type ${t.termType}`);
  }
}
