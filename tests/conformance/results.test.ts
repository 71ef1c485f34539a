// The comparison the conformance run relies on: it must tell different result sets apart.
import { describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import { compare, type ResultSet } from './results.js';

const { namedNode, blankNode, literal } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const rows = (...r: ResultSet & { kind: 'bindings' } extends { rows: infer R } ? R : never) => ({ kind: 'bindings', rows: r }) as ResultSet;

describe('result-set equivalence', () => {
  it('takes blank nodes up to renaming, consistently across rows', () => {
    const a = rows({ x: blankNode('a'), y: namedNode('urn:1') }, { x: blankNode('a'), y: namedNode('urn:2') });
    const same = rows({ x: blankNode('z'), y: namedNode('urn:2') }, { x: blankNode('z'), y: namedNode('urn:1') });
    const split = rows({ x: blankNode('p'), y: namedNode('urn:1') }, { x: blankNode('q'), y: namedNode('urn:2') });
    expect(compare(a, same).pass).toBe(true);
    expect(compare(a, split).pass).toBe(false);
  });

  it('counts duplicates, and tells values and datatypes apart', () => {
    const one = rows({ x: literal('1', namedNode(`${XSD}integer`)) });
    expect(compare(one, rows({ x: literal('1', namedNode(`${XSD}integer`)) }, { x: literal('1', namedNode(`${XSD}integer`)) })).pass).toBe(
      false,
    );
    expect(compare(one, rows({ x: literal('2', namedNode(`${XSD}integer`)) })).pass).toBe(false);
    expect(compare(one, rows({ x: literal('1') })).pass).toBe(false);
    // The same number in another lexical form is the same value.
    expect(
      compare(rows({ x: literal('1.0', namedNode(`${XSD}decimal`)) }), rows({ x: literal('1', namedNode(`${XSD}decimal`)) })).pass,
    ).toBe(true);
  });

  it('checks order only under ORDER BY', () => {
    const up = rows({ x: literal('a') }, { x: literal('b') });
    const down = rows({ x: literal('b') }, { x: literal('a') });
    expect(compare(up, down, 'SELECT ?x WHERE { ?s ?p ?x }').pass).toBe(true);
    expect(compare(up, down, 'SELECT ?x WHERE { ?s ?p ?x } ORDER BY ?x').pass).toBe(false);
  });
});
