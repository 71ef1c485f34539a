// Quantities in place of their IRIs on the pages: the number, what it counts, and whom it is according to.
import { describe, expect, it } from 'vitest';
import { minter, rdf } from '../../src/rdf/namespaces.js';
import { bool, en, int, iri, quad, str } from '../../src/rdf/terms.js';
import { quantityTexts } from '../../src/views/quantity.js';

const m = minter('http://localhost:8080/');
const Q = m.resource('Siege#q');
const of = (...props: [string, ReturnType<typeof int> | ReturnType<typeof en>][]) =>
  quantityTexts(
    [quad(iri(Q), iri(rdf('type')), iri(m.term('Quantity'))), ...props.map(([p, o]) => quad(iri(Q), iri(m.term(p)), o))],
    m,
  ).get(Q);

describe('quantity text', () => {
  it('an exact count, with what it counts and whom it is according to', () => {
    expect(of(['value', int(8500)], ['unit', en('Koreans killed')], ['accordingTo', en('Japanese records')])).toBe(
      '8,500 Koreans killed, according to Japanese records',
    );
  });
  it('a range', () => {
    expect(of(['minimum', int(1200)], ['maximum', int(8500)], ['unit', en('killed')])).toBe('1,200–8,500 killed');
  });
  it('"more than 50" in the article\'s words, not as its bound', () => {
    expect(
      of(['minimum', int(51)], ['unit', en('warships armed with cannon')], ['rawValue', str('more than 50 warships armed with cannon')]),
    ).toBe('more than 50 warships armed with cannon');
  });
  it('explicitly unknown', () => {
    expect(
      quantityTexts(
        [
          quad(iri(Q), iri(rdf('type')), iri(m.term('Quantity'))),
          quad(iri(Q), iri(m.term('unknown')), bool(true)),
          quad(iri(Q), iri(m.term('rawValue')), str('?')),
        ],
        m,
      ).get(Q),
    ).toBe('unknown (“?”)');
  });
  it('nothing for what is not a quantity', () => {
    expect(quantityTexts([quad(iri(Q), iri(m.term('value')), int(1))], m).size).toBe(0);
  });
});
