// A quad-format document's default graph holds every triple of the Turtle document, once; the
// named graphs keep the provenance.
import { describe, expect, it } from 'vitest';
import { quadDocument } from '../../src/graph/descriptions.js';
import { blankNode, defaultGraph, en, iri, quad } from '../../src/rdf/terms.js';

describe('quadDocument', () => {
  it('adds each triple once to the default graph and keeps every named graph', () => {
    const s = iri('http://example.org/resource/A');
    const p = iri('http://www.w3.org/2000/01/rdf-schema#label');
    const sel = blankNode('b0');
    const quads = [
      quad(s, p, en('A'), iri('http://example.org/claim/one')),
      quad(s, p, en('A'), iri('http://example.org/claim/two')),
      quad(
        iri('http://example.org/claim/one'),
        iri('http://www.w3.org/ns/oa#hasSelector'),
        sel,
        iri('http://example.org/graph/provenance'),
      ),
    ];
    const doc = quadDocument(quads);
    const inDefault = doc.filter((q) => q.graph.equals(defaultGraph()));
    expect(inDefault).toHaveLength(2);
    expect(inDefault.some((q) => q.subject.equals(s) && q.object.equals(en('A')))).toBe(true);
    // The selector keeps its blank node label: the same node in both graphs of the document.
    expect(inDefault.some((q) => q.object.equals(sel))).toBe(true);
    expect(doc.filter((q) => !q.graph.equals(defaultGraph()))).toEqual(quads);
  });
});
