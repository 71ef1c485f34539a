// The search index: names folded for case, diacritics and romanization, prefix and word matches,
// ranked with the exact spelling first, typed.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildGraph } from '../../src/graph/build.js';
import { iri, literal, quad, type Quad } from '../../src/rdf/terms.js';
import { romanizationKey, SearchIndex } from '../../src/graph/search-index.js';

const BASE = 'http://localhost:8080/';
const R = `${BASE}resource/`;
const bo = (t: string) => `${BASE}ontology#${t}`;
let index: SearchIndex;

beforeAll(async () => {
  const config = loadConfig({});
  const graph = await buildGraph({ base: BASE, dataDir: config.dataDir, ontologyDir: config.ontologyDir });
  index = SearchIndex.fromQuads(graph.quads, `${BASE}resource/`);
});

const top = (q: string) => index.search(q, { limit: 1 })[0];

describe('SearchIndex', () => {
  it.each(['Chŏng Pal', 'Chong Pal', 'chŏng pal', 'CHONG PAL', 'Jeong Bal', 'jeong bal', 'Joeng Bal', 'Cheong Pal', 'Jong Bal'])(
    'finds Chŏng Pal for %j',
    (q) => {
      expect(top(q)).toMatchObject({ iri: `${R}Jeong_Bal`, label: 'Chŏng Pal', types: [bo('Person')] });
    },
  );

  it.each([
    ['Won Gyun', 'Won_Gyun'],
    ['wŏn kyun', 'Won_Gyun'],
    ['Park Hong', 'Pak_Hong'],
    ['Kato Kiyomasa', 'Kato_Kiyomasa'],
    ['katou kiyomasa', 'Kato_Kiyomasa'],
    ['so yoshitoshi', 'So_Yoshitoshi'],
    ['Omura', 'Omura_Yoshiaki'],
  ])('finds the other spellings: %j → %s', (q, slug) => {
    expect(top(q)?.iri).toBe(R + slug);
  });

  it('scores an exact spelling 1 and ranks it first', () => {
    expect(top('Chŏng Pal')?.score).toBe(1);
    const busan = index.search('Busan', { limit: 5 });
    expect(busan[0]).toMatchObject({ iri: `${R}Busan`, score: 1 });
    expect(busan.slice(1).every((h) => h.score < 1)).toBe(true);
  });

  it('matches prefixes and words, best first', () => {
    const hits = index.search('Kon', { limit: 10 });
    expect(hits[0]?.iri).toBe(`${R}Konishi_Yukinaga`);
    expect(index.search('dadae', { limit: 3 }).map((h) => h.iri)).toEqual(
      expect.arrayContaining([`${R}Dadaejin`, `${R}Battle_of_Dadaejin`]),
    );
    expect(index.search('siege busanjin', { limit: 1 })[0]?.iri).toBe(`${R}Siege_of_Busanjin`);
    const scores = index.search('busan', { limit: 20 }).map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('filters by type and limits', () => {
    const places = index.search('busan', { limit: 50, types: [bo('Fortification')] });
    expect(places.map((h) => h.iri)).toEqual([`${R}Busan_Castle`]);
    expect(index.search('a', { limit: 3 }).length).toBeLessThanOrEqual(3);
  });

  it('finds nothing for nonsense or blank queries', () => {
    expect(index.search('zzzqqq')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
    expect(index.search('<script>')).toEqual([]);
  });

  it('folds romanizations to one key', () => {
    expect(romanizationKey('chong pal')).toBe(romanizationKey('jeong bal'));
    expect(romanizationKey('won kyun')).toBe(romanizationKey('won gyun'));
  });
});

describe('SearchIndex over more names than it ranks per query', () => {
  // 8,000 battles that share "battle" and "of", and a few names of their own.
  const big = (() => {
    const quads: Quad[] = [];
    const label = 'http://www.w3.org/2000/01/rdf-schema#label';
    const add = (slug: string, name: string) => quads.push(quad(iri(`${R}${slug}`), iri(label), literal(name, 'en')));
    for (let i = 0; i < 8000; i++) add(`Battle_${i}`, `Battle of Place${i} (${1400 + (i % 300)})`);
    add('Siege_of_Busanjin', 'Siege of Busanjin');
    add('Battle_of_Dadaejin', 'Battle of Dadaejin');
    return SearchIndex.fromQuads(quads, R);
  })();

  it('an exact label still comes first, with score 1', () => {
    expect(big.search('Battle of Place4321 (1521)', { limit: 1 })[0]).toMatchObject({ iri: `${R}Battle_4321`, score: 1 });
    expect(big.search('Battle of Dadaejin', { limit: 1 })[0]).toMatchObject({ iri: `${R}Battle_of_Dadaejin`, score: 1 });
  });

  it('a rare word finds its name among thousands that share the common ones', () => {
    expect(big.search('Dadaejin battle', { limit: 1 })[0]!.iri).toBe(`${R}Battle_of_Dadaejin`);
    expect(big.search('Busanjin', { limit: 1 })[0]!.iri).toBe(`${R}Siege_of_Busanjin`);
  });

  it('a word every name has gives a full page of names that start with it', () => {
    const hits = big.search('battle', { limit: 10 });
    expect(hits).toHaveLength(10);
    for (const h of hits) expect(h.score).toBeGreaterThanOrEqual(0.8);
  });
});
