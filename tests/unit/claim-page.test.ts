// A claim's page (views/claim-page.ts) and the quote in its sentence (views/quote-context.ts).
import { describe, expect, it } from 'vitest';
import { MintedIndex } from '../../src/graph/minted.js';
import { minter } from '../../src/rdf/namespaces.js';
import { en, int, iri, quad, str, blankNode } from '../../src/rdf/terms.js';
import { parseSource } from '../../src/graph/source.js';
import { claimPage } from '../../src/views/claim-page.js';
import { links } from '../../src/views/links.js';
import { quoteInContext } from '../../src/views/quote-context.js';

const text = 'Infobox\n- Conflict: a war\n\nThe fort <b>fell</b> at dawn. Then 𝔸 the town burned. The end.\n';
const source = parseSource(text);
const at = (s: string) => source.find(s)[0]!;

describe('quoteInContext', () => {
  it('gives the sentence around a quote, split at the quote, in code points', () => {
    const start = at('the town');
    const c = quoteInContext(source, start, start + 'the town'.length);
    expect(c).toMatchObject({ before: 'Then 𝔸 ', quote: 'the town', after: ' burned.' });
    expect(source.slice(c.start, c.end)).toBe('Then 𝔸 the town burned.');
  });

  it('spans every sentence a quote runs over', () => {
    const start = at('at dawn');
    const end = at('Then') + 'Then'.length;
    const c = quoteInContext(source, start, end);
    expect(c.before).toBe('The fort <b>fell</b> ');
    expect(c.quote).toBe('at dawn. Then');
    expect(c.after).toBe(' 𝔸 the town burned.');
  });
});

describe('claimPage', () => {
  it('marks the quote in its sentence, every part of the source escaped', () => {
    const m = minter('http://example.org/');
    const claim = iri(`${m.base}claim/fell`);
    const prov = iri(`${m.base}graph/provenance`);
    const sel = blankNode('s');
    const start = at('<b>fell</b>');
    const quads = [
      quad(iri(`${m.base}resource/Fort`), iri('http://www.w3.org/2000/01/rdf-schema#label'), en('Fort'), claim),
      quad(claim, iri('http://www.w3.org/ns/oa#hasSelector'), sel, prov),
      quad(sel, iri('http://www.w3.org/ns/oa#exact'), str('<b>fell</b>'), prov),
      quad(sel, iri('http://www.w3.org/ns/oa#start'), int(start), prov),
      quad(sel, iri('http://www.w3.org/ns/oa#end'), int(start + 11), prov),
    ];
    const description = new MintedIndex(quads, m).describe('claim/fell');
    const page = claimPage({
      description,
      minter: m,
      links: links(m, quads),
      source,
      alternates: [],
      canonical: `${m.base}page/claim/fell`,
    }).toString();
    expect(page).toContain('The fort <mark>&lt;b&gt;fell&lt;/b&gt;</mark> at dawn.');
    expect(page).not.toContain('<b>');
    expect(page).toContain('href="/page/Fort"');
  });
});
