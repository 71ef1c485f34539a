// The pages browsers get where programs get JSON or Turtle: the VoID description
// (views/void-page.ts), the dumps and search (views/listing-pages.ts).
import { describe, expect, it } from 'vitest';
import { minter } from '../../src/rdf/namespaces.js';
import { en, iri, quad } from '../../src/rdf/terms.js';
import { voidDescription } from '../../src/graph/void.js';
import { links } from '../../src/views/links.js';
import { dumpsPage, searchPage } from '../../src/views/listing-pages.js';
import { voidPage } from '../../src/views/void-page.js';

const m = minter('http://example.org/app/');
const facts = [
  quad(iri(m.resource('Busan')), iri('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), iri(m.term('Place')), iri(m.claim('busan'))),
  quad(iri(m.resource('Busan')), iri('http://www.w3.org/2000/01/rdf-schema#label'), en('Busan <city>'), iri(m.claim('busan'))),
  quad(
    iri(m.resource('Busan')),
    iri('http://www.w3.org/2002/07/owl#sameAs'),
    iri('http://www.wikidata.org/entity/Q16520'),
    iri(`${m.base}link/Busan`),
  ),
];
const l = links(m, facts);
const dump = { name: 'busanjin.nq', mediaType: 'application/n-quads', body: Buffer.from('x'.repeat(2048)), sha256: 'ab'.repeat(32) };

describe('voidPage', () => {
  it('shows the licence, the counts, the linkset and the dumps, with links under the base path', () => {
    const quads = voidDescription({ minter: m, quads: facts, dumps: [dump], builtAt: new Date(0), primaryTopic: m.resource('Busan') });
    const page = voidPage({ quads, minter: m, links: l, alternates: [] }).toString();
    expect(page).toContain('>CC BY-SA 4.0</a>');
    expect(page).toContain('<td>3</td>');
    expect(page).toMatch(/1 links by <code>owl:sameAs<\/code>/);
    expect(page).toContain('href="/app/dumps/busanjin.nq"');
    expect(page).toContain('2,048 bytes');
    expect(page).toContain('href="/app/page/Busan">Busan &lt;city&gt;</a>');
  });
});

describe('dumpsPage and searchPage', () => {
  it('lists the dumps with their sizes and checksums', () => {
    const page = dumpsPage(
      [{ name: dump.name, url: `${m.base}dumps/${dump.name}`, mediaType: dump.mediaType, bytes: 2048, sha256: dump.sha256 }],
      l,
    ).toString();
    expect(page).toContain('href="/app/dumps/busanjin.nq"');
    expect(page).toContain(dump.sha256);
    expect(page).toContain('<link rel="canonical" href="http://example.org/app/dumps/">');
  });

  it('echoes the query escaped, and links each hit to its page', () => {
    const page = searchPage('"><script>', [{ iri: m.resource('Busan'), label: 'Busan', types: [m.term('Place')], score: 1 }], l).toString();
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(page).not.toContain('<script>');
    expect(page).toContain('href="/app/page/Busan">Busan</a>');
    expect(searchPage(undefined, [], l).toString()).not.toContain('Nothing found');
    expect(searchPage('zzz', [], l).toString()).toContain('Nothing found for “zzz”');
  });
});
